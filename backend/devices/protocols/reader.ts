import { DecodeError } from './errors.js';

/**
 * A bounds-checked big-endian cursor over one frame. Reading past the end throws `DecodeError`,
 * so a short or lying frame fails that frame only, never with a RangeError from deep inside.
 */
export class ByteReader {
  private offset: number;

  constructor(
    private readonly buf: Buffer,
    private readonly protocol: string,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.offset = start;
  }

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  /** An independent cursor at the same place, for trying one layout before another. */
  fork(): ByteReader {
    return new ByteReader(this.buf, this.protocol, this.offset, this.end);
  }

  /** Moves forward to where a fork ended up. */
  catchUp(fork: ByteReader): void {
    this.take(fork.position - this.offset, 'catch-up');
  }

  /** The byte `ahead` bytes from the cursor without moving, or undefined past the end. */
  peek(ahead = 0): number | undefined {
    const at = this.offset + ahead;
    return at < this.end ? this.buf[at] : undefined;
  }

  private take(length: number, what: string): number {
    if (length < 0 || this.offset + length > this.end) {
      throw new DecodeError(this.protocol, `frame too short for ${what} at byte ${this.offset}`);
    }
    const at = this.offset;
    this.offset += length;
    return at;
  }

  u8(what = 'u8'): number {
    return this.buf.readUInt8(this.take(1, what));
  }
  i16(what = 'i16'): number {
    return this.buf.readInt16BE(this.take(2, what));
  }
  u16(what = 'u16'): number {
    return this.buf.readUInt16BE(this.take(2, what));
  }
  u24(what = 'u24'): number {
    return this.buf.readUIntBE(this.take(3, what), 3);
  }
  i32(what = 'i32'): number {
    return this.buf.readInt32BE(this.take(4, what));
  }
  u32(what = 'u32'): number {
    return this.buf.readUInt32BE(this.take(4, what));
  }
  f32(what = 'f32'): number {
    return this.buf.readFloatBE(this.take(4, what));
  }
  i64(what = 'i64'): bigint {
    return this.buf.readBigInt64BE(this.take(8, what));
  }
  u64(what = 'u64'): bigint {
    return this.buf.readBigUInt64BE(this.take(8, what));
  }
  bytes(length: number, what = 'bytes'): Buffer {
    const at = this.take(length, what);
    return this.buf.subarray(at, at + length);
  }
  skip(length: number, what = 'bytes'): void {
    this.take(length, what);
  }
}
