import { describe, expect, it } from 'vitest';
import { protocols } from '../protocols/index.js';
import type { DecodeContext, DecodeResult } from '../protocols/types.js';
import type { PositionRecord } from '../vocabulary.js';
import { TeltonikaFirmware } from './firmware/teltonika.js';
import {
  buildAvlPacket,
  buildCodec12,
  buildCodec12Response,
  buildImeiHandshake,
  CODEC8,
  CODEC8E,
  expectedAvlAck,
  HANDSHAKE_ACCEPT,
  HANDSHAKE_REJECT,
  IO,
  KEEP_ALIVE,
  parseCodec12,
  TeltonikaServerStream,
  type AvlRecord,
} from './frames/teltonika.js';
import { snapshot } from './test-support/snapshot.js';

const IMEI = '356307042441013';
const codec = protocols.teltonika;
const context = (registered = true): DecodeContext => ({ now: () => new Date('2026-03-01T12:00:00Z'), registered: () => registered });

/** One server connection: the real splitter (fed byte by byte) and the real decoder. */
function connection(registered = true) {
  const splitter = codec.createSplitter();
  const decoder = codec.createDecoder();
  return (bytes: Buffer[]): DecodeResult[] => {
    const results: DecodeResult[] = [];
    for (const chunk of bytes) {
      for (const byte of chunk) {
        for (const frame of splitter.push(Buffer.from([byte]))) results.push(decoder.decode(frame, context(registered)));
      }
    }
    expect(splitter.pending).toBe(0);
    return results;
  };
}

/** Decodes `bytes` on a fresh connection. */
const serverSide = (bytes: Buffer[], registered = true) => connection(registered)(bytes);

const record = (over: Partial<AvlRecord> = {}): AvlRecord => ({
  time: new Date('2026-03-01T11:59:58.250Z'),
  priority: 0,
  lat: 52.5162712,
  lng: 13.3777041,
  altitude: 38,
  heading: 271,
  satellites: 11,
  speed: 47,
  eventId: 0,
  io: [
    { id: IO.ignition, width: 1, value: 1 },
    { id: IO.movement, width: 1, value: 1 },
    { id: IO.gsmSignal, width: 1, value: 4 },
    { id: IO.digitalOutput1, width: 1, value: 1 },
    { id: IO.externalVoltage, width: 2, value: 13_874 },
    { id: IO.batteryVoltage, width: 2, value: 4_102 },
    { id: IO.odometer, width: 4, value: 123_456_789 },
  ],
  ...over,
});

function positions(results: DecodeResult[]): PositionRecord[] {
  return results.flatMap((r) => r.messages.flatMap((m) => (m.type === 'position' ? [m.record] : [])));
}

describe('teltonika frames through the real splitter and decoder', () => {
  it('IMEI handshake → login; the decoder answers 01, which the device accepts (00 for unknown: rejected)', () => {
    const firmware = new TeltonikaFirmware(IMEI);
    const login = firmware.login();
    expect(login.bytes.toString('hex')).toBe(`000f${Buffer.from(IMEI).toString('hex')}`);
    const [accepted] = serverSide([login.bytes]);
    expect(accepted!.messages).toEqual([{ type: 'login', imei: IMEI }]);
    expect(accepted!.reply).toEqual(HANDSHAKE_ACCEPT);
    expect(login.ack!.check(accepted!.reply!)).toBe('ok');
    const [rejected] = serverSide([login.bytes], false);
    expect(rejected!.reply).toEqual(HANDSHAKE_REJECT);
    expect(login.ack!.check(rejected!.reply!)).toBe('rejected');
    expect(login.ack!.check(Buffer.from([0x02]))).toBe('mismatch');
  });

  for (const [name, id] of [
    ['Codec 8', CODEC8],
    ['Codec 8E', CODEC8E],
  ] as const) {
    it(`${name} packet: every field decodes back, CRC and length check out, ACK = record count`, () => {
      const south = record({
        lat: -34.6037212,
        lng: -58.3815931,
        altitude: -12,
        heading: 0,
        speed: 0,
        satellites: 0,
        time: new Date('2026-03-01T11:59:59.999Z'),
        priority: 1,
      });
      const packet = buildAvlPacket([record(), south], id);
      expect(packet.readUInt32BE(0)).toBe(0);
      expect(packet.readUInt32BE(4)).toBe(packet.length - 12);
      const [handshake, data] = serverSide([buildImeiHandshake(IMEI), packet]);
      expect(handshake!.reply).toEqual(HANDSHAKE_ACCEPT);
      expect(data!.integrity).toEqual({ crcOk: true, lengthOk: true });
      expect(data!.reply).toEqual(expectedAvlAck(2));
      expect(data!.reply!.toString('hex')).toBe('00000002');
      const [first, second] = positions([data!]);
      expect(first).toMatchObject({
        time: new Date('2026-03-01T11:59:58.250Z'),
        valid: true,
        lat: 52.5162712,
        lng: 13.3777041,
        altitude: 38,
        heading: 271,
        satellites: 11,
        speed: 47,
        ignition: true,
        gsmSignal: 80,
        powerVoltage: 13.874,
        batteryVoltage: 4.102,
        odometer: 123_456_789,
        outputs: [true],
        alarms: [],
      });
      expect(first!.attributes).toMatchObject({ motion: true, priority: 0, event: 0 });
      expect(second).toMatchObject({
        time: new Date('2026-03-01T11:59:59.999Z'),
        valid: false,
        lat: -34.6037212,
        lng: -58.3815931,
        altitude: -12,
        heading: 0,
        speed: 0,
      });
      expect(second!.attributes.priority).toBe(1);
    });
  }

  it('Codec 8E carries variable-length (NX) elements', () => {
    const packet = buildAvlPacket([record({ nx: [{ id: 281, bytes: Buffer.from('P0420', 'latin1') }] })], CODEC8E);
    const [, data] = serverSide([buildImeiHandshake(IMEI), packet]);
    expect(data!.integrity).toEqual({ crcOk: true, lengthOk: true });
    expect(positions([data!])[0]!.attributes.io281).toBe(Buffer.from('P0420').toString('hex'));
    expect(() => buildAvlPacket([record({ nx: [{ id: 1, bytes: Buffer.alloc(1) }] })], CODEC8)).toThrow(RangeError);
  });

  it('the firmware packs several buffered records into one packet and expects that count back', () => {
    const firmware = new TeltonikaFirmware(IMEI, { maxRecordsPerPacket: 3 });
    const snap = snapshot();
    const out = firmware.positions([snap, { ...snap, time: new Date(snap.time.getTime() + 1000) }, snap, snap]);
    expect(out.records).toBe(3);
    const [, data] = serverSide([buildImeiHandshake(IMEI), out.bytes]);
    expect(positions([data!])).toHaveLength(3);
    expect(out.ack!.check(data!.reply!)).toBe('ok');
    expect(out.ack!.check(expectedAvlAck(2))).toBe('mismatch');
  });

  it('the keep-alive byte is a heartbeat the server does not answer', () => {
    const [, keepAlive] = serverSide([buildImeiHandshake(IMEI), KEEP_ALIVE]);
    expect(keepAlive!.messages).toEqual([{ type: 'heartbeat' }]);
    expect(keepAlive!.reply).toBeUndefined();
    expect(new TeltonikaFirmware(IMEI).heartbeat().ack).toBeUndefined();
  });

  it('builds the spec Codec 12 vectors byte for byte', () => {
    expect(buildCodec12(0x05, [Buffer.from('setdigout 11')]).toString('hex')).toBe('00000000000000140c01050000000c7365746469676f7574203131010000bed5');
    expect(buildCodec12(0x05, [Buffer.from('03030000000185E8', 'hex')]).toString('hex')).toBe('00000000000000100c01050000000803030000000185e8010000da8b');
    expect(buildCodec12(0x05, [Buffer.from('getinfo')]).toString('hex')).toBe('000000000000000f0c010500000007676574696e666f0100004312');
  });

  it('a Codec 12 response decodes to a command reply and gets no ACK', () => {
    const [, reply] = serverSide([buildImeiHandshake(IMEI), buildCodec12Response('DOUT1:1 Timeout:INFINITY')]);
    expect(reply!.messages).toEqual([{ type: 'command_reply', text: 'DOUT1:1 Timeout:INFINITY' }]);
    expect(reply!.reply).toBeUndefined();
    expect(reply!.integrity).toEqual({ crcOk: true, lengthOk: true });
  });
});

describe('teltonika server stream (device side)', () => {
  it('cuts handshake answer, record-count ACKs and Codec 12 commands, even byte by byte', () => {
    const command = codec.encodeCommand({ kind: 'text', payload: 'getver', imei: IMEI });
    const all = Buffer.concat([HANDSHAKE_ACCEPT, expectedAvlAck(1), command, expectedAvlAck(255), expectedAvlAck(2)]);
    const stream = new TeltonikaServerStream();
    const frames = [...all].flatMap((byte) => stream.push(Buffer.from([byte])));
    expect(frames.map((f) => f.kind)).toEqual(['handshake', 'ack', 'codec12', 'ack', 'ack']);
    expect(frames[1]).toMatchObject({ kind: 'ack', count: 1 });
    expect(frames[3]).toMatchObject({ kind: 'ack', count: 255 });
    expect(parseCodec12(frames[2]!.bytes)).toEqual({ type: 0x05, payloads: [Buffer.from('getver')], crcOk: true });
  });

  it('flags a Codec 12 command with a wrong CRC and rejects a malformed one', () => {
    const command = codec.encodeCommand({ kind: 'text', payload: 'getver', imei: IMEI });
    const bad = Buffer.from(command);
    bad[bad.length - 1]! ^= 0xff;
    expect(parseCodec12(bad).crcOk).toBe(false);
    const parser = new TeltonikaFirmware(IMEI).createParser();
    expect(parser.push(Buffer.concat([HANDSHAKE_ACCEPT, bad]))).toMatchObject([{ kind: 'ack' }, { kind: 'ignored', reason: 'Codec 12 CRC mismatch' }]);
    const short = Buffer.from(command);
    short.writeUInt32BE(short.readUInt32BE(4) - 1, 4);
    expect(() => parseCodec12(short)).toThrow(/length/);
  });
});

describe('teltonika commands: real encoder → device → Codec 12 response → real decoder', () => {
  const cases: [string, 'text' | 'hex', RegExp | string][] = [
    ['getinfo', 'text', /^RTC:\d{4}\/\d\d\/\d\d \d\d:\d\d Init:.* UpTime:\d+s .*SAT:\d+/],
    ['getver', 'text', new RegExp(`^Ver:\\S+ GPS:\\S+ Hw:FMB920 Mod:13 IMEI:${IMEI} `)],
    ['getparam 2004', 'text', 'Param ID:2004 Value:gw.example.com'],
    ['setparam 2004:demo.example.org;2005:6000;2006:0', 'text', 'New value 2004:demo.example.org;2005:6000;2006:0;'],
    ['setdigout 1', 'text', 'DOUT1:1 Timeout:INFINITY DOUT2:IGNORED'],
    ['getgps', 'text', /^GPS:1 Sat:\d+ Lat:52\.\d{6} Long:13\.\d{6} Alt:\d+ Speed:\d+ Dir:\d+ Date: \d{4}\/\d\d\/\d\d Time: \d\d:\d\d:\d\d$/],
    ['cpureset', 'text', 'OK cpureset'],
    ['03030000000185E8', 'hex', 'OK 03030000000185e8'],
  ];
  for (const [payload, kind, expected] of cases) {
    it(`${kind} ${payload}`, () => {
      const firmware = new TeltonikaFirmware(IMEI, { host: 'gw.example.com', port: 5027 });
      const server = connection();
      server([buildImeiHandshake(IMEI)]);
      const parser = firmware.createParser();
      parser.push(HANDSHAKE_ACCEPT);
      const inputs = parser.push(codec.encodeCommand({ kind, payload, imei: IMEI }));
      expect(inputs).toHaveLength(1);
      const input = inputs[0]!;
      if (input.kind !== 'command') throw new Error(`expected a command, got ${input.kind}`);
      expect(kind === 'text' ? input.command.text : input.command.hex).toBe(kind === 'text' ? payload : payload.toLowerCase());
      const answer = firmware.answer(input.command, snapshot());
      if (typeof expected === 'string') expect(answer.text).toBe(expected);
      else expect(answer.text).toMatch(expected);
      expect(answer.reply.ack).toBeUndefined();
      const [decoded] = server([answer.reply.bytes]);
      expect(decoded!.messages).toEqual([{ type: 'command_reply', text: answer.text }]);
      expect(decoded!.reply).toBeUndefined();
    });
  }

  it('keeps firmware state: setdigout drives IO 179, setparam is read back, defaultcfg resets', () => {
    const firmware = new TeltonikaFirmware(IMEI, { host: 'a.example', port: 1 });
    const s = snapshot();
    expect(firmware.respond('setdigout 1', s)).toMatch(/^DOUT1:1/);
    const [, data] = serverSide([buildImeiHandshake(IMEI), firmware.positions([s]).bytes]);
    expect(positions([data!])[0]!.outputs).toEqual([true]);
    expect(firmware.respond('setdigout 0', s)).toMatch(/^DOUT1:0/);
    expect(firmware.out1).toBe(false);
    firmware.respond('setparam 2004:b.example;2005:7000', s);
    expect(firmware.respond('getparam 2004;2005', s)).toBe('Param ID:2004 Value:b.example;Param ID:2005 Value:7000');
    expect(firmware.respond('defaultcfg', s)).toBe('Default configuration loaded');
    expect(firmware.respond('getparam 2004', s)).toBe('Param ID:2004 Value:a.example');
    expect(firmware.respond('readio 16', s)).toBe(`IO ID:16 Value:${s.odometer}`);
  });
});
