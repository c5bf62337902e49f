import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2 } from '../__fixtures__/captures.js';
import { fixtureContext, replayEntry, summarize, type Verdict } from '../__fixtures__/replay.js';
import { DecodeError } from '../errors.js';
import { Gps103Decoder } from './decoder.js';

const captures = parseCaptures2(readFileSync(new URL('../__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
const entries = decoderEntries(captures.gps103);

describe('gps103 decoder replaying the fixture in order', () => {
  const decoder = new Gps103Decoder();
  const verdicts: Verdict[] = entries.map((entry) => replayEntry(decoder, entry));

  it('matches Traccar replies and positions on every frame', () => {
    console.log(summarize('gps103', verdicts));
    expect(verdicts.filter((v) => !v.pass).map((v) => v.id)).toEqual([]);
  });
});

const entry = (id: string) => entries.find((e) => e.id === id)!;
const decode = (id: string) => new Gps103Decoder().decode(Buffer.from(entry(id).hex, 'hex'), fixtureContext);

describe('gps103 messages', () => {
  it('handshake and heartbeat log in and are answered LOAD / ON; an SOS report is answered once stored', () => {
    expect(decode('gps103-046')).toEqual({ messages: [{ type: 'login', imei: '359586015829802' }], reply: Buffer.from('LOAD'), integrity: {} });
    expect(decode('gps103-012').reply).toEqual(Buffer.from('LOAD'));
    expect(decode('gps103-047')).toEqual({
      messages: [{ type: 'login', imei: '359586015829802' }, { type: 'heartbeat' }],
      reply: Buffer.from('ON'),
      integrity: {},
    });
    const sos = decode('gps103-063');
    expect(sos.reply?.toString()).toBe('**,imei:359586015829802,E;');
    expect(sos.messages[1]).toMatchObject({ type: 'position', record: { alarms: ['sos'] } });
    // a heartbeat glued to the next report: ON, then the report
    const glued = decode('gps103-035');
    expect(glued.reply?.toString()).toBe('ON');
    expect(glued.messages.map((m) => m.type)).toEqual(['login', 'position']);
  });

  it('reads the fix time from the local date and the UTC time, speed in knots as km/h, and the state after the fix', () => {
    expect(decode('gps103-044').messages[1]).toMatchObject({ record: { time: new Date('2015-10-26T23:59:57Z'), lat: 24.491926666666668 } });
    expect(decode('gps103-032').messages[1]).toMatchObject({ record: { speed: 65.26 * 1.852, heading: 271.82 } });
    expect(decode('gps103-081').messages[1]).toMatchObject({ record: { ignition: false, attributes: { door: true, event: 'acc off' } } });
    expect(decode('gps103-010').messages[1]).toMatchObject({ record: { speed: 67, satellites: 8, valid: true } });
  });

  it('cell-only and OBD reports are statuses; photo data stores nothing; garbage is refused', () => {
    expect(decode('gps103-016').messages[1]).toMatchObject({ type: 'status', record: { attributes: { lac: 0x296a, cid: 0x51f7 } } });
    expect(decode('gps103-017').messages[1]).toMatchObject({ type: 'status', record: { odometer: 5_000_000_000, powerVoltage: 14.24 } });
    expect(decode('gps103-007').messages).toEqual([{ type: 'login', imei: '864180034124375' }]);
    expect(() => new Gps103Decoder().decode(Buffer.from('hello'), fixtureContext)).toThrow(DecodeError);
    expect(() => new Gps103Decoder().decode(Buffer.from(''), fixtureContext)).toThrow(DecodeError);
  });
});
