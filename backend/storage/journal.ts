import { closeSync, fdatasyncSync, fstatSync, fsyncSync, openSync, readFileSync, ftruncateSync, writeSync } from 'node:fs';
import { fdatasync, write } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import type { SqlParam } from './sql-database.js';

/**
 * Write-ahead journal of executed statements.
 *
 * Record layout: u32 LE payload length | u32 LE CRC-32 of the payload | payload (UTF-8 JSON
 * `{"s": seq, "q": [[sql, params], ...]}`). A record whose length runs past the end of the file
 * or whose CRC does not match is a torn tail: it was never acknowledged, so it is dropped.
 *
 * Group commit: records appended while an fdatasync is in flight wait and share the next one.
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
  bytes: Buffer;
  resolve: () => void;
  reject: (error: Error) => void;
}

type QueueItem = Pending | { switchTo: number; done: () => void };

export class JournalWriter {
  private queue: QueueItem[] = [];
  private flushing = false;
  private failure: Error | undefined;
  private idleWaiters: (() => void)[] = [];
  /** Bytes appended to the current file. */
  bytesInFile = 0;

  constructor(private fd: number) {
    // A reopened journal keeps counting from its size, so restarts do not postpone the snapshot.
    this.bytesInFile = fstatSync(fd).size;
  }

  static openAppend(path: string): JournalWriter {
    return new JournalWriter(openSync(path, 'a'));
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  append(record: JournalRecord): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const bytes = encodeRecord(record);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      this.kick();
    });
  }

  /**
   * Records appended after this call go to `path`; the current file is flushed and closed first.
   * Resolves once the old file is closed.
   */
  switchTo(path: string): Promise<void> {
    const fd = openSync(path, 'a');
    // The new file's directory entry must be durable before any record in it is acknowledged.
    fsyncDir(dirname(path));
    return new Promise<void>((done) => {
      this.queue.push({ switchTo: fd, done });
      this.kick();
    });
  }

  /** Resolves when everything appended so far is on disk. */
  idle(): Promise<void> {
    if (!this.flushing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = true;
    void this.flushLoop();
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if ('switchTo' in head) {
        this.queue.shift();
        try {
          fdatasyncSync(this.fd);
        } catch (error) {
          this.failure ??= error as Error;
        }
        try {
          closeSync(this.fd);
        } catch {
          // the old file is done with either way
        }
        this.fd = head.switchTo;
        this.bytesInFile = 0;
        head.done();
        continue;
      }
      const batch: Pending[] = [];
      while (this.queue.length > 0 && !('switchTo' in this.queue[0]!)) batch.push(this.queue.shift() as Pending);
      const bytes = batch.length === 1 ? batch[0]!.bytes : Buffer.concat(batch.map((p) => p.bytes));
      try {
        if (this.failure) throw this.failure;
        let written = 0;
        while (written < bytes.length) {
          const { bytesWritten } = await writeAsync(this.fd, bytes, written, bytes.length - written);
          written += bytesWritten;
        }
        await fdatasyncAsync(this.fd);
        this.bytesInFile += bytes.length;
        for (const p of batch) p.resolve();
      } catch (error) {
        // After a failed write the in-memory database is ahead of the disk: refuse every later write.
        this.failure ??= error as Error;
        for (const p of batch) p.reject(this.failure);
      }
    }
    this.flushing = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Synchronous append used only during start-up, before anything is served. */
  appendSync(record: JournalRecord): void {
    const bytes = encodeRecord(record);
    writeSync(this.fd, bytes);
    fdatasyncSync(this.fd);
    this.bytesInFile += bytes.length;
  }

  async close(): Promise<void> {
    await this.idle();
    closeSync(this.fd);
  }
}
