import type { PositionRecord, StatusRecord } from '../vocabulary.js';

/** One stored record: what the device sent, and when the server received it. */
export interface StoredRecord {
  kind: 'position' | 'status';
  received: number; // ms since epoch, server clock
  record: PositionRecord | StatusRecord;
  /** Store-wide sequence number: recovery uses it to tell what a history file already holds. */
  seq?: number;
}

/** A record on its way to a history file: its JSON text (the same bytes the log got) and keys. */
export interface BufferedRecord {
  seq: number;
  received: number;
  text: string;
}

export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const fileKey = (sourceId: number, day: string) => `${sourceId}/${day}`;

/** JSON turns `record.time` into a string; readers get a Date back. */
export function revive(stored: StoredRecord): StoredRecord {
  if (stored.record.time !== undefined) stored.record.time = new Date(stored.record.time as unknown as string);
  return stored;
}
