import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2 } from '../__fixtures__/captures.js';
import { withSack } from '../__fixtures__/queclink.js';
import { fixtureContext, replayEntry, summarize, type Verdict } from '../__fixtures__/replay.js';
import { DecodeError } from '../errors.js';
import { QueclinkDecoder } from './decoder.js';

const captures = parseCaptures2(readFileSync(new URL('../__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
const entries = decoderEntries(captures.gl200).map(withSack);

/** Frames that differ from Traccar, grouped by reason. Everything else must match exactly. */
const KNOWN_DIVERGENCES: Array<[reason: string, ids: string[]]> = [
  [
    "GV355CEU GTCAN (protocol 802005…): the report carries a fix, found by shape; Traccar's field walk has no GV355CEU layout for it and keeps none",
    ['gl200-018', 'gl200-189'],
  ],
];

describe('queclink decoder replaying the fixture in order', () => {
  const decoder = new QueclinkDecoder();
  const verdicts: Verdict[] = entries.map((entry) => replayEntry(decoder, entry));
  it('matches Traccar replies and positions on every frame except the known divergences', () => {
    console.log(summarize('queclink', verdicts));
    const failing = verdicts.filter((v) => !v.pass).map((v) => v.id);
    expect(failing.sort()).toEqual(KNOWN_DIVERGENCES.flatMap(([, ids]) => ids).sort());
  });
});

const entry = (id: string) => entries.find((e) => e.id === id)!;
const decode = (id: string) => new QueclinkDecoder().decode(Buffer.from(entry(id).hex, 'hex'), fixtureContext);

describe('queclink messages', () => {
  it('a text report: login, its fixes with the state after them, +SACK:<count>$', () => {
    const result = decode('gl200-001');
    expect(result.messages).toEqual([
      { type: 'login', imei: '868487004353181' },
      {
        type: 'position',
        record: expect.objectContaining({
          time: new Date('2021-06-08T06:43:28Z'),
          valid: true,
          lat: 22.537178,
          lng: 114.015515,
          speed: 0,
          altitude: 264.1,
          powerVoltage: 14.051,
          odometer: 0,
          attributes: { hdop: 0, mcc: 460, mnc: 1, lac: 0x25f8, cid: 0x061a7d02 },
        }),
      },
    ]);
    expect(result.reply?.toString()).toBe('+SACK:32DB$');
    expect(decode('gl200-065').messages.filter((m) => m.type === 'position')).toHaveLength(4); // GTFRI with 4 points
    // GV500 with the VIN: supply after it, mileage, device status 210000 (ignition on, no inputs/outputs).
    expect(decode('gl200-133').messages[1]).toMatchObject({
      record: { powerVoltage: 12.802, odometer: 20460900, ignition: true, inputs: [false, false, false, false], outputs: [false, false, false, false] },
    });
    expect(decode('gl200-191').messages[1]).toMatchObject({ record: { ignition: false, satellites: 12 } });
    expect(decode('gl200-004').messages[1]).toMatchObject({ record: { alarms: ['sos'] } });
    expect(decode('gl200-168').messages[1]).toMatchObject({ record: { alarms: ['hard_acceleration'] } });
  });

  it('no fix: a status stamped with the send time; the heartbeat and command answers', () => {
    expect(decode('gl200-014').messages[1]).toMatchObject({ type: 'status', record: { time: new Date('2025-01-16T17:05:41Z') } });
    const heartbeat = decode('gl200-182');
    expect(heartbeat.messages).toEqual([{ type: 'login', imei: '135790246811220' }, { type: 'heartbeat' }]);
    expect(heartbeat.reply?.toString()).toBe('+SACK:GTHBD,1A0401,11F0$');
    const answer = decode('gl200-183');
    expect(answer.messages[1]).toMatchObject({ type: 'command_reply', text: '+ACK:GTRTO,1A0800,860599000773978,GL300,VER,FFFF,20161006053520,0C19' });
    expect(answer.reply).toBeUndefined();
  });

  it('binary reports: fixes, the compressed track point by point, information as a status; no reply', () => {
    const compressed = decode('gl200-194');
    expect(compressed.messages.filter((m) => m.type === 'position')).toHaveLength(268);
    expect(compressed.reply).toBeUndefined();
    expect(decode('gl200-193').messages[1]).toMatchObject({ record: { valid: false, batteryLevel: 100, powerVoltage: 14.328, satellites: 7 } });
    expect(decode('gl200-197').messages[1]).toMatchObject({ type: 'status' });
    expect(decode('gl200-192').messages[0]).toEqual({ type: 'login', imei: '865134050947226' });
    expect(decode('gl200-199').messages).toEqual([]); // binary +ACK: cut and skipped
  });

  it('refuses what is no report', () => {
    const decoder = new QueclinkDecoder();
    expect(() => decoder.decode(Buffer.from('hello$'), fixtureContext)).toThrow(DecodeError);
    expect(() => decoder.decode(Buffer.from('+RESP:GTFRI,,,'), fixtureContext)).toThrow(DecodeError);
    expect(() => decoder.decode(Buffer.from('2b5253506400fc1fbf058e4501', 'hex'), fixtureContext)).toThrow(DecodeError);
  });
});
