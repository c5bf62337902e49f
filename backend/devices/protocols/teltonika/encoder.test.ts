import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCaptures } from '../__fixtures__/captures.js';
import { EncodeError } from '../errors.js';
import { encodeTeltonikaCommand } from './encoder.js';

const captures = parseCaptures(readFileSync(new URL('../__fixtures__/device-captures.json', import.meta.url), 'utf8'));

/** Traccar command types as the text a dealer would send (Traccar's encoder maps them the same). */
const commandText: Record<string, string> = { engineStop: 'setdigout 1', engineResume: 'setdigout 0' };

describe('teltonika Codec 12 encoder', () => {
  const vectors = captures.encoder.filter((v) => v.protocol === 'teltonika' && v.kind === 'command');

  it.each(vectors.map((v) => [v.id, v] as const))('%s matches the fixture bytes', (_id, vector) => {
    const data = String(vector.command!.attributes.data ?? commandText[vector.command!.type]);
    const kind = /^([0-9a-fA-F]{2})+$/.test(data) ? 'hex' : 'text'; // Traccar sends hex pairs as raw bytes
    const bytes = encodeTeltonikaCommand({ kind, payload: data, imei: vector.command!.deviceUniqueId });
    expect(bytes.toString('hex')).toBe(vector.hex);
  });

  it('has the 6 fixture vectors and the spec examples', () => {
    expect(vectors).toHaveLength(6);
    const getinfo = encodeTeltonikaCommand({ kind: 'text', payload: 'getinfo', imei: '1' });
    expect(getinfo.toString('hex')).toBe('000000000000000f0c010500000007676574696e666f0100004312');
    const raw = encodeTeltonikaCommand({ kind: 'hex', payload: '03030000000185E8', imei: '1' });
    expect(raw.toString('hex')).toBe('00000000000000100c01050000000803030000000185e8010000da8b');
  });

  it('sends a text command that looks like hex as ASCII when asked for text', () => {
    const bytes = encodeTeltonikaCommand({ kind: 'text', payload: 'abcd', imei: '1' });
    expect(bytes.subarray(15, 19).toString('latin1')).toBe('abcd');
  });

  it('rejects a hex payload that is not whole hex pairs', () => {
    expect(() => encodeTeltonikaCommand({ kind: 'hex', payload: '0x12', imei: '1' })).toThrow(EncodeError);
    expect(() => encodeTeltonikaCommand({ kind: 'hex', payload: 'abc', imei: '1' })).toThrow(EncodeError);
  });
});
