import { FrameError } from '../errors.js';
import type { FrameSplitter } from '../types.js';

/**
 * Ruptela stream: `u16 length | length bytes | u16 CRC`, so a frame is length + 4 bytes. The stated
 * length is the only way to cut the stream: a frame that states a wrong one cannot be cut right
 * (the rest of the connection then fails as garbage and is dropped).
 */
export class RuptelaSplitter implements FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameSize = 4096) {}

  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    while (this.buffer.length >= 2) {
      const size = this.buffer.readUInt16BE(0) + 4;
      if (size > this.maxFrameSize) throw new FrameError('ruptela', `frame of ${size} bytes exceeds ${this.maxFrameSize}`);
      if (size < 5) throw new FrameError('ruptela', `frame of ${size} bytes has no command`);
      if (this.buffer.length < size) break;
      frames.push(Buffer.from(this.buffer.subarray(0, size))); // copy: detach from the read buffer
      this.buffer = this.buffer.subarray(size);
    }
    return frames;
  }
}
