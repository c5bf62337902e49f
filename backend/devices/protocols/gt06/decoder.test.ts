import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures } from '../__fixtures__/captures.js';
import { fixtureContext, replayEntry, summarize, type Verdict } from '../__fixtures__/replay.js';
import { DecodeError } from '../errors.js';
import { Gt06Decoder } from './decoder.js';

const captures = parseCaptures(readFileSync(new URL('../__fixtures__/device-captures.json', import.meta.url), 'utf8'));
const entries = decoderEntries(captures.gt06);

/** Frames that differ from Traccar, grouped by reason. Everything else must match exactly. */
const KNOWN_DIVERGENCES: Array<[reason: string, ids: string[]]> = [
  [
    '7979 0x70 with a zeroed GPS tag (time 0, 0/0): Traccar emits a fix at 1970-01-01 on the equator; we store a status (ICCID, battery) and no position',
    ['gt06-069'],
  ],
  [
    'malformed: stated length too short for the GPS block plus a stray byte before 0D0A (crcOk false); Traccar reads past the content into the serial, we decode nothing (same ACK)',
    ['gt06-039', 'gt06-106'],
  ],
  [
    'malformed: a login 3 bytes short and a 1-byte frame without serial/CRC; Traccar ACKs with bytes it reads as the serial, we throw DecodeError and send nothing',
    ['gt06-160', 'gt06-162'],
  ],
  [
    'ACK depends on a vendor layout of the same type (0x24 and 0x19 are ACKed by Traccar in other layouts); we ACK every 0x7878 type except 0x34/0x80-0x82/0x94/0xF3',
    ['gt06-045', 'gt06-052'],
  ],
  ['0x35 gets a 0x36 reply carrying device data in Traccar; we send the plain ACK', ['gt06-120']],
];

function replayAll(): Verdict[] {
  const decoder = new Gt06Decoder(); // the fixture is one connection; GT06 state-free anyway
  return entries.map((entry) => replayEntry(decoder, entry));
}

describe('gt06 decoder replaying the fixture in order', () => {
  const verdicts = replayAll();

  it('matches Traccar replies and positions on every frame except the known divergences', () => {
    console.log(summarize('gt06', verdicts));
    const failing = verdicts.filter((v) => !v.pass).map((v) => v.id);
    expect(failing.sort()).toEqual(KNOWN_DIVERGENCES.flatMap(([, ids]) => ids).sort());
  });
});

const frame = (id: string) => Buffer.from(entries.find((e) => e.id === id)!.hex, 'hex');
const decode = (id: string, context = fixtureContext) => new Gt06Decoder().decode(frame(id), context);

describe('gt06 messages', () => {
  it('login: IMEI from the BCD terminal id, ACK echoes the serial; no ACK for an unknown device', () => {
    expect(decode('gt06-002')).toMatchObject({
      messages: [{ type: 'login', imei: '864717003283581' }],
      reply: Buffer.from('78780501000955940d0a', 'hex'),
    });
    const unknown = decode('gt06-002', { ...fixtureContext, registered: () => false });
    expect(unknown.messages).toEqual([{ type: 'login', imei: '864717003283581' }]);
    expect(unknown.reply).toBeUndefined();
  });

  it('0x12 location: fix in km/h, cell, ACC from the course word', () => {
    const { messages } = decode('gt06-144');
    expect(messages).toEqual([
      {
        type: 'position',
        record: {
          time: new Date('2015-10-20T14:21:11.000Z'),
          valid: true,
          lat: expect.closeTo(54.945347, 6),
          lng: expect.closeTo(24.017622, 6),
          speed: 0,
          heading: expect.any(Number),
          satellites: 5,
          ignition: false,
          alarms: [],
          attributes: { mcc: 246, mnc: 1, lac: 110, cid: 0x55da },
        },
      },
    ]);
  });

  it('0x22 location: ACC, upload mode and re-upload flag', () => {
    const [message] = decode('gt06-112').messages;
    expect(message).toMatchObject({ type: 'position', record: { ignition: true, attributes: { event: 3, archive: true } } });
  });

  it('0x13 status: ignition, battery %, GSM %, alarms from the info bits and the alarm byte', () => {
    expect(decode('gt06-033').messages).toEqual([
      {
        type: 'status',
        record: {
          ignition: true, // info 0x06: ACC on, charging
          batteryLevel: 66, // level 4 of 6
          alarms: ['geofence_enter'], // alarm byte 0x04
          attributes: { status: 6, charging: true, blocked: false }, // GSM byte 0xEA is no level: no gsmSignal
        },
      },
    ]);
    expect(decode('gt06-123').messages[0]).toMatchObject({
      record: { ignition: false, batteryLevel: 100, gsmSignal: 100, attributes: { blocked: true } },
    });
    expect(decode('gt06-170').messages[0]).toMatchObject({ record: { alarms: ['power_cut'] } }); // info bits 3–5 = 2
  });

  it('0x16 / 0x26 alarm: status block after the cell, both alarm sources, deduplicated', () => {
    const [message] = decode('gt06-143').messages; // info 0x48 and alarm byte 0x03: vibration twice
    expect(message).toMatchObject({ type: 'position', record: { alarms: ['vibration'], batteryLevel: 66, gsmSignal: 100 } });
    const [powerCut] = decode('gt06-136').messages;
    expect(powerCut).toMatchObject({ record: { alarms: ['power_cut'] } });
    expect(decode('gt06-042').reply?.toString('hex')).toBe('78780526000733d40d0a');
  });

  it('0x15 and 0x21 command replies keep the server flag; UTF-16 text and a WHERE# fix are decoded', () => {
    expect(decode('gt06-057').messages).toEqual([{ type: 'command_reply', text: '<ICCID:89882390000097302650>', ref: 0 }]);
    expect(decode('gt06-126').messages).toEqual([{ type: 'command_reply', text: 'DYD=Success!', ref: 0 }]);
    expect(decode('gt06-099').messages).toEqual([{ type: 'command_reply', text: 'Command error!', ref: 0 }]); // encoding 2: UTF-16BE
    const where = decode('gt06-129');
    expect(where.reply).toBeUndefined();
    expect(where.messages[1]).toMatchObject({ type: 'position', record: { lat: 54.739332, lng: 25.27327, heading: 126.53 } });
  });

  it('answers the time request with the server UTC time and the address request with "no address"', () => {
    expect(decode('gt06-164').reply?.toString('hex')).toBe('78780b8a1a0b191438340000e7800d0a'); // 2026-11-25 20:56:52
    expect(decode('gt06-163').reply?.toString('hex')).toBe('79790015970b000000004e4126264e4126263023230000e61e0d0a');
  });

  it('answers a WiFi frame (byte 2 = AP count) with its own time bytes, no CRC', () => {
    expect(decode('gt06-100')).toEqual({ messages: [], reply: Buffer.from('787800691604130318490d0a', 'hex'), integrity: {} });
  });

  it('ACKs 7979 0x32/0x33 with a 7979 frame and 0x70/0xF1/0xF2 with a 7878 frame; other 7979 types not at all', () => {
    expect(decode('gt06-113').reply?.toString('hex')).toBe('797900053301094cf30d0a');
    expect(decode('gt06-003').reply?.toString('hex')).toBe('787805f10080c0690d0a');
    expect(decode('gt06-007').reply).toBeUndefined();
  });

  it('vendor layouts: the fix behind the terminal id (0x61, QH302R 0x12, NT20/XT40 0x22/0x25) or a header (0x34, 7979 0x32)', () => {
    const fix = (id: string) => (decode(id).messages[0] as { record: { lat: number; lng: number; time: Date; valid: boolean } }).record;
    expect(fix('gt06-005')).toMatchObject({
      lat: expect.closeTo(-25.082746, 6),
      lng: expect.closeTo(-50.168727, 6),
      attributes: { driverUniqueId: '20534657' },
    });
    expect(fix('gt06-179')).toMatchObject({ lat: expect.closeTo(13.48894, 6), speed: 44, heading: 250 });
    expect(fix('gt06-175')).toMatchObject({ time: new Date('2026-04-23T20:49:15Z'), valid: false }); // the second time is the fix's
    expect(fix('gt06-177')).toMatchObject({ lat: expect.closeTo(-23.46324, 6), satellites: 15 });
    expect(fix('gt06-071')).toMatchObject({ lat: expect.closeTo(24.295718, 6), lng: expect.closeTo(-103.407052, 6) });
    expect(fix('gt06-117')).toMatchObject({ lat: expect.closeTo(-6.133382, 6), heading: 53, satellites: 9 });
    expect(decode('gt06-114').messages).toEqual([]); // 7979 0x32 with GPS length 0
  });

  it('0x95 camera events: both fix layouts with event alarms and files, and a fix-less event as a status', () => {
    expect(decode('gt06-012').messages[0]).toMatchObject({ record: { speed: 44, powerVoltage: 13.8, alarms: ['hard_cornering'], attributes: { event: 146 } } });
    expect(decode('gt06-168').messages[0]).toMatchObject({ record: { lat: 50, lng: 19, alarms: ['sos'] } });
    expect((decode('gt06-169').messages[0] as unknown as { record: { attributes: { eventFiles: string } } }).record.attributes.eventFiles).toMatch(
      /^EVENT_353376110023196_.*\.mp4$/,
    );
    expect(decode('gt06-165')).toMatchObject({
      messages: [{ type: 'status', record: { alarms: ['hard_acceleration'] } }],
      reply: Buffer.from('78780595000133c40d0a', 'hex'),
    });
  });

  it('7979 0x70 TLV report: the GPS tag with ICCID and battery; a zeroed GPS tag is a status', () => {
    expect(decode('gt06-072').messages[0]).toMatchObject({
      type: 'position',
      record: {
        time: new Date('2019-09-15T13:18:16Z'),
        lat: expect.closeTo(43.894466, 6),
        heading: 277,
        batteryVoltage: 3.7,
        attributes: { iccid: '89012608522933976266' },
      },
    });
    expect(decode('gt06-069').messages).toEqual([
      { type: 'status', record: { alarms: [], batteryVoltage: 3.86, attributes: { iccid: '89340752000038689636' } } },
    ]);
  });

  it('throws DecodeError on a frame too short for its layout and keeps decoding afterwards', () => {
    const decoder = new Gt06Decoder();
    expect(() => decoder.decode(frame('gt06-001'), fixtureContext)).toThrow(DecodeError); // 0x12 without content
    expect(() => decoder.decode(Buffer.from('787801080d0a', 'hex'), fixtureContext)).toThrow(DecodeError);
    expect(() => decoder.decode(Buffer.from('1234', 'hex'), fixtureContext)).toThrow(DecodeError);
    expect(decoder.decode(frame('gt06-144'), fixtureContext).messages).toHaveLength(1);
  });
});

describe('gt06 CRC and length policy: decode, ACK, and report', () => {
  it('reports a good frame as such', () => {
    expect(decode('gt06-144').integrity).toEqual({ crcOk: true, lengthOk: true });
  });

  it('decodes and ACKs a frame with a wrong CRC exactly like a good one (gt06-146 = gt06-144 with another CRC)', () => {
    const good = decode('gt06-144');
    const bad = decode('gt06-146');
    expect(bad.integrity).toEqual({ crcOk: false, lengthOk: true });
    expect(bad.reply).toEqual(good.reply);
    expect(bad.messages[0]?.type).toBe('position');
  });

  it('decodes a frame whose stated length is wrong and reports it (gt06-039 states 21, has 22)', () => {
    const result = decode('gt06-039');
    expect(result.integrity.lengthOk).toBe(false);
    expect(result.reply?.toString('hex')).toBe('7878051110ffd7290d0a'); // serial = the 2 bytes before the CRC, as Traccar
  });
});
