import { describe, expect, it } from 'vitest';
import { fixtureContext } from '../__fixtures__/replay.js';
import { EncodeError } from '../errors.js';
import { Jt808Decoder } from './decoder.js';
import { buildMessage, encodeJt808Command } from './encoder.js';
import { Jt808Splitter, unescape } from './frame.js';

describe('jt808 commands', () => {
  it('text goes as 0x8300 (flag 0x01 + text) to the terminal phone, with the serial and XOR checksum', () => {
    const bytes = encodeJt808Command({ kind: 'text', payload: 'RELAY,1#', imei: '013345678906', serial: 7 });
    const content = unescape(bytes.subarray(1, -1));
    expect(content.subarray(0, 12).toString('hex')).toBe('8300' + '0009' + '013345678906' + '0007'); // id, body length, phone, serial
    expect(content.subarray(12, -1).toString('latin1')).toBe('\u0001RELAY,1#');
    expect(content.subarray(0, -1).reduce((x, b) => x ^ b, 0)).toBe(content[content.length - 1]);
    expect(new Jt808Splitter().push(bytes)).toEqual([bytes]);
  });

  it('an id longer than 12 digits (an IMEI) gets the 2019 header; a short form is padded back to 12 digits', () => {
    const long = unescape(encodeJt808Command({ kind: 'text', payload: 'x', imei: '866496077582164' }).subarray(1, -1));
    expect(long.readUInt16BE(2) & 0x4000).toBe(0x4000);
    expect(long.subarray(5, 15).toString('hex')).toBe('00000866496077582164');
    const short = unescape(encodeJt808Command({ kind: 'text', payload: 'x', imei: '13345678906' }).subarray(1, -1));
    expect(short.subarray(4, 10).toString('hex')).toBe('013345678906');
  });

  it('hex is `message id + body` of any downlink message (0x8105 terminal control: reset)', () => {
    const bytes = encodeJt808Command({ kind: 'hex', payload: '8105 04', imei: '013345678906', serial: 1 });
    expect(bytes).toEqual(buildMessage({ id: 0x8105, phone: '013345678906', serial: 1 }, Buffer.from([4])));
    expect(() => encodeJt808Command({ kind: 'hex', payload: '81', imei: '1' })).toThrow(EncodeError);
    expect(() => encodeJt808Command({ kind: 'text', payload: 'x', imei: 'abc' })).toThrow(EncodeError);
  });

  it('our own downlink frames parse back with our decoder (header, phone, serial)', () => {
    const bytes = buildMessage({ id: 0x0200, phone: '013345678906', serial: 0x7e7d }, Buffer.alloc(10));
    expect(() => new Jt808Decoder().decode(bytes, fixtureContext)).toThrow(/too short/); // a location needs 28 bytes
  });
});
