import { close, constants, fdatasync, fstat, fsync, ftruncate, open, read, write } from 'node:fs';
import { promisify } from 'node:util';

/** The callback fs calls on raw descriptors, as promises (libuv threads; the event loop never waits). */
export const openAsync = promisify(open);
export const closeAsync = promisify(close);
export const fsyncAsync = promisify(fsync);
export const fdatasyncAsync = promisify(fdatasync);
export const ftruncateAsync = promisify(ftruncate);
export const fstatAsync = promisify(fstat);
const writeAsync = promisify(write);
const readAsync = promisify(read);

/** Read-write, created when missing, never O_APPEND: positional writes land where they are aimed. */
export const RW_CREATE = constants.O_RDWR | constants.O_CREAT;

/** Writes all of `bytes` at `position` (a short write continues where it stopped). */
export async function writeAllAt(fd: number, bytes: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await writeAsync(fd, bytes, written, bytes.length - written, position + written);
    written += bytesWritten;
  }
}

/** Reads `length` bytes at `position`, fewer only at the end of the file. */
export async function readAt(fd: number, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await readAsync(fd, buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buffer : buffer.subarray(0, got);
}

/** Runs `work` over `items` with at most `limit` at a time; the first error wins after all settle. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
