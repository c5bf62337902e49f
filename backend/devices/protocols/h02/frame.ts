import { FrameError } from '../errors.js';
import type { FrameSplitter } from '../types.js';
import { binaryIdWidth } from './binary.js';

const TEXT_START = 0x2a; // '*'
const TEXT_END = 0x23; // '#'
const BINARY_STARTS = new Set([0x24, 0x58]); // '$', 'X'
const LINE_BREAKS = new Set([0x0d, 0x0a]); // sent after '#' by some firmwares

export type H02BinaryLength = 32 | 42 | 45;

export interface H02SplitterOptions {
  /** Binary frame size of the device's model, when known; otherwise learned from the stream. */
  binaryLength?: H02BinaryLength;
  maxFrameSize?: number; // bytes, for text frames
}

/**
 * H02 stream: text frames `*...#` (line breaks between frames are dropped) and binary frames
 * starting `$` (or `X`). Binary frames carry no length: 42 bytes with an 8-byte id (told by where
 * the BCD time sits), else 32 or 45 bytes depending on the model. Unless configured, the splitter
 * learns 32 vs 45 from what follows the first binary frame (a frame start at byte 32, or not), so
 * that first frame comes out when the next bytes arrive; after that every frame comes out at once.
 */
export class H02Splitter implements FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  private binaryLength: H02BinaryLength | undefined;
  private readonly maxFrameSize: number;

  constructor(options: H02SplitterOptions = {}) {
    this.binaryLength = options.binaryLength;
    this.maxFrameSize = options.maxFrameSize ?? 1024;
  }

  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      let skip = 0;
      while (skip < this.buffer.length && LINE_BREAKS.has(this.buffer[skip]!)) skip++;
      this.buffer = this.buffer.subarray(skip);
      const size = this.nextFrameSize();
      if (size === undefined) break;
      frames.push(Buffer.from(this.buffer.subarray(0, size))); // copy: detach from the read buffer
      this.buffer = this.buffer.subarray(size);
    }
    return frames;
  }

  private nextFrameSize(): number | undefined {
    const buf = this.buffer;
    if (buf.length === 0) return undefined;
    if (buf[0] === TEXT_START) {
      const end = buf.indexOf(TEXT_END);
      if (end >= 0 && end < this.maxFrameSize) return end + 1;
      if (buf.length >= this.maxFrameSize) throw new FrameError('h02', `no # within ${this.maxFrameSize} bytes`);
      return undefined;
    }
    if (BINARY_STARTS.has(buf[0]!)) {
      const size = this.binarySize(buf);
      return size !== undefined && size <= buf.length ? size : undefined;
    }
    throw new FrameError('h02', `unexpected byte 0x${buf[0]!.toString(16)} at a frame start`);
  }

  private binarySize(buf: Buffer): number | undefined {
    if (buf.length < 15) return undefined; // enough to find the BCD time after either id width
    const width = binaryIdWidth(buf);
    if (width === undefined) throw new FrameError('h02', 'binary frame without a BCD time after its id');
    if (width === 8) return 42;
    if (this.binaryLength !== undefined) return this.binaryLength;
    const learned = this.learnLength(buf);
    if (learned !== undefined) this.binaryLength = learned;
    return learned;
  }

  /** 32 if a frame starts at byte 32, 45 if byte 32 cannot start one; undefined while unsure. */
  private learnLength(buf: Buffer): H02BinaryLength | undefined {
    if (buf.length <= 32) return undefined;
    const next = buf[32]!;
    if (next === TEXT_START || LINE_BREAKS.has(next)) return 32;
    if (!BINARY_STARTS.has(next)) return 45;
    if (buf.length < 32 + 15) return undefined;
    return binaryIdWidth(buf.subarray(32)) === undefined ? 45 : 32;
  }
}
