import { crc32 } from 'node:zlib';
import { decodeBlockAt } from './blocks.js';
import type { StoredRecord } from './types.js';

/**
 * The sidecar index of a history file `<day>.log`: `<day>.idx`, one fixed-size entry per block, in
 * file order. A read finds the blocks it needs here instead of inflating the whole day. The index
 * is derived data: an entry is trusted only if its CRC holds and it starts where the previous one
 * ended, and whatever it lacks is rebuilt from the log.
 *
 * Entry (48 bytes, LE): f64 offset | u32 block length (with header) | u32 record count |
 * f64 least received | f64 greatest received | f64 last seq | u32 CRC-32 of bytes 0..40 | u32 0
 */
export const ENTRY_BYTES = 48;

export interface IndexEntry {
  offset: number;
  length: number;
  count: number;
  minReceived: number;
  maxReceived: number;
  lastSeq: number;
}

export function encodeEntries(entries: readonly IndexEntry[]): Buffer {
  const buffer = Buffer.alloc(entries.length * ENTRY_BYTES);
  entries.forEach((e, i) => {
    const at = i * ENTRY_BYTES;
    buffer.writeDoubleLE(e.offset, at);
    buffer.writeUInt32LE(e.length, at + 8);
    buffer.writeUInt32LE(e.count, at + 12);
    buffer.writeDoubleLE(e.minReceived, at + 16);
    buffer.writeDoubleLE(e.maxReceived, at + 24);
    buffer.writeDoubleLE(e.lastSeq, at + 32);
    buffer.writeUInt32LE(crc32(buffer.subarray(at, at + 40)), at + 40);
  });
  return buffer;
}

/**
 * The leading entries of an index file that are intact, contiguous from `startOffset` and end
 * within `logSize`; the first entry that is not stops the list.
 */
export function decodeEntries(data: Buffer, logSize: number, startOffset = 0): IndexEntry[] {
  const entries: IndexEntry[] = [];
  let expected = startOffset;
  for (let at = 0; at + ENTRY_BYTES <= data.length; at += ENTRY_BYTES) {
    if (crc32(data.subarray(at, at + 40)) !== data.readUInt32LE(at + 40)) break;
    const entry: IndexEntry = {
      offset: data.readDoubleLE(at),
      length: data.readUInt32LE(at + 8),
      count: data.readUInt32LE(at + 12),
      minReceived: data.readDoubleLE(at + 16),
      maxReceived: data.readDoubleLE(at + 24),
      lastSeq: data.readDoubleLE(at + 32),
    };
    if (entry.offset !== expected || entry.length <= 0 || entry.offset + entry.length > logSize) break;
    entries.push(entry);
    expected = entry.offset + entry.length;
  }
  return entries;
}

/** The index entry describing a block of `records` written at `offset` with `length` bytes. */
export function entryFor(offset: number, length: number, records: readonly { received: number; seq?: number }[]): IndexEntry {
  let minReceived = Infinity;
  let maxReceived = -Infinity;
  let lastSeq = 0;
  for (const r of records) {
    if (r.received < minReceived) minReceived = r.received;
    if (r.received > maxReceived) maxReceived = r.received;
    if ((r.seq ?? 0) > lastSeq) lastSeq = r.seq ?? 0;
  }
  return { offset, length, count: records.length, minReceived, maxReceived, lastSeq };
}

/**
 * Entries for the valid blocks of `data` (log bytes from file offset `base`), in order, and where
 * the first block that is not whole and valid starts (the good length, as a file offset).
 */
export function indexBlocks(data: Buffer, base: number): { entries: IndexEntry[]; goodEnd: number } {
  const entries: IndexEntry[] = [];
  let offset = 0;
  for (;;) {
    const block = decodeBlockAt<StoredRecord>(data, offset);
    if (!block) break;
    entries.push(entryFor(base + offset, block.end - offset, block.items));
    offset = block.end;
  }
  return { entries, goodEnd: base + offset };
}
