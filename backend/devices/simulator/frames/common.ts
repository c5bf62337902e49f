/**
 * Helpers shared by the device-side frame builders and server-frame parsers. These are written
 * from the device's point of view, independently of the server decoders in `../../protocols/`, so
 * that round-trip tests through those decoders check one implementation against the other.
 */

/** A frame from the server that a simulated device cannot make sense of. */
export class SimulatorProtocolError extends Error {
  override readonly name = 'SimulatorProtocolError';
}

/** `value` as an unsigned big-endian integer of `width` bytes (wraps, like a device counter). */
export function uintBytes(value: number | bigint, width: 1 | 2 | 4 | 8): Buffer {
  const buf = Buffer.alloc(width);
  const big = BigInt.asUintN(width * 8, typeof value === 'bigint' ? value : BigInt(Math.round(value)));
  for (let i = width - 1, v = big; i >= 0; i--, v >>= 8n) buf[i] = Number(v & 0xffn);
  return buf;
}

/** Clamps to [min, max] and rounds to an integer. */
export function clampInt(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** `HHmmss` of a UTC instant. */
export function utcHhmmss(at: Date): string {
  return at.toISOString().slice(11, 19).replace(/:/g, '');
}

/** `ddmmyy` of a UTC instant. */
export function utcDdmmyy(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(2, 4)}`;
}
