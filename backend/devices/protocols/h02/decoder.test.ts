import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures } from '../__fixtures__/captures.js';
import { fixtureContext, replayEntry, summarize, type Verdict } from '../__fixtures__/replay.js';
import { DecodeError } from '../errors.js';
import { H02Decoder } from './decoder.js';

const captures = parseCaptures(readFileSync(new URL('../__fixtures__/device-captures.json', import.meta.url), 'utf8'));
const entries = decoderEntries(captures.h02);

/** Frames that differ from Traccar, grouped by reason. Everything else must match exactly. */
const KNOWN_DIVERGENCES: Array<[reason: string, ids: string[]]> = [
  [
    "V19: Traccar stamps the fix with its own clock (its V19 pattern skips the date); we use the frame's hhmmss + ddmmyy, which agree with the same device's NBR frames",
    ['h02-019', 'h02-028', 'h02-034', 'h02-048'],
  ],
];

function replayAll(): Verdict[] {
  const decoder = new H02Decoder(); // one connection; the decoder only tracks the device id
  return entries.map((entry) => replayEntry(decoder, entry));
}

describe('h02 decoder replaying the fixture in order', () => {
  const verdicts = replayAll();

  it('matches Traccar replies and positions on every frame except the known divergences', () => {
    console.log(summarize('h02', verdicts));
    const failing = verdicts.filter((v) => !v.pass).map((v) => v.id);
    expect(failing.sort()).toEqual(KNOWN_DIVERGENCES.flatMap(([, ids]) => ids).sort());
  });
});

const frame = (id: string) => Buffer.from(entries.find((e) => e.id === id)!.hex, 'hex');
const decode = (id: string) => new H02Decoder().decode(frame(id), fixtureContext);

describe('h02 messages', () => {
  it('V1: login for a new id, the fix in km/h with status bits, and the V4 reply with the server time', () => {
    const result = decode('h02-002'); // V6: no reply, power cut (status bit 19 low)
    expect(result.messages[0]).toEqual({ type: 'login', imei: '3177718238' });
    expect(result.messages[1]).toMatchObject({ type: 'position', record: { valid: false, alarms: ['power_cut'], ignition: false } });
    expect(result.reply).toBeUndefined();
    const v1 = decode('h02-009');
    expect(v1.reply?.toString()).toBe('*HQ,865205035331981,V4,V1,20261125205652#');
    expect(v1.messages[1]).toMatchObject({ record: { speed: expect.closeTo(3.34 * 1.852, 6), heading: 342 } });
  });

  it('reads the three coordinate forms', () => {
    const lat = (id: string) => (decode(id).messages[1] as { record: { lat: number; lng: number } }).record;
    expect(lat('h02-001')).toMatchObject({ lat: expect.closeTo(35.703405, 6), lng: expect.closeTo(-0.64418, 6) }); // 38.6508,W
    expect(lat('h02-003')).toMatchObject({ lat: expect.closeTo(-37.955653, 6), lng: expect.closeTo(145.061703, 6) }); // no dot
    expect(lat('h02-052')).toMatchObject({ lat: expect.closeTo(-23.05568, 6), lng: expect.closeTo(-48.04821, 6) }); // -dd-mm
  });

  it('emits one login per device id on a connection', () => {
    const decoder = new H02Decoder();
    const logins = ['h02-064', 'h02-065', 'h02-072'].flatMap((id) => decoder.decode(frame(id), fixtureContext).messages.filter((m) => m.type === 'login'));
    expect(logins).toEqual([
      { type: 'login', imei: '2020916012' },
      { type: 'login', imei: '353588020068342' },
    ]);
  });

  it('V4: the command reply text up to its echoed time, plus the fix after it', () => {
    const { messages } = decode('h02-071');
    expect(messages[1]).toEqual({ type: 'command_reply', text: 'S1,OK,pass_word,130305' });
    expect(messages[2]).toMatchObject({ type: 'position', record: { alarms: ['sos'] } });
  });

  it('HTBT: echoed; with a battery level it is a status, without one a heartbeat', () => {
    expect(decode('h02-005')).toMatchObject({
      messages: [{ type: 'login' }, { type: 'status', record: { batteryLevel: 100 } }],
      reply: Buffer.from('*HQ,135790246811220,HTBT#'),
    });
    expect(decode('h02-008').messages[1]).toEqual({ type: 'heartbeat' });
  });

  it('NBR and LINK: status without a fix; NBR answered with V4,NBR and the server time', () => {
    const nbr = decode('h02-035');
    expect(nbr.reply?.toString()).toBe('*HQ,4109179024,V4,NBR,20261125205652#');
    expect(nbr.messages[1]).toMatchObject({
      type: 'status',
      record: { time: new Date('2017-02-10T10:37:32Z'), ignition: false, attributes: { mcc: 722, mnc: 310, lac: 8106, cid: 32010 } },
    });
    expect(decode('h02-025').messages[1]).toMatchObject({ type: 'status', record: { batteryLevel: 84, gsmSignal: 48 } });
  });

  it('SMS: free text with commas and line breaks is a command reply', () => {
    const [, reply] = decode('h02-086').messages;
    expect(reply).toMatchObject({ type: 'command_reply' });
    expect((reply as { text: string }).text).toContain('UT:30,30,300\nVOLT:12.9V');
  });

  it('binary frames: BCD fix, battery level, status alarms; 8-byte ids give the 15-digit IMEI', () => {
    expect(decode('h02-078').messages[1]).toMatchObject({
      type: 'position',
      record: { valid: true, lat: expect.closeTo(4.698983, 6), lng: expect.closeTo(-74.069717, 6), batteryLevel: 100, alarms: ['sos'] },
    });
    const long = decode('h02-012');
    expect(long.messages[0]).toEqual({ type: 'login', imei: '352483084193293' });
    expect(long.messages[1]).toMatchObject({ record: { speed: expect.closeTo(24 * 1.852, 6), heading: 138, ignition: true } });
  });

  it('unknown types decode to nothing; a frame without a usable location or shape throws DecodeError', () => {
    expect(decode('h02-042').messages).toEqual([{ type: 'login', imei: '356803210091319' }]); // BS
    const decoder = new H02Decoder();
    expect(() => decoder.decode(frame('h02-017'), fixtureContext)).toThrow(DecodeError); // V1 with empty coordinates
    expect(() => decoder.decode(Buffer.from('*HQ,1#'), fixtureContext)).toThrow(DecodeError);
    expect(() => decoder.decode(Buffer.from('*HQ,1,V1,no end'), fixtureContext)).toThrow(DecodeError);
    expect(() => decoder.decode(Buffer.from('24ffffffffff', 'hex'), fixtureContext)).toThrow(DecodeError);
    expect(decoder.decode(frame('h02-009'), fixtureContext).messages).toHaveLength(2); // still works
  });

  it('has no CRC or length field to check: integrity is empty', () => {
    expect(decode('h02-009').integrity).toEqual({});
    expect(decode('h02-007').integrity).toEqual({});
  });
});
