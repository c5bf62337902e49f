import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCaptures } from '../__fixtures__/captures.js';
import { crc16X25 } from '../crc.js';
import { EncodeError } from '../errors.js';
import { buildFrame, encodeGt06Command } from './encoder.js';

const captures = parseCaptures(readFileSync(new URL('../__fixtures__/device-captures.json', import.meta.url), 'utf8'));

/** Traccar command types as the text a dealer would send (Traccar's encoder maps them the same). */
const commandText: Record<string, string> = { engineStop: 'Relay,1#', engineResume: 'Relay,0#' };

describe('gt06 0x80 online command encoder', () => {
  const vectors = captures.encoder.filter((v) => v.protocol === 'gt06' && v.kind === 'command');

  it.each(vectors.map((v) => [v.id, v] as const))('%s matches the fixture bytes (server flag 0, serial 0)', (_id, vector) => {
    const payload = String(vector.command!.attributes.data ?? commandText[vector.command!.type]);
    const bytes = encodeGt06Command({ kind: 'text', payload, imei: vector.command!.deviceUniqueId });
    expect(bytes.toString('hex')).toBe(vector.hex);
  });

  it('has the 4 fixture vectors', () => expect(vectors).toHaveLength(4));

  it('puts the server flag and serial in place, with a CRC-16/X-25 over length..serial', () => {
    const bytes = encodeGt06Command({ kind: 'text', payload: 'WHERE#', imei: '1', serverFlag: 0x01020304, serial: 0x0a0b });
    expect(bytes.subarray(0, 5).toString('hex')).toBe('787810800a'); // L 0x10, type 0x80, 4 + 6 bytes of command
    expect(bytes.readUInt32BE(5)).toBe(0x01020304);
    expect(bytes.subarray(9, 15).toString('latin1')).toBe('WHERE#');
    expect(bytes.readUInt16BE(15)).toBe(0x0a0b);
    expect(bytes.readUInt16BE(17)).toBe(crc16X25(bytes.subarray(2, 17)));
    expect(bytes.subarray(19).toString('hex')).toBe('0d0a');
  });

  it('sends a hex command as raw bytes and rejects what does not fit', () => {
    const bytes = encodeGt06Command({ kind: 'hex', payload: '0102', imei: '1' });
    expect(bytes.subarray(9, 11).toString('hex')).toBe('0102');
    expect(() => encodeGt06Command({ kind: 'hex', payload: 'xyz', imei: '1' })).toThrow(EncodeError);
    expect(() => encodeGt06Command({ kind: 'text', payload: 'x'.repeat(241), imei: '1' })).toThrow(EncodeError);
  });
});

describe('gt06 ACK frames (fixture response vectors)', () => {
  const acks = captures.encoder.filter((v) => v.protocol === 'gt06' && v.kind === 'response');

  it('builds the standard ACKs the fixture lists from type and serial', () => {
    for (const ack of acks) {
      const expected = Buffer.from(ack.responses![0]!.hex!, 'hex');
      if (expected[2] === 0) continue; // WiFi ACK: no length, no CRC (decoder test)
      const extended = expected[0] === 0x79;
      const type = expected[extended ? 4 : 3]!;
      const serial = expected.readUInt16BE(extended ? 5 : 4);
      expect(buildFrame({ extended, type, content: Buffer.alloc(0), serial }).toString('hex')).toBe(ack.responses![0]!.hex);
    }
  });
});
