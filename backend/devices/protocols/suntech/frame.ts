import { FrameError } from '../errors.js';
import type { FrameSplitter } from '../types.js';

const CR = 0x0d;
const LF = 0x0a;
/** Binary report markers and how many bytes frame them besides the u16 length after the marker. */
const BINARY: Record<number, number> = { 0x02: 4, 0x81: 3, 0x82: 3 };

/**
 * Suntech stream: text reports `…;…;…` ending with CR (the CR is dropped; a LF after it too), and
 * binary reports starting 0x02 / 0x81 / 0x82 with a u16 length after the marker.
 */
export class SuntechSplitter implements FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameSize = 4096) {}

  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      let skip = 0;
      while (skip < this.buffer.length && (this.buffer[skip] === CR || this.buffer[skip] === LF)) skip++;
      this.buffer = this.buffer.subarray(skip);
      if (this.buffer.length === 0) break;
      const extra = BINARY[this.buffer[0]!];
      let size: number;
      let cut: number;
      if (extra !== undefined) {
        if (this.buffer.length < 3) break;
        size = this.buffer.readUInt16BE(1) + extra;
        cut = size;
      } else {
        const end = this.buffer.indexOf(CR);
        if (end < 0) {
          if (this.buffer.length > this.maxFrameSize) throw new FrameError('suntech', `no CR within ${this.maxFrameSize} bytes`);
          break;
        }
        size = end + 1;
        cut = end;
      }
      if (size > this.maxFrameSize) throw new FrameError('suntech', `frame of ${size} bytes exceeds ${this.maxFrameSize}`);
      if (this.buffer.length < size) break;
      frames.push(Buffer.from(this.buffer.subarray(0, cut))); // copy: detach from the read buffer
      this.buffer = this.buffer.subarray(size);
    }
    return frames;
  }
}
