import { FrameError } from '../errors.js';
import type { FrameSplitter } from '../types.js';

export const DELIMITER = 0x7e;
const ESCAPE = 0x7d; // 7D 02 = 7E, 7D 01 = 7D inside a frame
const TEXT_START = 0x28; // '(' … ')': the text variant some units send
const TEXT_END = 0x29;

/** Frame bytes between the delimiters with the escapes undone. */
export function unescape(wire: Buffer): Buffer {
  const out = Buffer.alloc(wire.length);
  let n = 0;
  for (let i = 0; i < wire.length; i++) {
    const byte = wire[i]!;
    if (byte === ESCAPE && i + 1 < wire.length && (wire[i + 1] === 0x01 || wire[i + 1] === 0x02)) {
      out[n++] = wire[++i] === 0x02 ? DELIMITER : ESCAPE;
    } else out[n++] = byte;
  }
  return out.subarray(0, n);
}

/** `7E | content with 7E/7D escaped | 7E`. */
export function escapeFrame(content: Buffer): Buffer {
  const out: number[] = [DELIMITER];
  for (const byte of content) {
    if (byte === DELIMITER) out.push(ESCAPE, 0x02);
    else if (byte === ESCAPE) out.push(ESCAPE, 0x01);
    else out.push(byte);
  }
  out.push(DELIMITER);
  return Buffer.from(out);
}

/**
 * JT/T 808 stream: `7E … 7E` binary frames (escaped, so 7E only delimits) and `( … )` text
 * frames. Frames come out as on the wire (escaped, delimiters included); the decoder unescapes.
 * Two delimiters in a row (`7E7E`, one frame's end, the next one's start written twice) are one;
 * bytes outside a frame before its start (line noise, `$$` some units prefix) are skipped.
 */
export class Jt808Splitter implements FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameSize = 4096) {}

  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      let start = 0;
      while (start < this.buffer.length && this.buffer[start] !== DELIMITER && this.buffer[start] !== TEXT_START) start++;
      if (start > 0) this.buffer = this.buffer.subarray(start);
      if (this.buffer.length === 0) break;
      const end = this.buffer.indexOf(this.buffer[0] === DELIMITER ? DELIMITER : TEXT_END, 1);
      if (end < 0) break;
      if (end === 1 && this.buffer[0] === DELIMITER) {
        this.buffer = this.buffer.subarray(1); // 7E7E: keep the second as the start
        continue;
      }
      frames.push(Buffer.from(this.buffer.subarray(0, end + 1))); // copy: detach from the read buffer
      this.buffer = this.buffer.subarray(end + 1);
    }
    if (this.buffer.length > this.maxFrameSize) throw new FrameError('jt808', `no frame end within ${this.maxFrameSize} bytes`);
    return frames;
  }
}
