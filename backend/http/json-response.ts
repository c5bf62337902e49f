import type { ServerResponse } from 'node:http';
import { drained } from '../api/file-download.js';

/**
 * JSON answers of the HTTP API. A small answer is one `JSON.stringify` and one write with a
 * Content-Length. An answer with a long list (an unpaged `tracker/list` of 100,000 trackers is
 * ~46 MB) is streamed: the list goes out in slices of `chunkRows` items with chunked transfer
 * encoding, waiting for the socket to drain between slices. The bytes are exactly what
 * `JSON.stringify(body)` gives, but the server never holds the whole text (nor its UTF-8 copy),
 * and the client reads and parses the first rows while the last ones are still being encoded.
 */

const HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export interface StreamOptions {
  /** A top-level array at least this long is streamed. */
  minRows: number;
  /** Items per slice. */
  chunkRows: number;
  /** A client that reads nothing for this long is disconnected (its answer would pin the rows). */
  stallMs: number;
}

export const STREAM_DEFAULTS: StreamOptions = { minRows: 2000, chunkRows: 1000, stallMs: 30_000 };

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...HEADERS, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The key of the first top-level array long enough to stream, if any. */
function streamedKey(body: unknown, minRows: number): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  for (const [key, value] of Object.entries(body)) if (Array.isArray(value) && value.length >= minRows) return key;
  return undefined;
}

/** Sends `body` as JSON, streaming a long top-level list; resolves when it is written or abandoned. */
export async function sendApiJson(res: ServerResponse, status: number, body: unknown, options: StreamOptions = STREAM_DEFAULTS): Promise<void> {
  const key = streamedKey(body, options.minRows);
  if (key === undefined) {
    sendJson(res, status, body);
    return;
  }
  res.writeHead(status, HEADERS);
  let head = '{';
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    // JSON.stringify leaves out properties it cannot encode.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    head += `${head === '{' ? '' : ','}${JSON.stringify(name)}:`;
    if (name !== key) {
      head += JSON.stringify(value);
      continue;
    }
    const list = value as unknown[];
    let text = `${head}[`;
    head = '';
    for (let i = 0; i < list.length; i += options.chunkRows) {
      // A slice's own brackets are cut off; its items are encoded exactly as in the whole array.
      const slice = JSON.stringify(list.slice(i, i + options.chunkRows));
      text += (i === 0 ? '' : ',') + slice.slice(1, -1);
      if (res.destroyed) return;
      if (!res.write(text)) {
        try {
          await drained(res, options.stallMs);
        } catch {
          // The client went away, or read nothing for stallMs: its answer ends here.
          res.destroy();
          return;
        }
      }
      text = '';
    }
    head = ']';
  }
  if (res.destroyed) return;
  res.end(`${head}}`);
}
