import { closeSync, existsSync, fdatasync, fsync, fsyncSync, ftruncateSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, write, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { PositionRecord, StatusRecord } from './vocabulary.js';

const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);
const fsyncAsync = promisify(fsync);
const HEADER = 8;

/** One stored record: what the device sent, and when the server received it. */
export interface StoredRecord {
  kind: 'position' | 'status';
  received: number; // ms since epoch, server clock
  record: PositionRecord | StatusRecord;
  /** Store-wide sequence number: recovery uses it to tell what a history file already holds. */
  seq?: number;
}

interface WalEntry {
  sourceId: number;
  stored: StoredRecord;
}

interface Pending extends WalEntry {
  resolve: () => void;
  reject: (error: Error) => void;
}

function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

/**
 * A block: many records' JSON texts as one JSON array, deflated (the texts repeat the same keys,
 * so a block shrinks about five to eight times: less to write and to fdatasync per record).
 */
function block(jsonTexts: string[]): Buffer {
  return frame(deflateRawSync(Buffer.from(`[${jsonTexts.join(',')}]`, 'utf8'), { level: 1 }));
}

/** The items of every whole, valid block of a file, and where the first torn block starts. */
function scanBlocks<T>(data: Buffer): { items: T[]; validBytes: number } {
  const items: T[] = [];
  let offset = 0;
  while (offset + HEADER <= data.length) {
    const length = data.readUInt32LE(offset);
    const end = offset + HEADER + length;
    if (end > data.length) break;
    const payload = data.subarray(offset + HEADER, end);
    if (crc32(payload) !== data.readUInt32LE(offset + 4)) break;
    let parsed: T[];
    try {
      parsed = JSON.parse(inflateRawSync(payload).toString('utf8')) as T[];
    } catch {
      break;
    }
    items.push(...parsed);
    offset = end;
  }
  return { items, validBytes: offset };
}

/** Write-ahead entries: blocks of `[source id, record]` pairs. */
function scanWal(data: Buffer): WalEntry[] {
  return scanBlocks<[number, StoredRecord]>(data).items.map(([sourceId, stored]) => ({ sourceId, stored }));
}

function revive(stored: StoredRecord): StoredRecord {
  if (stored.record.time !== undefined) stored.record.time = new Date(stored.record.time as unknown as string);
  return stored;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const WAL_PATTERN = /^wal-(\d{12})\.log$/;
const walName = (n: number) => `wal-${String(n).padStart(12, '0')}.log`;

/** Buffered history bytes that trigger a write to the history files, and the longest they wait, ms. */
const HISTORY_BUFFER_BYTES = 4 * 1024 * 1024;
const HISTORY_FLUSH_MS = 2000;
const HISTORY_WRITERS = 2;


/** Start a new write-ahead segment (and checkpoint the old one) past this size, bytes. */
const CHECKPOINT_AFTER_BYTES = 64 * 1024 * 1024;

/**
 * A tracker's history ("tracking table"), kept outside the in-memory database in append-only files
 * `tracking/<source id>/<UTC day>.log`: blocks of u32 length | u32 CRC-32 | deflated JSON array of records.
 *
 * Durability before ACK without one fsync per device: appends of all devices go, in batches, to one
 * write-ahead log (`tracking/wal-*.log`), one write + one fdatasync per batch; `append` resolves
 * then, and the gateway ACKs. The records are then written to their history files without a sync.
 * A checkpoint (when the log passes 64 MiB, and on close) fsyncs the history files written since the
 * last one, records the last sequence number, and deletes the old log. After a crash, the logs still
 * present are replayed into the history files, skipping records a file already holds (by `seq`).
 * A torn tail (crash mid-write) was never acknowledged and is cut off.
 */
export class TrackingStore {
  private queue: Pending[] = [];
  private flushing = false;
  private idleWaiters: (() => void)[] = [];
  private readonly fds = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private static readonly MAX_OPEN_FILES = 1024;
  private seq = 0;
  private readonly historyBuffers = new Map<string, { sourceId: number; day: string; texts: string[] }>();
  private historyBytes = 0;
  private historyTimer: NodeJS.Timeout | undefined;
  private historyWriting: Promise<void> = Promise.resolve();
  private walNumber = 0;
  private walFd = -1;
  private walBytes = 0;

  constructor(private readonly root: string) {
    mkdirSync(root, { recursive: true });
    this.recover();
  }

  private dir(sourceId: number): string {
    return join(this.root, String(sourceId));
  }

  private seqFile(): string {
    return join(this.root, 'checkpoint.json');
  }

  /** Replays write-ahead logs left by a crash into the history files, then starts a fresh log. */
  private recover(): void {
    const saved = existsSync(this.seqFile()) ? (JSON.parse(readFileSync(this.seqFile(), 'utf8')) as { seq: number }).seq : 0;
    this.seq = saved;
    const wals = readdirSync(this.root).filter((n) => WAL_PATTERN.test(n)).sort();
    const byFile = new Map<string, { sourceId: number; day: string; records: StoredRecord[] }>();
    for (const name of wals) {
      for (const { sourceId, stored } of scanWal(readFileSync(join(this.root, name)))) {
        this.seq = Math.max(this.seq, stored.seq ?? 0);
        const key = `${sourceId}/${dayOf(stored.received)}`;
        let entry = byFile.get(key);
        if (!entry) byFile.set(key, (entry = { sourceId, day: dayOf(stored.received), records: [] }));
        entry.records.push(stored);
      }
    }
    for (const { sourceId, day, records } of byFile.values()) {
      const fd = this.fd(sourceId, day);
      const path = join(this.dir(sourceId), `${day}.log`);
      const held = scanBlocks<StoredRecord>(readFileSync(path)).items.reduce((max, r) => Math.max(max, r.seq ?? 0), 0);
      const missing = records.filter((r) => (r.seq ?? 0) > held);
      if (missing.length) {
        const bytes = block(missing.map((r) => JSON.stringify(r)));
        let written = 0;
        while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      }
      fsyncSync(fd);
    }
    this.saveCheckpoint();
    for (const name of wals) unlinkSync(join(this.root, name));
    this.walNumber = wals.length ? Number(WAL_PATTERN.exec(wals[wals.length - 1]!)![1]) + 1 : 1;
    this.walFd = openSync(join(this.root, walName(this.walNumber)), 'a');
    this.walBytes = 0;
  }

  /** Records the last sequence number: temp file, fsync, rename, fsync the folder. */
  private saveCheckpoint(): void {
    const tmp = `${this.seqFile()}.tmp`;
    writeFileSync(tmp, JSON.stringify({ seq: this.seq }));
    const fd = openSync(tmp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.seqFile());
    const dirFd = openSync(this.root, 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
  }

  append(sourceId: number, stored: StoredRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ sourceId, stored: { ...stored, seq: ++this.seq }, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private fd(sourceId: number, day: string): number {
    const key = `${sourceId}/${day}`;
    let fd = this.fds.get(key);
    if (fd !== undefined) {
      this.fds.delete(key); // keep LRU order
      this.fds.set(key, fd);
      return fd;
    }
    mkdirSync(this.dir(sourceId), { recursive: true });
    const path = join(this.dir(sourceId), `${day}.log`);
    fd = openSync(path, 'a+');
    const size = fstatSync(fd).size;
    if (size > 0) {
      const { validBytes } = scanBlocks(readFileSync(path));
      if (validBytes < size) ftruncateSync(fd, validBytes);
    }
    this.fds.set(key, fd);
    if (this.fds.size > TrackingStore.MAX_OPEN_FILES) {
      const [oldestKey, oldestFd] = this.fds.entries().next().value as [string, number];
      // A file leaving the cache is synced first: the checkpoint can no longer reach it by fd.
      if (this.dirty.delete(oldestKey)) fsyncSync(oldestFd);
      this.fds.delete(oldestKey);
      closeSync(oldestFd);
    }
    return fd;
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      // Each record is serialised once: the same JSON goes to the log and to its history file.
      const texts = batch.map((p) => JSON.stringify(p.stored));
      try {
        // 1. The write-ahead log: one write, one fdatasync for the whole batch. Then ACK.
        const wal = block(batch.map((p, i) => `[${p.sourceId},${texts[i]}]`));
        let written = 0;
        while (written < wal.length) written += (await writeAsync(this.walFd, wal, written, wal.length - written)).bytesWritten;
        await fdatasyncAsync(this.walFd);
        this.walBytes += wal.length;
      } catch (error) {
        for (const p of batch) p.reject(error as Error);
        continue;
      }
      for (const p of batch) p.resolve();
      // 2. The history files get the records later, in larger writes and without a sync: the log
      //    covers them until the next checkpoint.
      batch.forEach((p, i) => {
        const day = dayOf(p.stored.received);
        const key = `${p.sourceId}/${day}`;
        let buffered = this.historyBuffers.get(key);
        if (!buffered) this.historyBuffers.set(key, (buffered = { sourceId: p.sourceId, day, texts: [] }));
        buffered.texts.push(texts[i]!);
        this.historyBytes += texts[i]!.length;
      });
      if (this.historyBytes >= HISTORY_BUFFER_BYTES) void this.writeHistory();
      else this.historyTimer ??= setTimeout(() => void this.writeHistory(), HISTORY_FLUSH_MS);
      if (this.walBytes >= CHECKPOINT_AFTER_BYTES) await this.checkpoint();
    }
    this.flushing = false;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Writes the buffered records to their history files (one write per file), one run at a time. */
  private writeHistory(): Promise<void> {
    if (this.historyTimer) clearTimeout(this.historyTimer);
    this.historyTimer = undefined;
    const buffers = [...this.historyBuffers.values()];
    this.historyBuffers.clear();
    this.historyBytes = 0;
    // At most HISTORY_WRITERS writes at a time: libuv has 4 threads, and the write-ahead log's
    // fdatasync (the ACK path) must not queue behind a thousand history writes.
    this.historyWriting = this.historyWriting.then(async () => {
      let next = 0;
      const worker = async () => {
        while (next < buffers.length) {
          const { sourceId, day, texts } = buffers[next++]!;
          const fd = this.fd(sourceId, day);
          const bytes = block(texts);
          let written = 0;
          while (written < bytes.length) written += (await writeAsync(fd, bytes, written, bytes.length - written)).bytesWritten;
          this.dirty.add(`${sourceId}/${day}`);
        }
      };
      await Promise.all(Array.from({ length: HISTORY_WRITERS }, worker));
    });
    return this.historyWriting;
  }

  /** Syncs the history files written since the last checkpoint and starts a new write-ahead log. */
  private async checkpoint(): Promise<void> {
    await this.writeHistory();
    const dirty = [...this.dirty];
    this.dirty.clear();
    let next = 0;
    const syncer = async () => {
      while (next < dirty.length) {
        const fd = this.fds.get(dirty[next++]!);
        if (fd !== undefined) await fsyncAsync(fd);
      }
    };
    await Promise.all(Array.from({ length: HISTORY_WRITERS }, syncer));
    const oldWal = join(this.root, walName(this.walNumber));
    closeSync(this.walFd);
    this.walNumber += 1;
    this.walFd = openSync(join(this.root, walName(this.walNumber)), 'a');
    this.walBytes = 0;
    this.saveCheckpoint();
    unlinkSync(oldWal);
  }

  /** Resolves when every append so far is in its history file too. */
  async drain(): Promise<void> {
    if (this.flushing || this.queue.length > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.writeHistory();
  }

  /** Records of a source received in [from, to] (ms), oldest first, at most `limit`. */
  async read(sourceId: number, from: number, to: number, limit: number): Promise<StoredRecord[]> {
    // Acknowledged records may still be on their way from the write-ahead log to the history file.
    await this.drain();
    const dir = this.dir(sourceId);
    if (!existsSync(dir)) return [];
    const days = readdirSync(dir)
      .filter((name) => name.endsWith('.log'))
      .map((name) => name.slice(0, 10))
      .filter((day) => day >= dayOf(from) && day <= dayOf(to))
      .sort();
    const result: StoredRecord[] = [];
    for (const day of days) {
      for (const stored of scanBlocks<StoredRecord>(readFileSync(join(dir, `${day}.log`))).items) {
        if (stored.received < from || stored.received > to) continue;
        result.push(revive(stored));
        if (result.length >= limit) return result;
      }
    }
    return result;
  }

  /** Closes open files of a source (before its folder is moved aside), syncing them first. */
  async release(sourceId: number): Promise<void> {
    await this.drain();
    for (const [key, fd] of [...this.fds]) {
      if (key.startsWith(`${sourceId}/`)) {
        if (this.dirty.delete(key)) fsyncSync(fd);
        closeSync(fd);
        this.fds.delete(key);
      }
    }
  }

  async close(): Promise<void> {
    await this.drain();
    if (this.historyTimer) clearTimeout(this.historyTimer);
    await this.checkpoint();
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    closeSync(this.walFd);
  }
}
