import { FrameError } from '../errors.js';
import type { FrameSplitter } from '../types.js';

const LF = 0x0a;

/**
 * Wialon IPS stream: packets `#<type>#<body>` ending with CR LF (a bare LF is taken too); the line end
 * is dropped, and so are empty lines. A line longer than `maxFrameSize` (a black box of many records
 * fits) without an end ends the connection.
 */
export class WialonSplitter implements FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameSize = 32 * 1024) {}

  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (let end = this.buffer.indexOf(LF); end >= 0; end = this.buffer.indexOf(LF)) {
      if (end > this.maxFrameSize) throw new FrameError('wialon', `line of ${end} bytes exceeds ${this.maxFrameSize}`);
      const line = this.buffer.subarray(0, end > 0 && this.buffer[end - 1] === 0x0d ? end - 1 : end);
      if (line.length) frames.push(Buffer.from(line)); // copy: detach from the read buffer
      this.buffer = this.buffer.subarray(end + 1);
    }
    if (this.buffer.length > this.maxFrameSize) throw new FrameError('wialon', `no line end within ${this.maxFrameSize} bytes`);
    return frames;
  }
}
