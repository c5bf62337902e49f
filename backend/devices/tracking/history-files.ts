import { mkdir } from 'node:fs/promises';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../storage/private-files.js';
import { join } from 'node:path';
import { checkFault } from '../../storage/fault-injection.js';
import { encodeBlock } from './blocks.js';
import { decodeEntries, encodeEntries, ENTRY_BYTES, entryFor, indexBlocks, type IndexEntry } from './day-index.js';
import { closeAsync, fstatAsync, fsyncAsync, ftruncateAsync, openAsync, readAt, RW_CREATE, writeAllAt } from './fs-async.js';
import type { BufferedRecord } from './types.js';

/** What the store knows of a history file on disk: everything before `good` is whole blocks. */
export interface DiskState {
  good: number;
  /** Index entries on disk, covering exactly [0, good). */
  idxCount: number;
  lastSeq: number;
  /** A write failed after it started: bytes past `good` (or past the index count) may be torn. */
  torn: boolean;
}

/** A history file `<source>/<day>.log` and the records on their way to it. */
export interface HistoryFile {
  key: string;
  sourceId: number;
  day: string;
  /** Acknowledged, not yet written; a failed write puts its records back in front. */
  pending: BufferedRecord[];
  pendingBytes: number;
  pendingSince: number;
  /** The records of the write in flight. */
  writing: BufferedRecord[] | undefined;
  failure: { error: Error; retryAt: number } | undefined;
  disk: DiskState | undefined;
  loading: Promise<DiskState> | undefined;
}

interface Slot {
  log: number;
  idx: number;
  busy: number;
  /** Left the cache while in use: closed when the last user is done. */
  doomed?: boolean;
}

function closeSlot(slot: Slot): Promise<void> {
  return Promise.all([closeAsync(slot.log).catch(ignore), closeAsync(slot.idx).catch(ignore)]).then(ignore);
}

const ignore = () => undefined;
const isMissing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/**
 * History files on disk: a bounded cache of open descriptors (log + index per file), positional
 * writes at the known-good length, and the views reads need. Only async fs; no sync on eviction
 * (the set of files written since the last checkpoint is kept, and the checkpoint fsyncs them).
 */
export class HistoryFiles {
  private readonly slots = new Map<string, Slot>();
  private readonly opening = new Map<string, Promise<Slot>>();
  private readonly knownDirs = new Set<number>();
  /** Files written since the last checkpoint. */
  readonly dirty = new Set<string>();
  /** Folders whose entries changed (a file or folder created) since the last checkpoint. */
  readonly newDirs = new Set<string>();

  constructor(
    private readonly root: string,
    /** Descriptors held for history files at most (two per file: log and index). */
    private readonly maxOpenFiles: number,
  ) {}

  paths(sourceId: number, day: string): { log: string; idx: string } {
    const dir = join(this.root, String(sourceId));
    return { log: join(dir, `${day}.log`), idx: join(dir, `${day}.idx`) };
  }

  get openDescriptors(): number {
    return this.slots.size * 2;
  }

  private async acquire(file: HistoryFile): Promise<Slot> {
    let slot = this.slots.get(file.key);
    if (!slot) {
      let opening = this.opening.get(file.key);
      if (!opening) {
        opening = this.open(file.sourceId, file.day).finally(() => this.opening.delete(file.key));
        this.opening.set(file.key, opening);
      }
      slot = await opening;
      const raced = this.slots.get(file.key);
      if (raced && raced !== slot) {
        void closeSlot(slot);
        slot = raced;
      }
      this.slots.set(file.key, slot);
    } else {
      this.slots.delete(file.key); // LRU order
      this.slots.set(file.key, slot);
    }
    slot.busy += 1;
    return slot;
  }

  private releaseSlot(slot: Slot): void {
    slot.busy -= 1;
    if (slot.doomed && slot.busy === 0) void closeSlot(slot);
    this.trim();
  }

  /** Takes a slot out of the cache; closes it now, or when its last user is done. */
  private drop(key: string, slot: Slot): Promise<void> {
    this.slots.delete(key);
    if (slot.busy > 0) {
      slot.doomed = true;
      return Promise.resolve();
    }
    return closeSlot(slot);
  }

  private trim(): void {
    if (this.slots.size * 2 <= this.maxOpenFiles) return;
    for (const [key, slot] of this.slots) {
      if (this.slots.size * 2 <= this.maxOpenFiles) break;
      if (slot.busy > 0) continue;
      // No fsync here: the file stays in `dirty` and the next checkpoint reopens and syncs it.
      void this.drop(key, slot);
    }
  }

  private async open(sourceId: number, day: string): Promise<Slot> {
    if (!this.knownDirs.has(sourceId)) {
      const dir = join(this.root, String(sourceId));
      // Not recursive: the root exists, and a plain mkdir costs a fraction of a recursive one.
      const created = await mkdir(dir, PRIVATE_DIR_MODE).then(
        () => true,
        (error: unknown) => {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
          throw error;
        },
      );
      if (created) this.newDirs.add(this.root);
      this.knownDirs.add(sourceId);
    }
    const { log, idx } = this.paths(sourceId, day);
    const logFd = await openAsync(log, RW_CREATE, PRIVATE_FILE_MODE);
    try {
      return { log: logFd, idx: await openAsync(idx, RW_CREATE, PRIVATE_FILE_MODE), busy: 0 };
    } catch (error) {
      await closeAsync(logFd).catch(ignore);
      throw error;
    }
  }

  /**
   * The file's disk state for writing. Normally two fstats and one 48-byte read (after start-up
   * recovery every file is whole); only an index that does not end where the log does is rebuilt
   * from the log (and a torn log tail cut).
   */
  async load(file: HistoryFile): Promise<DiskState> {
    const slot = await this.acquire(file);
    try {
      const [logSize, idxSize] = await Promise.all([fstatAsync(slot.log).then((s) => s.size), fstatAsync(slot.idx).then((s) => s.size)]);
      if (logSize === 0 && idxSize === 0) {
        this.newDirs.add(join(this.root, String(file.sourceId)));
        return { good: 0, idxCount: 0, lastSeq: 0, torn: false };
      }
      if (idxSize >= ENTRY_BYTES && idxSize % ENTRY_BYTES === 0) {
        const lastAt = idxSize - ENTRY_BYTES;
        const raw = await readAt(slot.idx, lastAt, ENTRY_BYTES);
        const offset = raw.length === ENTRY_BYTES ? raw.readDoubleLE(0) : -1;
        const [last] = decodeEntries(raw, logSize, offset);
        if (last && last.offset + last.length === logSize) return { good: logSize, idxCount: idxSize / ENTRY_BYTES, lastSeq: last.lastSeq, torn: false };
      }
      const { entries, good, indexed } = await this.rebuild(slot.log, slot.idx, logSize, idxSize);
      if (good < logSize) {
        checkFault('history', 'ftruncate');
        await ftruncateAsync(slot.log, good);
      }
      const kept = Math.min(indexed, entries.length);
      checkFault('history', 'write');
      await writeAllAt(slot.idx, encodeEntries(entries.slice(kept)), kept * ENTRY_BYTES);
      await ftruncateAsync(slot.idx, entries.length * ENTRY_BYTES);
      this.dirty.add(file.key);
      return { good, idxCount: entries.length, lastSeq: entries.at(-1)?.lastSeq ?? 0, torn: false };
    } finally {
      this.releaseSlot(slot);
    }
  }

  /** The index entries of a log (the intact part of its index, then its remaining blocks scanned). */
  private async rebuild(
    logFd: number,
    idxFd: number | undefined,
    logSize: number,
    idxSize: number,
  ): Promise<{ entries: IndexEntry[]; good: number; indexed: number }> {
    const entries = idxFd === undefined || idxSize === 0 ? [] : decodeEntries(await readAt(idxFd, 0, idxSize), logSize);
    const indexed = entries.length;
    const indexedEnd = indexed ? entries.at(-1)!.offset + entries.at(-1)!.length : 0;
    if (indexedEnd === logSize) return { entries, good: logSize, indexed };
    const tail = indexBlocks(await readAt(logFd, indexedEnd, logSize - indexedEnd), indexedEnd);
    return { entries: entries.concat(tail.entries), good: tail.goodEnd, indexed };
  }

  /** Writes one block of `records` at the good length, then its index entry. Throws on failure. */
  async write(file: HistoryFile, records: BufferedRecord[]): Promise<void> {
    const disk = file.disk!;
    const slot = await this.acquire(file);
    try {
      if (disk.torn) {
        // A failed write may have left part of a block (or an index entry) past the good length.
        checkFault('history', 'ftruncate');
        await ftruncateAsync(slot.log, disk.good);
        await ftruncateAsync(slot.idx, disk.idxCount * ENTRY_BYTES);
        disk.torn = false;
      }
      const block = encodeBlock(records.map((r) => r.text));
      const entry = entryFor(disk.good, block.length, records);
      disk.torn = true;
      checkFault('history', 'write');
      await writeAllAt(slot.log, block, disk.good);
      checkFault('history', 'write index');
      await writeAllAt(slot.idx, encodeEntries([entry]), disk.idxCount * ENTRY_BYTES);
      disk.good += block.length;
      disk.idxCount += 1;
      disk.lastSeq = entry.lastSeq;
      disk.torn = false;
      this.dirty.add(file.key);
    } finally {
      this.releaseSlot(slot);
    }
  }

  /**
   * fsyncs a file's log (reopened when its descriptors were evicted). The index is not synced: it
   * is derived, and whatever of it a power loss takes is rebuilt from the (synced) log.
   */
  async sync(key: string): Promise<void> {
    const slot = this.slots.get(key);
    if (slot) {
      slot.busy += 1;
      try {
        checkFault('checkpoint', 'fsync');
        await fsyncAsync(slot.log);
      } finally {
        this.releaseSlot(slot);
      }
      return;
    }
    const [sourceId, day] = key.split('/') as [string, string];
    await this.syncPath(this.paths(Number(sourceId), day).log); // missing: moved aside with its folder
  }

  /** fsyncs a file or a folder (a folder's entries: files and folders created in it); a missing one is skipped. */
  async syncPath(path: string): Promise<void> {
    let fd: number;
    try {
      fd = await openAsync(path, 'r');
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    try {
      checkFault('checkpoint', 'fsync');
      await fsyncAsync(fd);
    } finally {
      await closeAsync(fd).catch(ignore);
    }
  }

  /** Index entries [from, to) of a file as they are on disk, or undefined when they do not chain. */
  async readEntries(sourceId: number, day: string, from: number, to: number, startOffset: number, good: number): Promise<IndexEntry[] | undefined> {
    if (to <= from) return [];
    const fd = await openAsync(this.paths(sourceId, day).idx, 'r');
    try {
      const entries = decodeEntries(await readAt(fd, from * ENTRY_BYTES, (to - from) * ENTRY_BYTES), good, startOffset);
      return entries.length === to - from ? entries : undefined;
    } finally {
      await closeAsync(fd).catch(ignore);
    }
  }

  /** A read-only view of a file nobody is writing: its index, completed from the log if short. */
  async inspect(sourceId: number, day: string): Promise<{ entries: IndexEntry[]; good: number }> {
    const { log, idx } = this.paths(sourceId, day);
    let logFd: number;
    try {
      logFd = await openAsync(log, 'r');
    } catch (error) {
      if (isMissing(error)) return { entries: [], good: 0 };
      throw error;
    }
    try {
      const logSize = (await fstatAsync(logFd)).size;
      let idxFd: number | undefined;
      try {
        idxFd = await openAsync(idx, 'r');
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      try {
        const idxSize = idxFd === undefined ? 0 : (await fstatAsync(idxFd)).size;
        const { entries, good } = await this.rebuild(logFd, idxFd, logSize, idxSize);
        return { entries, good };
      } finally {
        if (idxFd !== undefined) await closeAsync(idxFd).catch(ignore);
      }
    } finally {
      await closeAsync(logFd).catch(ignore);
    }
  }

  /** Closes the descriptors of a source's files (after they were synced). */
  async forget(sourceId: number): Promise<void> {
    const prefix = `${sourceId}/`;
    for (const [key, slot] of [...this.slots]) if (key.startsWith(prefix)) await this.drop(key, slot);
    for (const key of [...this.dirty]) if (key.startsWith(prefix)) this.dirty.delete(key);
    this.knownDirs.delete(sourceId);
  }

  async closeAll(): Promise<void> {
    for (const [key, slot] of [...this.slots]) await this.drop(key, slot);
  }
}
