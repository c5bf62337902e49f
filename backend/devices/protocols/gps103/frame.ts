import { FrameError } from '../errors.js';
import type { FrameSplitter } from '../types.js';

/** Bytes that end a GPS103 message: `;`, `*`, CR and LF (CR LF is two ends, the empty message between is dropped). */
const ENDS = new Set([0x3b, 0x2a, 0x0d, 0x0a]);

/**
 * GPS103 / TK103 stream: ASCII messages ending with `;`, `*`, CR LF or LF (docs/device-protocols.md
 * §GPS103). The end byte is dropped, and so are empty messages; a message longer than
 * `maxFrameSize` without an end cannot be resynchronised and ends the connection.
 */
export class Gps103Splitter implements FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameSize = 4096) {}

  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    let start = 0;
    for (let at = 0; at < this.buffer.length; at++) {
      if (!ENDS.has(this.buffer[at]!)) continue;
      if (at - start > this.maxFrameSize) throw new FrameError('gps103', `message of ${at - start} bytes exceeds ${this.maxFrameSize}`);
      if (at > start) frames.push(Buffer.from(this.buffer.subarray(start, at))); // copy: detach from the read buffer
      start = at + 1;
    }
    this.buffer = this.buffer.subarray(start);
    if (this.buffer.length > this.maxFrameSize) throw new FrameError('gps103', `no message end within ${this.maxFrameSize} bytes`);
    return frames;
  }
}
