import { FrameError } from '../errors.js';
import type { FrameSplitter } from '../types.js';

/** Commands whose data is binary: their frame is cut by the stated length (the data may hold `*`, CR or LF). */
export const BINARY_COMMANDS = new Set(['CCC', 'CCE', 'D00']);
const HEADER = /^\$\$[\x21-\x7e](\d{1,5}),([0-9A-Za-z]{1,20}),([0-9A-Z]{3})[,*]/;
const TEXT_END = /\*[0-9A-Fa-f]{2}\r\n/;

/**
 * Meitrack stream: `$$<flag><length>,<IMEI>,<command>,<data>*<checksum>\r\n`, the length counting
 * from the comma after it through the CR LF. Binary commands (CCC, CCE, D00) are cut by that length;
 * text ones at their `*XX\r\n` end (the stated length of some real units is off by a few bytes). The
 * CR LF is kept. Anything that is not a header, or a frame over the maximum, is `FrameError`.
 */
export class MeitrackSplitter implements FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameSize = 16 * 1024) {}

  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      let skip = 0;
      while (skip < this.buffer.length && (this.buffer[skip] === 0x0d || this.buffer[skip] === 0x0a)) skip++;
      this.buffer = this.buffer.subarray(skip);
      if (this.buffer.length === 0) break;
      const head = this.buffer.toString('latin1', 0, Math.min(this.buffer.length, 48));
      const header = HEADER.exec(head);
      if (!header) {
        if (!'$$'.startsWith(head.slice(0, 2)) || this.buffer.length >= 48) throw new FrameError('meitrack', 'not a $$ frame');
        break;
      }
      let size: number;
      if (BINARY_COMMANDS.has(header[3]!)) {
        size = 3 + header[1]!.length + Number(header[1]);
        if (size > this.maxFrameSize) throw new FrameError('meitrack', `frame of ${size} bytes exceeds ${this.maxFrameSize}`);
        if (this.buffer.length < size) break;
      } else {
        const end = TEXT_END.exec(this.buffer.toString('latin1', 0, Math.min(this.buffer.length, this.maxFrameSize)));
        if (!end) {
          if (this.buffer.length >= this.maxFrameSize) throw new FrameError('meitrack', `no *XX CR LF within ${this.maxFrameSize} bytes`);
          break;
        }
        size = end.index + end[0].length;
      }
      frames.push(Buffer.from(this.buffer.subarray(0, size))); // copy: detach from the read buffer
      this.buffer = this.buffer.subarray(size);
    }
    return frames;
  }
}

/** Two upper-case hex digits of the 8-bit sum of the bytes before them (from `$$`/`@@` through `*`). */
export function meitrackChecksum(bytes: Buffer): string {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xff;
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

/** `@@<flag><length>,<imei>,<body>*<checksum>\r\n`, the length counted as the devices count it. */
export function meitrackFrame(flag: string, imei: string, body: string): Buffer {
  const length = `,${imei},${body}*XX\r\n`.length;
  const head = `@@${flag}${length},${imei},${body}*`;
  return Buffer.from(`${head}${meitrackChecksum(Buffer.from(head, 'latin1'))}\r\n`, 'latin1');
}
