import { closeSync, existsSync, fdatasync, mkdirSync, openSync, readdirSync, readFileSync, ftruncateSync, fstatSync, write } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import type { PositionRecord, StatusRecord } from './vocabulary.js';

const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);
const HEADER = 8;

/** One stored record: what the device sent, and when the server received it. */
export interface StoredRecord {
  kind: 'position' | 'status';
  received: number; // ms since epoch, server clock
  record: PositionRecord | StatusRecord;
}

interface Pending {
  sourceId: number;
  day: string;
  bytes: Buffer;
  resolve: () => void;
  reject: (error: Error) => void;
}

function encode(stored: StoredRecord): Buffer {
  const payload = Buffer.from(JSON.stringify(stored), 'utf8');
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

/** Whole, valid records of a file and where the first torn one starts. */
function scan(data: Buffer): { records: StoredRecord[]; validBytes: number } {
  const records: StoredRecord[] = [];
  let offset = 0;
  while (offset + HEADER <= data.length) {
    const length = data.readUInt32LE(offset);
    const end = offset + HEADER + length;
    if (end > data.length) break;
    const payload = data.subarray(offset + HEADER, end);
    if (crc32(payload) !== data.readUInt32LE(offset + 4)) break;
    const parsed = JSON.parse(payload.toString('utf8')) as StoredRecord;
    parsed.record.time = parsed.record.time === undefined ? undefined : new Date(parsed.record.time as unknown as string);
    records.push(parsed);
    offset = end;
  }
  return { records, validBytes: offset };
}

/**
 * A tracker's history ("tracking table"): kept outside the in-memory database, in append-only files
 * `tracking/<source id>/<UTC day>.log` (u32 length | u32 CRC-32 | JSON per record). Appends from all
 * devices are grouped: one write per file and one fdatasync per touched file per batch, and
 * `append` resolves only then — the gateway ACKs a device after that.
 *
 * A torn tail (a crash mid-write) was never acknowledged; it is cut off the first time the file is
 * opened for appending again.
 */
export class TrackingStore {
  private queue: Pending[] = [];
  private flushing = false;
  private readonly fds = new Map<string, number>();
  private static readonly MAX_OPEN_FILES = 1024;

  constructor(private readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  private dir(sourceId: number): string {
    return join(this.root, String(sourceId));
  }

  append(sourceId: number, stored: StoredRecord): Promise<void> {
    const day = new Date(stored.received).toISOString().slice(0, 10);
    const bytes = encode(stored);
    return new Promise((resolve, reject) => {
      this.queue.push({ sourceId, day, bytes, resolve, reject });
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
      // Refresh LRU order.
      this.fds.delete(key);
      this.fds.set(key, fd);
      return fd;
    }
    mkdirSync(this.dir(sourceId), { recursive: true });
    const path = join(this.dir(sourceId), `${day}.log`);
    fd = openSync(path, 'a+');
    const size = fstatSync(fd).size;
    if (size > 0) {
      const { validBytes } = scan(readFileSync(path));
      if (validBytes < size) ftruncateSync(fd, validBytes);
    }
    this.fds.set(key, fd);
    if (this.fds.size > TrackingStore.MAX_OPEN_FILES) {
      const [oldestKey, oldestFd] = this.fds.entries().next().value as [string, number];
      this.fds.delete(oldestKey);
      closeSync(oldestFd);
    }
    return fd;
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const byFile = new Map<string, Pending[]>();
      for (const p of batch) {
        const key = `${p.sourceId}/${p.day}`;
        let list = byFile.get(key);
        if (!list) byFile.set(key, (list = []));
        list.push(p);
      }
      await Promise.all(
        [...byFile.values()].map(async (items) => {
          try {
            const fd = this.fd(items[0]!.sourceId, items[0]!.day);
            const bytes = items.length === 1 ? items[0]!.bytes : Buffer.concat(items.map((i) => i.bytes));
            let written = 0;
            while (written < bytes.length) written += (await writeAsync(fd, bytes, written, bytes.length - written)).bytesWritten;
            await fdatasyncAsync(fd);
            for (const i of items) i.resolve();
          } catch (error) {
            for (const i of items) i.reject(error as Error);
          }
        }),
      );
    }
    this.flushing = false;
  }

  /** Records of a source received in [from, to] (ms), oldest first, at most `limit`. */
  read(sourceId: number, from: number, to: number, limit: number): StoredRecord[] {
    const dir = this.dir(sourceId);
    if (!existsSync(dir)) return [];
    const firstDay = new Date(from).toISOString().slice(0, 10);
    const lastDay = new Date(to).toISOString().slice(0, 10);
    const days = readdirSync(dir)
      .filter((name) => name.endsWith('.log'))
      .map((name) => name.slice(0, 10))
      .filter((day) => day >= firstDay && day <= lastDay)
      .sort();
    const result: StoredRecord[] = [];
    for (const day of days) {
      for (const stored of scan(readFileSync(join(dir, `${day}.log`))).records) {
        if (stored.received < from || stored.received > to) continue;
        result.push(stored);
        if (result.length >= limit) return result;
      }
    }
    return result;
  }

  /** The newest stored record of a source, if any (used to rebuild the last state after a crash). */
  latest(sourceId: number): StoredRecord | undefined {
    const dir = this.dir(sourceId);
    if (!existsSync(dir)) return undefined;
    const days = readdirSync(dir).filter((n) => n.endsWith('.log')).sort();
    for (let i = days.length - 1; i >= 0; i--) {
      const { records } = scan(readFileSync(join(dir, days[i]!)));
      if (records.length) return records[records.length - 1];
    }
    return undefined;
  }

  /** Closes open files of a source (before its folder is moved aside). */
  release(sourceId: number): void {
    for (const [key, fd] of [...this.fds]) {
      if (key.startsWith(`${sourceId}/`)) {
        closeSync(fd);
        this.fds.delete(key);
      }
    }
  }

  async close(): Promise<void> {
    while (this.flushing) await new Promise((r) => setImmediate(r));
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}
