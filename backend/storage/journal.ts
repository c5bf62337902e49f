import { closeSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { fdatasync, write } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { checkFault } from './fault-injection.js';
import { openPrivateSync } from './private-files.js';
import type { SqlParam } from './sql-database.js';

/**
 * Write-ahead journal of executed statements.
 *
 * Record layout: u32 LE payload length | u32 LE CRC-32 of the payload | payload (UTF-8 JSON
 * `{"s": seq, "q": [[sql, params], ...]}`). A record whose length runs past the end of the file
 * or whose CRC does not match is a torn tail: it was never acknowledged, so it is dropped.
 *
 * Group commit: records appended while an fdatasync is in flight wait and share the next one.
 *
 * A failed write or fdatasync (ENOSPC, EIO, EROFS) refuses that batch and everything queued behind
 * it, and the bytes it may have left after the last durable record (`goodBytes`) are cut off
 * before anything else is appended. Appends are refused until `recover()` succeeds.
 */
export interface JournalRecord {
  seq: number;
  statements: [string, SqlParam[]][];
}

export interface StoredRecord extends JournalRecord {
  /** Byte offset where the record starts in its file. */
  offset: number;
}

const HEADER = 8;
const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);

export function encodeRecord(record: JournalRecord): Buffer {
  const payload = Buffer.from(JSON.stringify({ s: record.seq, q: record.statements }), 'utf8');
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

/** Reads whole, valid records; `validBytes` is where the first torn or corrupt record starts. */
export function readJournal(path: string): { records: StoredRecord[]; validBytes: number; totalBytes: number } {
  const data = readFileSync(path);
  const records: StoredRecord[] = [];
  let offset = 0;
  while (offset + HEADER <= data.length) {
    const length = data.readUInt32LE(offset);
    const checksum = data.readUInt32LE(offset + 4);
    const end = offset + HEADER + length;
    if (end > data.length) break;
    const payload = data.subarray(offset + HEADER, end);
    if (crc32(payload) !== checksum) break;
    let parsed: { s: number; q: [string, SqlParam[]][] };
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      break;
    }
    records.push({ seq: parsed.s, statements: parsed.q, offset });
    offset = end;
  }
  return { records, validBytes: offset, totalBytes: data.length };
}

/** Makes a created, renamed or deleted directory entry durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function truncateFile(path: string, length: number): void {
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

interface Pending {
  seq: number;
  bytes: Buffer;
  resolve: () => void;
  reject: (error: Error) => void;
}

interface Switch {
  switchTo: number;
  path: string;
  /** true: records appended after the switch go to the new file; false: the switch was abandoned. */
  done: (switched: boolean) => void;
}

type QueueItem = Pending | Switch;

export interface JournalWriterOptions {
  /**
   * Called once per failure, synchronously, after the torn tail was (if possible) cut off and
   * before any caller's promise is rejected: a caller retrying in its rejection handler already
   * finds the store refusing writes.
   */
  onFailure?: (error: Error) => void;
  /** Sequence number of the last record already on disk (the last one replayed at start). */
  durableSeq?: number;
}

/** Writes all of `bytes` at the end of `fd` (opened for append); a short write is continued. */
function writeAllSync(fd: number, bytes: Buffer): void {
  let written = 0;
  while (written < bytes.length) {
    checkFault('journal', 'write');
    written += writeSync(fd, bytes, written, bytes.length - written);
  }
}

export class JournalWriter {
  private queue: QueueItem[] = [];
  private flushing = false;
  private failure: Error | undefined;
  /** The file may hold bytes past `goodBytes` (a failed append): they must go before the next append. */
  private tornTail = false;
  private idleWaiters: (() => void)[] = [];
  /** Where the last record whose fdatasync succeeded ends in the current file. */
  private good = 0;
  private durable = 0;
  private readonly onFailure: ((error: Error) => void) | undefined;

  constructor(
    private fd: number,
    options: JournalWriterOptions = {},
  ) {
    // A reopened journal keeps counting from its size, so restarts do not postpone the snapshot.
    // (Start-up cut any torn tail off before opening the file, so all of it is durable.)
    this.good = fstatSync(fd).size;
    this.durable = options.durableSeq ?? 0;
    this.onFailure = options.onFailure;
  }

  static openAppend(path: string, options: JournalWriterOptions = {}): JournalWriter {
    return new JournalWriter(openPrivateSync(path, 'a'), options);
  }

  /** Bytes of durable records in the current file (what the snapshot threshold looks at). */
  get bytesInFile(): number {
    return this.good;
  }

  /** Byte offset in the current file where the last durable record ends. */
  get goodBytes(): number {
    return this.good;
  }

  /** Sequence number of the last record known to be on disk. */
  get durableSeq(): number {
    return this.durable;
  }

  /** The error of the last failed append, until `recover` succeeds. */
  get failed(): Error | undefined {
    return this.failure;
  }

  append(record: JournalRecord): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const bytes = encodeRecord(record);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ seq: record.seq, bytes, resolve, reject });
      this.kick();
    });
  }

  /**
   * Records appended after this call go to `path`; the current file is closed first. Resolves
   * true once the old file is closed, or false when the switch was abandoned because an append
   * before it failed (the new file is then removed again and the current one stays in use).
   */
  switchTo(path: string): Promise<boolean> {
    const fd = openPrivateSync(path, 'a');
    try {
      // The new file's directory entry must be durable before any record in it is acknowledged.
      fsyncDir(dirname(path));
    } catch (error) {
      closeQuietly(fd);
      unlinkQuietly(path);
      throw error;
    }
    return new Promise<boolean>((done) => {
      this.queue.push({ switchTo: fd, path, done });
      this.kick();
    });
  }

  /** Resolves when everything appended so far is on disk (or was refused). */
  idle(): Promise<void> {
    if (!this.flushing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * After a failure: cuts the file back to `goodBytes` (if a failed append left bytes there) and
   * takes appends again. Throws, still failed, when the file cannot be cut.
   */
  recover(): void {
    if (this.flushing || this.queue.length > 0) throw new Error('the journal is still flushing');
    if (this.tornTail || fstatSync(this.fd).size !== this.good) this.cutTornTail();
    this.failure = undefined;
  }

  private cutTornTail(): void {
    this.tornTail = true;
    checkFault('journal', 'ftruncate');
    ftruncateSync(this.fd, this.good);
    checkFault('journal', 'fdatasync');
    fdatasyncSync(this.fd);
    this.tornTail = false;
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = true;
    // flushLoop handles its own errors; the catch only keeps a bug from becoming an unhandled rejection.
    this.flushLoop().catch(() => {});
  }

  private async flushLoop(): Promise<void> {
    try {
      await this.flushQueue();
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)), []);
    } finally {
      this.flushing = false;
    }
    // Appended after the queue ran dry but before this point (a resolved writer's continuation
    // runs first): flush those too before anyone is told the journal is idle.
    if (this.queue.length > 0) {
      this.kick();
    } else {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private async flushQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if ('switchTo' in head) {
        this.queue.shift();
        if (this.failure || this.tornTail) {
          // The old file has a failed tail that is not cut off yet: the new file must not start
          // after it (a start-up would drop every file after a torn record).
          closeQuietly(head.switchTo);
          unlinkQuietly(head.path);
          head.done(false);
          continue;
        }
        // Every record in the old file was fdatasync'd by its own batch: nothing is left to sync.
        closeQuietly(this.fd);
        this.fd = head.switchTo;
        this.good = 0;
        head.done(true);
        continue;
      }
      const batch: Pending[] = [];
      while (this.queue.length > 0 && !('switchTo' in this.queue[0]!)) batch.push(this.queue.shift() as Pending);
      const bytes = batch.length === 1 ? batch[0]!.bytes : Buffer.concat(batch.map((p) => p.bytes));
      try {
        if (this.failure) throw this.failure;
        if (this.tornTail) this.cutTornTail();
        let written = 0;
        while (written < bytes.length) {
          checkFault('journal', 'write');
          const { bytesWritten } = await writeAsync(this.fd, bytes, written, bytes.length - written);
          written += bytesWritten;
        }
        checkFault('journal', 'fdatasync');
        await fdatasyncAsync(this.fd);
        this.good += bytes.length;
        this.durable = batch[batch.length - 1]!.seq;
        for (const p of batch) p.resolve();
      } catch (error) {
        this.fail(error as Error, batch);
      }
    }
  }

  /**
   * A failed write or fdatasync: this batch and everything queued behind it are refused; the torn
   * tail is cut off now if the disk allows, else before anything else is appended (`recover`).
   */
  private fail(error: Error, batch: Pending[]): void {
    const first = !this.failure;
    this.failure ??= error;
    this.tornTail = true;
    try {
      this.cutTornTail();
    } catch {
      // still torn: `recover` (or the next batch) cuts it
    }
    const refused = [...batch];
    for (const item of this.queue.splice(0)) {
      if ('switchTo' in item) {
        closeQuietly(item.switchTo);
        unlinkQuietly(item.path);
        item.done(false);
      } else {
        refused.push(item);
      }
    }
    if (first) {
      try {
        this.onFailure?.(this.failure);
      } catch {
        // the listener's own problem; the refusals below must still be delivered
      }
    }
    for (const p of refused) p.reject(this.failure);
  }

  /**
   * Synchronous append used only during start-up, before anything is served. Writes every byte
   * (a short write is continued) and throws, with the tail cut back, when it cannot.
   */
  appendSync(record: JournalRecord): void {
    if (this.failure) throw this.failure;
    const bytes = encodeRecord(record);
    try {
      if (this.tornTail) this.cutTornTail();
      writeAllSync(this.fd, bytes);
      checkFault('journal', 'fdatasync');
      fdatasyncSync(this.fd);
    } catch (error) {
      this.tornTail = true;
      try {
        this.cutTornTail();
      } catch {
        // left for `recover`
      }
      throw error;
    }
    this.good += bytes.length;
    this.durable = record.seq;
  }

  async close(): Promise<void> {
    await this.idle();
    closeQuietly(this.fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing more to do with it either way
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone, or the disk refuses: an empty journal file is harmless (see replayJournals)
  }
}
