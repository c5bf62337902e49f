import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCaptures } from '../__fixtures__/captures.js';
import { EncodeError } from '../errors.js';
import { encodeH02Command } from './encoder.js';

const captures = parseCaptures(readFileSync(new URL('../__fixtures__/device-captures.json', import.meta.url), 'utf8'));

/** Traccar command types as the text a dealer would send (`<cmd>,<params>`). */
const commandText: Record<string, string> = {
  alarmArm: 'SCF,0,0',
  alarmDisarm: 'SCF,1,1',
  engineStop: 'S20,1,1',
  engineResume: 'S20,1,0',
  positionPeriodic: 'S71,22,10',
};

describe('h02 text command encoder', () => {
  const vectors = captures.encoder.filter((v) => v.protocol === 'h02' && v.kind === 'command');

  it.each(vectors.map((v) => [v.id, v] as const))('%s matches the fixture text at the fixed time', (_id, vector) => {
    const time = new Date(`2026-01-01T${vector.time}Z`); // the test fixed 01:02:03
    const bytes = encodeH02Command({ kind: 'text', payload: commandText[vector.command!.type]!, imei: vector.command!.deviceUniqueId, time });
    expect(bytes.toString('latin1')).toBe(vector.text);
    expect(bytes.toString('hex')).toBe(vector.hex);
  });

  it('has the 5 fixture vectors', () => expect(vectors).toHaveLength(5));

  it('sends a command without parameters, stamped with the UTC send time', () => {
    const bytes = encodeH02Command({ kind: 'text', payload: 'R1', imei: '4106012736', time: new Date('2026-03-04T23:59:58Z') });
    expect(bytes.toString()).toBe('*HQ,4106012736,R1,235958#');
  });

  it('rejects hex commands and payloads that would break the frame', () => {
    expect(() => encodeH02Command({ kind: 'hex', payload: '0102', imei: '1' })).toThrow(EncodeError);
    expect(() => encodeH02Command({ kind: 'text', payload: 'S20,1#', imei: '1' })).toThrow(EncodeError);
    expect(() => encodeH02Command({ kind: 'text', payload: '', imei: '1' })).toThrow(EncodeError);
  });
});
