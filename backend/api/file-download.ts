import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { FileAnswer } from '../../shared/api/define.js';
import { Code } from '../../shared/errors.js';
import { ApiError } from './api-error.js';

/**
 * A file a method answers (user/export). `write` produces the bytes into `out` as they are made,
 * honouring its backpressure, and ends it; the transport decides where they go (the HTTP response,
 * or a bounded buffer for IPC). Parameters are checked before: once writing starts, the answer is
 * the file.
 */
export interface FileDownload extends FileAnswer {
  write(out: Writable): Promise<void>;
}

export function isFileDownload(value: unknown): value is FileDownload {
  return typeof value === 'object' && value !== null && typeof (value as FileDownload).write === 'function';
}

/**
 * Waits until `out` takes more (a slow reader holds the producer back); rejects when it closed
 * instead, or when it took nothing for `stallMs` (if given). Its listeners go when it settles, so
 * a long answer does not pile up one 'close' listener per wait.
 */
export async function drained(out: Writable, stallMs?: number): Promise<void> {
  if (!out.writableNeedDrain) return;
  const abort = new AbortController();
  const timer = stallMs === undefined ? undefined : setTimeout(() => abort.abort(), stallMs);
  try {
    const closed = once(out, 'close', { signal: abort.signal }).then(() => {
      throw new Error('the receiver closed before the answer was complete');
    });
    await Promise.race([once(out, 'drain', { signal: abort.signal }), closed]);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** Largest file the desktop IPC answer carries in one piece. */
export const MAX_IPC_FILE_BYTES = 128 * 1024 * 1024;

/** The whole file in memory, for transports that cannot stream (Electron IPC); 267 past `maxBytes`. */
export async function fileBytes(file: FileDownload, maxBytes = MAX_IPC_FILE_BYTES): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) done(new ApiError(Code.TooManyEntities, {}, `Too many entities: the file is over ${maxBytes} bytes; narrow the export`));
      else {
        chunks.push(chunk);
        done();
      }
    },
  });
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  await Promise.all([file.write(sink), finished]);
  return new Uint8Array(Buffer.concat(chunks));
}
