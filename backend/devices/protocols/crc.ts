/**
 * CRC-16/ARC, a.k.a. CRC-16/IBM (Teltonika): poly 0x8005 reflected (0xA001), init 0, xorout 0.
 * Check value: "123456789" → 0xBB3D.
 */
export function crc16Ibm(data: Uint8Array): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/**
 * CRC-16/X-25, a.k.a. CRC-ITU (GT06): poly 0x1021 reflected (0x8408), init 0xFFFF, xorout 0xFFFF.
 * Check value: "123456789" → 0x906E.
 */
export function crc16X25(data: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return ~crc & 0xffff;
}

/**
 * CRC-16/KERMIT (Ruptela): poly 0x1021 reflected (0x8408), init 0, xorout 0; Ruptela writes the
 * register as a big-endian u16. Check value: "123456789" → 0x2189.
 */
export function crc16Kermit(data: Uint8Array): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return crc;
}
