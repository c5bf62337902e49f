import type { StoredRecord } from './tracking/types.js';

/**
 * Where the gateway keeps device history: the tracking files of the data folder (TrackingStore,
 * embedded engine) or the partitioned `device_history` table (PgHistoryStore, `serve --database
 * postgres://...`). `append` resolves only once the record is durable; the gateway ACKs then.
 */
export interface HistoryStore {
  append(sourceId: number, stored: StoredRecord): Promise<void>;
  /** Records of a source received in [from, to] (ms), oldest first, at most `limit`. */
  read(sourceId: number, from: number, to: number, limit: number): Promise<StoredRecord[]>;
  /** Settles what was appended for the source (before its history is moved aside). */
  release(sourceId: number): Promise<void>;
  close(): Promise<void>;
}
