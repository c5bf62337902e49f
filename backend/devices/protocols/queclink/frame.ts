import { FrameError } from '../errors.js';
import type { FrameSplitter } from '../types.js';

const DOLLAR = 0x24; // '$' ends a text report
const NUL = 0x00;
const PLUS = 0x2b;

/** Binary headers (`+RSP` report, `+BSP` buffered report, `+EVT`/`+BVT` event, `+INF`/`+BNF` information, `+HBD`, `+CRD`/`+BRD`, `+LGN`). */
const BINARY_HEADERS = new Set(['+RSP', '+BSP', '+EVT', '+BVT', '+INF', '+BNF', '+HBD', '+CRD', '+BRD', '+LGN']);

/** Bytes needed before a frame can be classified and its length read (the deepest length field ends at byte 11). */
const HEAD = 11;

/**
 * Whether a frame (or the start of the stream) is binary: a zero second byte (the newest binary
 * layout: `+ 00 u16-length …`), a binary header, or `+ACK` not followed by `:` (`+ACK:GT…` is text).
 */
export function isBinaryFrame(bytes: Buffer): boolean {
  if (bytes.length > 1 && bytes[1] === NUL) return true;
  const header = bytes.toString('latin1', 0, 4);
  if (header === '+ACK') return bytes.length > 4 && bytes[4] !== 0x3a;
  return BINARY_HEADERS.has(header);
}

/** Where a binary frame states its total length, by header (docs: device-captures-2 `_meta.protocols.gl200`). */
function binaryLength(bytes: Buffer): number {
  if (bytes[1] === NUL) return bytes.readUInt16BE(2);
  switch (bytes.toString('latin1', 0, 4)) {
    case '+ACK':
      return bytes[6]!;
    case '+HBD':
      return bytes[5]!;
    case '+INF':
    case '+BNF':
      return bytes.readUInt16BE(7);
    case '+CRD':
    case '+BRD':
    case '+LGN':
      return bytes.readUInt16BE(6);
    default:
      return bytes.readUInt16BE(9); // +RSP/+BSP/+EVT/+BVT: after type, u32 mask
  }
}

/**
 * Queclink @Track stream: text reports `+RESP:GT…,…$` cut at `$` (or a NUL when a device pads
 * with them; the delimiter is dropped), binary reports cut by their stated length. Line breaks and
 * NULs between frames are skipped; a binary frame stating fewer bytes than its own header, or more
 * than the maximum, cannot be resynchronised.
 */
export class QueclinkSplitter implements FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    private readonly maxTextSize = 4096,
    private readonly maxBinarySize = 65_535, // u16 lengths; compressed track reports are long
  ) {}

  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      let skip = 0;
      while (skip < this.buffer.length && (this.buffer[skip] === 0x0d || this.buffer[skip] === 0x0a || this.buffer[skip] === NUL)) skip++;
      this.buffer = this.buffer.subarray(skip);
      if (this.buffer.length === 0) break;
      if (this.buffer[0] !== PLUS) {
        // Not a frame start: text up to the next '$' is one (malformed) frame for the decoder to refuse.
        const end = this.buffer.indexOf(DOLLAR);
        if (end < 0) {
          if (this.buffer.length > this.maxTextSize) throw new FrameError('queclink', `no '$' within ${this.maxTextSize} bytes`);
          break;
        }
        frames.push(Buffer.from(this.buffer.subarray(0, end)));
        this.buffer = this.buffer.subarray(end + 1);
        continue;
      }
      if (this.buffer.length < 5) break;
      if (isBinaryFrame(this.buffer)) {
        if (this.buffer.length < HEAD) break;
        const size = binaryLength(this.buffer);
        if (size < HEAD) throw new FrameError('queclink', `binary frame states ${size} bytes, less than its header`);
        if (size > this.maxBinarySize) throw new FrameError('queclink', `frame of ${size} bytes exceeds ${this.maxBinarySize}`);
        if (this.buffer.length < size) break;
        frames.push(Buffer.from(this.buffer.subarray(0, size)));
        this.buffer = this.buffer.subarray(size);
        continue;
      }
      let end = this.buffer.indexOf(DOLLAR);
      const nul = this.buffer.indexOf(NUL);
      if (nul >= 0 && (end < 0 || nul < end)) end = nul;
      if (end < 0) {
        if (this.buffer.length > this.maxTextSize) throw new FrameError('queclink', `no '$' within ${this.maxTextSize} bytes`);
        break;
      }
      if (end > this.maxTextSize) throw new FrameError('queclink', `frame of ${end} bytes exceeds ${this.maxTextSize}`);
      frames.push(Buffer.from(this.buffer.subarray(0, end))); // copy: detach from the read buffer
      this.buffer = this.buffer.subarray(end + 1);
    }
    return frames;
  }
}
