import { describe, expect, it } from 'vitest';
import { encodeRuptelaCommand } from './encoder.js';

describe('ruptela commands', () => {
  it('text goes as SMS-via-GPRS (command 108) with a CRC-16/KERMIT; hex is `command + payload`', () => {
    expect(encodeRuptelaCommand({ kind: 'text', payload: 'getver', imei: '1' }).subarray(0, 3).toString('hex')).toBe('00076c');
    expect(encodeRuptelaCommand({ kind: 'text', payload: 'getver', imei: '1' }).subarray(3, 9).toString()).toBe('getver');
    expect(encodeRuptelaCommand({ kind: 'hex', payload: '6401', imei: '1' }).toString('hex')).toBe('0002640113bc'); // = the records ACK
  });
});
