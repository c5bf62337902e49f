import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2 } from '../__fixtures__/captures.js';
import { fixtureContext, replayEntry, summarize, type Verdict } from '../__fixtures__/replay.js';
import { RuptelaDecoder } from './decoder.js';

const captures = parseCaptures2(readFileSync(new URL('../__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
const entries = decoderEntries(captures.ruptela);

/** Frames that differ from Traccar, grouped by reason. Everything else must match exactly. */
const KNOWN_DIVERGENCES: Array<[reason: string, ids: string[]]> = [
  ['command 37 (file transfer): Traccar answers with its file reply (89); we do not take files, no reply', ['ruptela-005']],
  ['command 9 (diagnostic trouble codes with a fix, stated length 11 of 48): not decoded; Traccar stores 2 positions and answers 109', ['ruptela-009']],
];

describe('ruptela decoder replaying the fixture in order', () => {
  const decoder = new RuptelaDecoder();
  const verdicts: Verdict[] = entries.map((entry) => replayEntry(decoder, entry));

  it('matches Traccar replies and positions on every frame except the known divergences', () => {
    console.log(summarize('ruptela', verdicts));
    const failing = verdicts.filter((v) => !v.pass).map((v) => v.id);
    expect(failing.sort()).toEqual(KNOWN_DIVERGENCES.flatMap(([, ids]) => ids).sort());
  });
});

const frame = (id: string) => Buffer.from(entries.find((e) => e.id === id)!.hex, 'hex');
const decode = (id: string) => new RuptelaDecoder().decode(frame(id), fixtureContext);

describe('ruptela messages', () => {
  it('records (command 1): IMEI login, fix in 1e-7°, km/h, 0.01° angle, IO values with power, battery and odometer; ACK 100', () => {
    const result = decode('ruptela-012');
    expect(result.messages[0]).toEqual({ type: 'login', imei: '863071016796572' });
    expect(result.messages[1]).toMatchObject({
      type: 'position',
      record: {
        lat: 5.6292216,
        lng: -0.067495,
        altitude: 48.7,
        satellites: 9,
        powerVoltage: 13.286,
        batteryVoltage: 4.097,
        odometer: 30714,
        attributes: { event: 7, hdop: 1.3, io67: 680 },
      },
    });
    expect(result.reply?.toString('hex')).toBe('0002640113bc');
    expect(result.integrity).toEqual({ lengthOk: true, crcOk: true });
  });

  it('extended records (command 68): the parts of one position (same time) are merged', () => {
    const result = decode('ruptela-010');
    const positions = result.messages.filter((m) => m.type === 'position');
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ record: { speed: 12, heading: 92.2, odometer: 7816907, attributes: { event: 9, io574: 1282, io92: 508443 } } });
  });

  it('records without a fix (0x80000000 coordinates, clock unset) are a status; identification (15) gets 115; a command 7 response is a command reply', () => {
    expect(decode('ruptela-003').messages.filter((m) => m.type === 'status').length).toBe(29);
    expect(decode('ruptela-002').reply?.toString('hex')).toBe('00027301cb25');
    expect(decode('ruptela-008').messages[1]).toMatchObject({ type: 'command_reply', text: expect.stringContaining('DIN1=1,DIN2=0') });
    expect(decode('ruptela-008').reply).toBeUndefined();
  });

  it('CRC and length policy: a wrong CRC or stated length is decoded and answered, and reported', () => {
    expect(decode('ruptela-007').integrity).toEqual({ lengthOk: false, crcOk: true }); // the CRC covers what was sent
    const bad = frame('ruptela-012');
    bad[bad.length - 1] ^= 0xff;
    const result = new RuptelaDecoder().decode(bad, fixtureContext);
    expect(result.integrity).toEqual({ lengthOk: true, crcOk: false });
    expect(result.reply?.toString('hex')).toBe('0002640113bc');
  });
});
