import { constants, unlink } from 'node:fs';
import { PRIVATE_FILE_MODE } from '../../storage/private-files.js';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkFault } from '../../storage/fault-injection.js';
import { closeAsync, fdatasyncAsync, fsyncAsync, ftruncateAsync, openAsync, writeAllAt } from './fs-async.js';

const unlinkAsync = promisify(unlink);

export const WAL_PATTERN = /^wal-(\d{12})\.log$/;
export const walName = (n: number) => `wal-${String(n).padStart(12, '0')}.log`;

/**
 * The write-ahead log: batches of records from all devices, one positional write and one
 * fdatasync each. A file whose write or sync failed takes no further write (sticky): its torn
 * tail is cut if possible, it is closed and sealed, and the next batch goes to a new file once
 * `retryMs` have passed; until then `write` fails at once, so a full disk costs nothing per frame.
 * Sealed files still hold acknowledged records; a checkpoint deletes them.
 */
export class WriteAheadLog {
  private fd = -1;
  private bytes = 0;
  private failure: { error: Error; retryAt: number } | undefined;
  /** Numbers of files that take no more writes; deleted once a checkpoint covers them. */
  readonly sealed: number[] = [];

  constructor(
    private readonly root: string,
    private number: number,
    private readonly retryMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Bytes in the file batches go to now. */
  get size(): number {
    return this.bytes;
  }

  /** The error of the last failure while its backoff lasts (a write now would fail at once). */
  get blocked(): Error | undefined {
    return this.failure && this.now() < this.failure.retryAt ? this.failure.error : undefined;
  }

  get failing(): boolean {
    return this.failure !== undefined;
  }

  /** Appends one block durably. Resolves `true` when this write ended a failure. */
  async write(block: Buffer): Promise<boolean> {
    const blocked = this.blocked;
    if (blocked) throw blocked;
    try {
      if (this.fd < 0) await this.open();
      checkFault('wal', 'write');
      await writeAllAt(this.fd, block, this.bytes);
      checkFault('wal', 'fdatasync');
      await fdatasyncAsync(this.fd);
    } catch (error) {
      await this.fail(error as Error);
      throw error;
    }
    this.bytes += block.length;
    const resumed = this.failure !== undefined;
    this.failure = undefined;
    return resumed;
  }

  /** New file: created exclusively, and its name made durable before anything in it is acknowledged. */
  private async open(): Promise<void> {
    checkFault('wal', 'open');
    this.fd = await openAsync(join(this.root, walName(this.number)), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, PRIVATE_FILE_MODE);
    this.bytes = 0;
    const dir = await openAsync(this.root, 'r');
    try {
      checkFault('wal', 'fsync');
      await fsyncAsync(dir);
    } finally {
      await closeAsync(dir);
    }
  }

  private async fail(error: Error): Promise<void> {
    this.failure = { error, retryAt: this.now() + this.retryMs };
    const fd = this.fd;
    const good = this.bytes;
    const number = this.number;
    this.fd = -1;
    this.bytes = 0;
    this.number += 1;
    let cut = false;
    let exists = true;
    if (fd >= 0) {
      try {
        await ftruncateAsync(fd, good);
        cut = true;
      } catch {
        // Recovery skips a torn block anyway; this only saves it the scan.
      }
      await closeAsync(fd).catch(() => undefined);
    } else {
      exists = false; // the open itself failed (or created a file we never wrote: harmless when replayed)
    }
    if (exists && good === 0 && cut) {
      // Nothing acknowledged in it: gone, so a long outage does not leave a file per retry.
      if (
        await unlinkAsync(join(this.root, walName(number))).then(
          () => true,
          () => false,
        )
      )
        return;
    }
    if (exists) this.sealed.push(number);
  }

  /** The current file takes no more writes (a checkpoint will delete it); the next write opens a new one. */
  async seal(): Promise<void> {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    this.sealed.push(this.number);
    this.number += 1;
    this.bytes = 0;
    await closeAsync(fd);
  }

  /** Deletes sealed files a checkpoint covered; a file that cannot be deleted stays sealed. */
  async remove(numbers: readonly number[]): Promise<void> {
    for (const n of numbers) {
      checkFault('checkpoint', 'unlink');
      await unlinkAsync(join(this.root, walName(n))).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      const at = this.sealed.indexOf(n);
      if (at >= 0) this.sealed.splice(at, 1);
    }
  }

  async close(): Promise<void> {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    await closeAsync(fd);
  }
}
