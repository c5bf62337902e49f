import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeBlockAt } from './blocks.js';
import type { IndexEntry } from './day-index.js';
import { closeAsync, openAsync, readAt } from './fs-async.js';
import type { DiskState, HistoryFile, HistoryFiles } from './history-files.js';
import { dayOf, fileKey, revive, type BufferedRecord, type StoredRecord } from './types.js';

const INDEX_CACHE_FILES = 16;

/** What the reader needs of the store. */
export interface ReaderHost {
  readonly root: string;
  readonly history: HistoryFiles;
  readonly files: ReadonlyMap<string, HistoryFile>;
  /** The file's state, created when unknown. */
  file(sourceId: number, day: string): HistoryFile;
  /** Its disk state, loaded (and its index repaired) once. */
  loadDisk(file: HistoryFile): Promise<DiskState>;
}

/**
 * Reads of the history: never waits for the writer. A day's index picks the blocks a page needs;
 * acknowledged records not written yet come from memory. The index entries of the last few files
 * read are cached, so paging through a day reads only the new entries.
 */
export class HistoryReader {
  private readonly indexCache = new Map<string, IndexEntry[]>();

  constructor(private readonly host: ReaderHost) {}

  /** Records of a source received in [from, to] (ms), oldest first, at most `limit`. */
  async read(sourceId: number, from: number, to: number, limit: number): Promise<StoredRecord[]> {
    const result: StoredRecord[] = [];
    if (limit <= 0 || to < from) return result;
    const firstDay = dayOf(from);
    const lastDay = dayOf(to);
    const days = new Set<string>();
    try {
      for (const name of await readdir(join(this.host.root, String(sourceId)))) if (name.endsWith('.log')) days.add(name.slice(0, 10));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const file of this.host.files.values()) if (file.sourceId === sourceId && (file.pending.length || file.writing)) days.add(file.day);
    for (const day of [...days].filter((d) => d >= firstDay && d <= lastDay).sort()) {
      const known = this.host.files.get(fileKey(sourceId, day));
      // Memory first, then the file: whatever a write moves from one to the other meanwhile is in
      // the file view, and the sequence numbers drop it from the memory view.
      const memory = known ? [...(known.writing ?? []), ...known.pending] : [];
      const entries = await this.entries(sourceId, day);
      await readDay(this.host.history.paths(sourceId, day).log, entries, memory, from, to, limit, result);
      if (result.length >= limit) break;
    }
    return result;
  }

  /** A day file's index entries as of now. */
  private async entries(sourceId: number, day: string): Promise<IndexEntry[]> {
    const key = fileKey(sourceId, day);
    let disk: DiskState;
    try {
      const file = this.host.file(sourceId, day);
      disk = file.disk ?? (file.disk = await this.host.loadDisk(file));
    } catch {
      // Cannot be opened for writing (a read-only disk...): a read-only view, rebuilt in memory.
      return (await this.host.history.inspect(sourceId, day)).entries;
    }
    const { idxCount, good } = disk;
    let cached = this.indexCache.get(key) ?? [];
    this.indexCache.delete(key);
    if (cached.length > idxCount) cached = cached.slice(0, idxCount);
    if (cached.length < idxCount) {
      const last = cached.at(-1);
      const more = await this.host.history.readEntries(sourceId, day, cached.length, idxCount, last ? last.offset + last.length : 0, good);
      if (!more) return (await this.host.history.inspect(sourceId, day)).entries;
      cached = cached.concat(more);
    }
    this.indexCache.set(key, cached);
    if (this.indexCache.size > INDEX_CACHE_FILES) this.indexCache.delete(this.indexCache.keys().next().value!);
    return cached;
  }

  forget(sourceId: number): void {
    for (const key of [...this.indexCache.keys()]) if (key.startsWith(`${sourceId}/`)) this.indexCache.delete(key);
  }
}

/** Blocks are read in runs of adjacent blocks of about this many bytes. */
const READ_CHUNK = 1024 * 1024;

/**
 * Appends to `out` the records of one day received in [from, to], oldest first, until `out` holds
 * `limit`: first those in the history file (only the blocks whose index entry overlaps the range),
 * then the acknowledged ones still in memory that the file did not hold yet (by sequence number).
 */
async function readDay(
  logPath: string,
  entries: readonly IndexEntry[],
  memory: readonly BufferedRecord[],
  from: number,
  to: number,
  limit: number,
  out: StoredRecord[],
): Promise<void> {
  const wanted = entries.filter((e) => e.maxReceived >= from && e.minReceived <= to && e.count > 0);
  if (wanted.length) {
    let fd: number | undefined;
    try {
      fd = await openAsync(logPath, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (fd !== undefined) {
      try {
        await readBlocks(fd, wanted, from, to, limit, out);
      } finally {
        await closeAsync(fd).catch(() => undefined);
      }
    }
  }
  const held = entries.at(-1)?.lastSeq ?? 0;
  for (const r of memory) {
    if (out.length >= limit) return;
    if (r.seq <= held || r.received < from || r.received > to) continue;
    out.push(revive(JSON.parse(r.text) as StoredRecord));
  }
}

async function readBlocks(fd: number, wanted: readonly IndexEntry[], from: number, to: number, limit: number, out: StoredRecord[]): Promise<void> {
  for (let i = 0; i < wanted.length && out.length < limit;) {
    // A run of blocks that follow each other in the file, up to about READ_CHUNK bytes.
    const start = wanted[i]!.offset;
    let j = i;
    let end = start + wanted[i]!.length;
    while (j + 1 < wanted.length && wanted[j + 1]!.offset === end && end - start < READ_CHUNK) {
      j += 1;
      end += wanted[j]!.length;
    }
    const data = await readAt(fd, start, end - start);
    for (let k = i; k <= j && out.length < limit; k++) {
      const entry = wanted[k]!;
      // A block that does not check out is skipped; the ones after it are still read.
      const block = decodeBlockAt<StoredRecord>(data, entry.offset - start);
      if (!block) continue;
      for (const stored of block.items) {
        if (stored.received < from || stored.received > to) continue;
        out.push(revive(stored));
        if (out.length >= limit) return;
      }
    }
    i = j + 1;
  }
}
