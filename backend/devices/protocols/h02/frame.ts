import { FrameError } from '../errors.js';
import type { FrameSplitter } from '../types.js';
import { binaryIdWidth } from './binary.js';

const TEXT_START = 0x2a; // '*'
const TEXT_END = 0x23; // '#'
const BINARY_STARTS = new Set([0x24, 0x58]); // '$', 'X'
const LINE_BREAKS = new Set([0x0d, 0x0a]); // sent after '#' by some firmwares

export type H02BinaryLength = 32 | 45 | 46 | 48;

/** Sizes of 5-byte-id binary frames seen from real devices, shortest first. */
const BINARY_LENGTHS: readonly H02BinaryLength[] = [32, 45, 46, 48];
/** Sizes accepted when the frame ends exactly where the bytes received so far end. */
const WHOLE_AT_END = new Set<number>([45, 46, 48]);

export interface H02SplitterOptions {
  /** Binary frame size of the device's model, when known; otherwise learned from the stream. */
  binaryLength?: H02BinaryLength;
  maxFrameSize?: number; // bytes, for text frames
}

/**
 * H02 stream: text frames `*...#` (line breaks between frames are dropped) and binary frames
 * starting `$` (or `X`). Binary frames carry no length: 42 bytes with an 8-byte id (told by where
 * the BCD time sits), else 32, 45, 46 or 48 bytes depending on the model. Unless configured, the
 * splitter cuts at the first of those sizes where the next frame starts (`*`, a line break, or
 * `$`/`X` followed by a BCD time) and keeps that size for the rest of the connection. Before a
 * size is known, a frame that ends exactly where the received bytes end is taken whole at 45, 46
 * or 48 bytes (a device writes a frame in one go); a lone 32-byte frame is held until the next
 * bytes show where it ends, since it is also the head of every longer one.
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
    for (const size of BINARY_LENGTHS) {
      if (buf.length < size) return undefined; // the next size may still be the one
      if (buf.length === size) return WHOLE_AT_END.has(size) ? size : undefined;
      const next = frameStartAt(buf, size);
      if (next === undefined) return undefined; // too few bytes after `size` to tell
      if (next) {
        this.binaryLength = size;
        return size;
      }
    }
    return 45; // no known size is followed by a frame: cut at the common one, the rest fails as garbage
  }
}

/** Whether a frame starts at `at`: true/false, or undefined while too few bytes follow to tell. */
function frameStartAt(buf: Buffer, at: number): boolean | undefined {
  const byte = buf[at]!;
  if (byte === TEXT_START || LINE_BREAKS.has(byte)) return true;
  if (!BINARY_STARTS.has(byte)) return false;
  if (buf.length < at + 15) return undefined;
  return binaryIdWidth(buf.subarray(at)) !== undefined;
}
