import { FrameError } from '../errors.js';
import type { FrameSplitter } from '../types.js';

const KEEP_ALIVE = 0xff;
const MAX_IMEI_LENGTH = 32; // bytes; IMEIs are 15 digits, some firmwares send 16–17
const AVL_OVERHEAD = 12; // 4 zero bytes + u32 data length + u32 CRC

/**
 * Teltonika TCP stream: first the IMEI handshake (`u16 length` + ASCII IMEI), then AVL packets
 * (`00000000`, `u32 dataLength`, data, `u32 CRC`), with a lone 0xFF keep-alive byte allowed anywhere.
 */
export class TeltonikaSplitter implements FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  private handshakeDone = false;

  constructor(private readonly maxFrameSize = 16 * 1024) {}

  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (let size = this.nextFrameSize(); size !== undefined; size = this.nextFrameSize()) {
      frames.push(Buffer.from(this.buffer.subarray(0, size))); // copy: detach from the read buffer
      this.buffer = this.buffer.subarray(size);
      if (size > 1) this.handshakeDone = true; // anything but a keep-alive ends the handshake
    }
    return frames;
  }

  /** Size of the complete frame at the head of the buffer, or undefined while incomplete. */
  private nextFrameSize(): number | undefined {
    const buf = this.buffer;
    if (buf.length === 0) return undefined;
    if (buf[0] === KEEP_ALIVE) return 1;
    const size = this.handshakeDone ? this.avlSize(buf) : this.imeiSize(buf);
    return size !== undefined && size <= buf.length ? size : undefined;
  }

  private imeiSize(buf: Buffer): number | undefined {
    if (buf.length < 2) return undefined;
    const length = buf.readUInt16BE(0);
    if (length === 0 || length > MAX_IMEI_LENGTH) {
      throw new FrameError('teltonika', `expected the IMEI handshake, got length ${length}`);
    }
    return 2 + length;
  }

  private avlSize(buf: Buffer): number | undefined {
    for (let i = 0; i < Math.min(4, buf.length); i++) {
      if (buf[i] !== 0) throw new FrameError('teltonika', 'AVL packet does not start with 4 zero bytes');
    }
    if (buf.length < 8) return undefined;
    const size = buf.readUInt32BE(4) + AVL_OVERHEAD;
    if (size > this.maxFrameSize) {
      throw new FrameError('teltonika', `frame of ${size} bytes exceeds ${this.maxFrameSize}`);
    }
    return size;
  }
}
