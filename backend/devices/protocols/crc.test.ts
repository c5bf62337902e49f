import { describe, expect, it } from 'vitest';
import { crc16Ibm, crc16X25 } from './crc.js';

const check = Buffer.from('123456789', 'ascii');

describe('crc', () => {
  it('CRC-16/IBM (ARC) has check value 0xBB3D', () => {
    expect(crc16Ibm(check)).toBe(0xbb3d);
  });

  it('CRC-16/X-25 has check value 0x906E', () => {
    expect(crc16X25(check)).toBe(0x906e);
  });

  it('both are 0 / 0x0000 on empty input as the parameters say', () => {
    expect(crc16Ibm(Buffer.alloc(0))).toBe(0);
    expect(crc16X25(Buffer.alloc(0))).toBe(0); // ~0xFFFF
  });

  it('match a Teltonika Codec 12 frame and a GT06 login ACK', () => {
    // Codec 12 "getinfo": CRC over codec id .. count2.
    const codec12 = Buffer.from('000000000000000f0c010500000007676574696e666f0100004312', 'hex');
    expect(crc16Ibm(codec12.subarray(8, codec12.length - 4))).toBe(0x4312);
    // GT06 login ACK 78 78 05 01 00 09 <crc> 0D 0A: CRC over length..serial.
    const ack = Buffer.from('78780501000955940d0a', 'hex');
    expect(crc16X25(ack.subarray(2, 6))).toBe(0x5594);
  });
});
