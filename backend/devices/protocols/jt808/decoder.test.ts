import { describe, expect, it } from 'vitest';
import { jt808Entries, jt808Reply } from '../__fixtures__/jt808.js';
import { fixtureContext, replayEntry, summarize, type Verdict } from '../__fixtures__/replay.js';
import { DecodeError } from '../errors.js';
import { Jt808Decoder } from './decoder.js';

/** Frames that differ from Traccar, grouped by reason. Everything else must match exactly. */
const KNOWN_DIVERGENCES: Array<[reason: string, ids: string[]]> = [
  [
    'GL100 0x0900 transparent data carrying a vendor report (a fix-less 0/0 location in Traccar): acknowledged (0x8001), not decoded',
    ['jt808-112', 'jt808-113'],
  ],
];

describe('jt808 decoder replaying the fixture in order', () => {
  const decoder = new Jt808Decoder();
  const verdicts: Verdict[] = jt808Entries.map((entry) => replayEntry(decoder, jt808Reply(entry)));

  it('matches Traccar replies and positions on every frame except the known divergences', () => {
    console.log(summarize('jt808', verdicts));
    const failing = verdicts.filter((v) => !v.pass).map((v) => v.id);
    expect(failing.sort()).toEqual(KNOWN_DIVERGENCES.flatMap(([, ids]) => ids).sort());
  });
});

const entry = (id: string) => jt808Entries.find((e) => e.id === id)!;
const frame = (id: string) => Buffer.from(entry(id).hex, 'hex');
const decode = (id: string, context = fixtureContext) => new Jt808Decoder().decode(frame(id), context);

describe('jt808 messages', () => {
  it('0x0100 registration: 0x8100 with the phone digits as auth code (2013 and 2019 headers); an unknown terminal gets result 4', () => {
    expect(decode('jt808-056')).toMatchObject({
      messages: [{ type: 'login', imei: '013345678906' }],
      reply: Buffer.from('7e8100000f0133456789060000000f00303133333435363738393036187e', 'hex'),
    });
    expect(decode('jt808-005').reply?.toString('hex')).toBe(entry('jt808-005').traccar!.responses![0]!.hex);
    const refused = decode('jt808-056', { ...fixtureContext, registered: () => false });
    expect(refused.reply!.subarray(1, 3).toString('hex')).toBe('8100');
    expect(refused.reply![refused.reply!.length - 3]).toBe(4); // result: no such terminal
  });

  it('the device id is the phone as sent, or its short form when that is the one registered', () => {
    const registered = (id: string) => id === '13345678906';
    expect(decode('jt808-056', { ...fixtureContext, registered }).messages[0]).toEqual({ type: 'login', imei: '13345678906' });
  });

  it('0x0102 authentication: 0x8001 OK, failure (result 1) for an unknown terminal; other frames of an unknown terminal get nothing', () => {
    expect(decode('jt808-087').reply?.toString('hex')).toBe('7e8001000501351122112200000006010200b57e');
    const failed = decode('jt808-087', { ...fixtureContext, registered: () => false }).reply!;
    expect(failed[failed.length - 3]).toBe(1);
    expect(decode('jt808-004', { ...fixtureContext, registered: () => false }).reply).toBeUndefined();
  });

  it('0x0200 location: GMT+8 BCD time, 0.1 km/h speed, status and alarm bits, odometer/signal/satellite items', () => {
    const [, position] = decode('jt808-004').messages;
    expect(position).toMatchObject({
      type: 'position',
      record: {
        time: new Date('2020-08-07T10:07:22Z'),
        valid: true,
        lat: 22.64483,
        lng: 114.02938,
        speed: 0,
        odometer: 100,
        satellites: 9,
        gsmSignal: 90,
        ignition: false,
      },
    });
    const [, alarmed] = decode('jt808-001').messages; // 0x0704 item, alarm bits 8 (main power off) and 18 (no shared name)
    expect(alarmed).toMatchObject({ record: { alarms: ['power_cut'], odometer: 1402500, attributes: { alarmBits: 0x40100, archive: true } } });
  });

  it('0x0704 batch: one position per item, one 0x8001 for the frame; 0x0002 heartbeat', () => {
    const result = decode('jt808-013');
    expect(result.messages.filter((m) => m.type === 'position')).toHaveLength(6);
    expect(decode('jt808-093').messages).toEqual([{ type: 'login', imei: '043048325465' }, { type: 'heartbeat' }]);
  });

  it('vendor 0x5501/0x5502: BCD fix (UTC, knots, course / 2), 0x4401 reply when properties bit 15 is set', () => {
    const report = decode('jt808-034');
    expect(report.messages[1]).toMatchObject({
      type: 'position',
      record: {
        time: new Date('2021-05-06T17:59:40Z'),
        valid: true,
        lat: expect.closeTo(22.58079, 6),
        lng: expect.closeTo(113.9176, 6),
        speed: 5 * 1.852,
        heading: 304,
      },
    });
    expect(report.reply?.toString('hex')).toBe('7e4401000385801203000301550100047e');
    expect(decode('jt808-045').messages[1]).toMatchObject({ record: { lat: expect.closeTo(-29.897718, 6) } }); // flags 5: south, east
    expect(decode('jt808-067')).toMatchObject({ messages: [{ type: 'login' }, { record: { lng: expect.closeTo(-75.599188, 6) } }] });
    expect(decode('jt808-067').reply).toBeUndefined(); // bit 15 clear: no reply
    expect(decode('jt808-070').messages[1]).toMatchObject({ record: { valid: false } }); // 0x5502
  });

  it('0x0001 terminal response and 0x6006 text are command replies', () => {
    const response = Buffer.from('7e0001000501334567890600070001830000' + '00' + '7e', 'hex');
    let xor = 0;
    for (const byte of response.subarray(1, -2)) xor ^= byte;
    response[response.length - 2] = xor;
    expect(new Jt808Decoder().decode(response, fixtureContext).messages[1]).toEqual({ type: 'command_reply', text: '0x8300 #1: OK' });
    expect(decode('jt808-024').messages[1]).toMatchObject({ type: 'command_reply', text: expect.stringContaining('VER:SDK:') });
  });

  it('text frames: BASE,2 answered with the server UTC time; others decode to a login only', () => {
    expect(decode('jt808-053').reply?.toString()).toBe('(794104004140,1,001,BASE,2,20261125205652)');
    expect(decode('jt808-068')).toEqual({ messages: [{ type: 'login', imei: '740190311185' }], integrity: {} });
  });

  it('CRC and length policy: decoded and answered like good frames, reported in integrity', () => {
    const good = decode('jt808-004');
    expect(good.integrity).toEqual({ crcOk: true, lengthOk: true });
    const badCrc = frame('jt808-004');
    badCrc[badCrc.length - 2] ^= 0x55;
    const badLength = frame('jt808-004');
    badLength[4] ^= 0x01; // stated body length one off
    for (const [bytes, integrity] of [
      [badCrc, { crcOk: false, lengthOk: true }],
      [badLength, { crcOk: false, lengthOk: false }],
    ] as const) {
      const result = new Jt808Decoder().decode(bytes, fixtureContext);
      expect(result.integrity).toEqual(integrity);
      expect(result.messages[1]).toEqual(good.messages[1]);
      expect(result.reply).toEqual(good.reply);
    }
  });

  it('throws DecodeError on a frame too short for its header or layout, and keeps decoding', () => {
    const decoder = new Jt808Decoder();
    expect(() => decoder.decode(Buffer.from('7e01027e', 'hex'), fixtureContext)).toThrow(DecodeError);
    expect(() => decoder.decode(Buffer.from('7e0200000001334567890600010000007e', 'hex'), fixtureContext)).toThrow(DecodeError);
    expect(() => decoder.decode(Buffer.from('(no end', 'latin1'), fixtureContext)).toThrow(DecodeError);
    expect(decoder.decode(frame('jt808-004'), fixtureContext).messages).toHaveLength(2);
  });
});
