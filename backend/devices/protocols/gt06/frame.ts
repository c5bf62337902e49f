import { FrameError } from '../errors.js';
import type { FrameSplitter } from '../types.js';

const STANDARD = 0x78; // 78 78 | u8 length
const EXTENDED = 0x79; // 79 79 | u16 length
const CR = 0x0d;
const LF = 0x0a;

/** Types whose byte 2 is a WiFi access-point count, not a length (when it does not add up). */
export const WIFI_TYPES = new Set([0x69, 0x17]);

/**
 * GT06 stream: `7878 L …` (u8 length) and `7979 LL …` (u16 length) frames, each ending 0D0A.
 * The stated length cuts the frame when it lands on a 0D0A; otherwise (WiFi types, firmwares
 * that state a wrong length) the frame runs to the next 0D0A.
 */
export class Gt06Splitter implements FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameSize = 2048) {}

  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (let size = this.nextFrameSize(); size !== undefined; size = this.nextFrameSize()) {
      frames.push(Buffer.from(this.buffer.subarray(0, size))); // copy: detach from the read buffer
      this.buffer = this.buffer.subarray(size);
    }
    if (this.buffer.length > this.maxFrameSize) {
      throw new FrameError('gt06', `no frame end within ${this.maxFrameSize} bytes`);
    }
    return frames;
  }

  private nextFrameSize(): number | undefined {
    const buf = this.buffer;
    if (buf.length === 0) return undefined;
    const header = buf[0]!;
    if ((header !== STANDARD && header !== EXTENDED) || (buf.length > 1 && buf[1] !== header)) {
      throw new FrameError('gt06', `expected 7878 or 7979, got ${buf.subarray(0, 2).toString('hex')}`);
    }
    const lengthBytes = header === STANDARD ? 1 : 2;
    if (buf.length < 3 + lengthBytes) return undefined; // header, length, type
    const stated = header === STANDARD ? buf[2]! + 5 : buf.readUInt16BE(2) + 6;
    if (header === STANDARD && WIFI_TYPES.has(buf[3]!) && !endsAt(buf, stated)) return toLineEnd(buf);
    if (stated > this.maxFrameSize) throw new FrameError('gt06', `frame of ${stated} bytes exceeds ${this.maxFrameSize}`);
    if (buf.length < stated) return undefined;
    return endsAt(buf, stated) ? stated : toLineEnd(buf); // wrong length: trust the 0D0A
  }
}

function endsAt(buf: Buffer, size: number): boolean {
  return buf.length >= size && buf[size - 2] === CR && buf[size - 1] === LF;
}

/** Size up to and including the first 0D0A after the header, or undefined if none yet. */
function toLineEnd(buf: Buffer): number | undefined {
  const at = buf.indexOf('\r\n', 4, 'latin1');
  return at < 0 ? undefined : at + 2;
}
