import { FrameError } from '../errors.js';
import type { FrameSplitter } from '../types.js';

/** Longest request line + headers, bytes (past it the connection is dropped). */
export const MAX_HEAD_BYTES = 8 * 1024;
/** Longest request body, bytes (past it the request is answered 413 and the connection closed). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Where the head ends (after its blank line), or -1: CRLF CRLF, or bare LF LF from crude clients. */
export function headEnd(buffer: Buffer, limit = buffer.length): number {
  for (let i = buffer.indexOf(0x0a); i >= 0 && i < limit; i = buffer.indexOf(0x0a, i + 1)) {
    if (buffer[i + 1] === 0x0a) return i + 2;
    if (buffer[i + 1] === 0x0d && buffer[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

/** The body framing a head states: a length, none, or one we do not take (chunked, a bad or second length). */
export function bodyFraming(head: string): { length: number } | { refused: string } {
  let length: number | undefined;
  for (const line of head.split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'transfer-encoding') return { refused: 'transfer-encoding' };
    if (name !== 'content-length') continue;
    if (!/^\d{1,12}$/.test(value) || (length !== undefined && length !== Number(value))) return { refused: 'content-length' };
    length = Number(value);
  }
  return { length: length ?? 0 };
}

/**
 * Cuts HTTP/1.x requests: the head up to its blank line, then `Content-Length` bytes of body
 * (pipelined requests one after another). A head longer than `MAX_HEAD_BYTES` cannot be
 * answered: `FrameError`. A body that is too long or not length-framed (chunked) is not read: the
 * head alone is given back for the decoder to answer 413 / 411, and every byte after it is dropped
 * (the decoder's answer closes the connection).
 */
export class HttpSplitter implements FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  private discarding = false;

  constructor(
    private readonly maxHead = MAX_HEAD_BYTES,
    private readonly maxBody = MAX_BODY_BYTES,
  ) {}

  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): Buffer[] {
    if (this.discarding) return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      let skip = 0; // blank lines between requests are allowed (RFC 9112 2.2)
      while (skip < this.buffer.length && (this.buffer[skip] === 0x0d || this.buffer[skip] === 0x0a)) skip++;
      this.buffer = this.buffer.subarray(skip);
      if (this.buffer.length === 0) break;
      const end = headEnd(this.buffer, this.maxHead);
      if (end < 0 || end > this.maxHead) {
        if (this.buffer.length >= this.maxHead) throw new FrameError('osmand', `request head over ${this.maxHead} bytes`);
        break;
      }
      const framing = bodyFraming(this.buffer.toString('latin1', 0, end));
      if ('refused' in framing || framing.length > this.maxBody) {
        frames.push(Buffer.from(this.buffer.subarray(0, end)));
        this.buffer = Buffer.alloc(0);
        this.discarding = true;
        break;
      }
      const size = end + framing.length;
      if (this.buffer.length < size) break;
      frames.push(Buffer.from(this.buffer.subarray(0, size))); // copy: detach from the read buffer
      this.buffer = this.buffer.subarray(size);
    }
    return frames;
  }
}
