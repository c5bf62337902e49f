import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2 } from '../__fixtures__/captures.js';
import { fixtureContext, replayEntry, summarize, type Verdict } from '../__fixtures__/replay.js';
import { DecodeError } from '../errors.js';
import { SuntechDecoder } from './decoder.js';

const captures = parseCaptures2(readFileSync(new URL('../__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
const entries = decoderEntries(captures.suntech);

/** Frames that differ from Traccar, grouped by reason. Everything else must match exactly. */
const KNOWN_DIVERGENCES: Array<[reason: string, ids: string[]]> = [
  ['binary reports (0x02, 0x81, 0x82 markers): cut by their length and skipped, not decoded', ['suntech-001', 'suntech-018', 'suntech-021', 'suntech-022']],
];

describe('suntech decoder replaying the fixture in order', () => {
  const decoder = new SuntechDecoder();
  const verdicts: Verdict[] = entries.map((entry) => replayEntry(decoder, entry));

  it('matches Traccar replies and positions on every frame except the known divergences', () => {
    console.log(summarize('suntech', verdicts));
    const failing = verdicts.filter((v) => !v.pass).map((v) => v.id);
    expect(failing.sort()).toEqual(KNOWN_DIVERGENCES.flatMap(([, ids]) => ids).sort());
  });
});

const entry = (id: string) => entries.find((e) => e.id === id)!;
const decode = (id: string) => new SuntechDecoder().decode(Buffer.from(entry(id).hex, 'hex'), fixtureContext);

describe('suntech messages', () => {
  it('finds the fix by shape in every text layout: classic, ST600 cells, universal, ST4xx cell lists, ST910', () => {
    expect(decode('suntech-028').messages).toEqual([
      { type: 'login', imei: '007238270' },
      {
        type: 'position',
        record: expect.objectContaining({
          time: new Date('2019-02-20T12:05:04Z'),
          lat: 4.644623,
          lng: -74.076922,
          speed: 10.39,
          heading: 202.77,
          satellites: 20,
          valid: true,
        }),
      },
    ]);
    expect(decode('suntech-033').messages[1]).toMatchObject({ record: { lat: -16.530023, speed: 18.64 } });
    expect(decode('suntech-016').messages[1]).toMatchObject({ record: { lat: 20.741764, lng: -103.430364, satellites: 19 } });
    expect(decode('suntech-002').messages[1]).toMatchObject({ record: { time: new Date('2024-07-29T19:22:43Z'), heading: 297.35 } });
    expect(decode('suntech-040').messages).toEqual([
      { type: 'login', imei: '205576803' },
      { type: 'position', record: expect.objectContaining({ valid: false }) },
    ]);
    expect(decode('suntech-041').messages[1]).toMatchObject({ record: { alarms: ['sos'] } });
  });

  it('keep-alives are heartbeats, command answers are command replies, trip reports carry no fix; nothing is ever answered', () => {
    expect(decode('suntech-047').messages).toEqual([{ type: 'login', imei: '317652' }, { type: 'heartbeat' }]);
    expect(decode('suntech-062').messages[1]).toEqual({ type: 'command_reply', text: '319H;Disable1' });
    expect(decode('suntech-008').messages[1]).toEqual({ type: 'command_reply', text: '04;02;TEST' });
    expect(decode('suntech-078').messages).toHaveLength(1);
    for (const e of entries.filter((e) => !e.hex.startsWith('2d')))
      expect(new SuntechDecoder().decode(Buffer.from(e.hex, 'hex'), fixtureContext).reply, e.id).toBeUndefined();
    expect(() => decode('suntech-063')).toThrow(DecodeError); // '-Error': no device id
  });
});
