import { EncodeError } from './errors.js';

/** Text when every byte is printable ASCII (tabs and line breaks allowed), else undefined. */
export function printableText(bytes: Buffer): string | undefined {
  for (const byte of bytes) {
    const printable = (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
    if (!printable) return undefined;
  }
  return bytes.toString('latin1');
}

/** The raw bytes a hex command spells (whitespace allowed between pairs). */
export function hexBytes(payload: string, protocol: string): Buffer {
  const hex = payload.replace(/\s+/g, '');
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new EncodeError(protocol, 'hex command must be whole hex pairs');
  }
  return Buffer.from(hex, 'hex');
}
