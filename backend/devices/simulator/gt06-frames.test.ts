import { describe, expect, it } from 'vitest';
import { protocols } from '../protocols/index.js';
import type { DecodeContext, DecodeResult } from '../protocols/types.js';
import type { PositionRecord } from '../vocabulary.js';
import { Gt06Firmware } from './firmware/gt06.js';
import {
  buildCommandReply,
  buildLocation,
  buildLogin,
  buildStatus,
  expectedAck,
  Gt06ServerStream,
  parseOnlineCommand,
  terminalInfoByte,
  type Gt06Gps,
  type LocationTail,
} from './frames/gt06.js';
import { snapshot } from './test-support/snapshot.js';

const IMEI = '356307042441013';
const codec = protocols.gt06;
const context = (registered = true): DecodeContext => ({ now: () => new Date('2026-03-01T12:00:00Z'), registered: () => registered });

/** One server connection: the real splitter (fed byte by byte) and the real decoder. */
function connection(registered = true) {
  const splitter = codec.createSplitter();
  const decoder = codec.createDecoder();
  return (...bytes: Buffer[]): DecodeResult[] => {
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

const position = (result: DecodeResult): PositionRecord => {
  const message = result.messages.find((m) => m.type === 'position');
  if (message?.type !== 'position') throw new Error('no position decoded');
  return message.record;
};

const gps = (over: Partial<Gt06Gps> = {}): Gt06Gps => ({
  time: new Date('2026-03-01T11:59:58Z'),
  satellites: 9,
  lat: 52.5162712,
  lng: 13.3777041,
  speed: 47,
  heading: 271,
  positioned: true,
  ...over,
});
const cell = { mcc: 262, mnc: 1, lac: 1050, cid: 0x12abcd };

describe('gt06 frames match the spec vectors', () => {
  it('login of 864717003283581 with serial 9 and its ACK', () => {
    expect(buildLogin('864717003283581', 9).toString('hex')).toBe('78780d010864717003283581000' + '93f040d0a');
    expect(expectedAck(0x01, 9).toString('hex')).toBe('78780501000955940d0a');
    expect(expectedAck(0x12, 3).toString('hex')).toBe('787805120003903f0d0a');
  });

  it('the real encoder sends Relay,1# as the spec says, and the device parses it', () => {
    const frame = codec.encodeCommand({ kind: 'text', payload: 'Relay,1#', imei: IMEI, serverFlag: 0, serial: 0 });
    expect(frame.toString('hex')).toBe('787812800c0000000052656c61792c312300009dee0d0a');
    const [parsed] = new Gt06ServerStream().push(frame);
    expect(parsed).toMatchObject({ type: 0x80, serial: 0, crcOk: true, extended: false });
    expect(parseOnlineCommand(parsed!.content)).toEqual({ serverFlag: 0, command: Buffer.from('Relay,1#') });
    const withLanguage = Buffer.concat([Buffer.from([0x0c, 0, 0, 0, 7]), Buffer.from('Relay,0#'), Buffer.from([0, 2])]);
    expect(parseOnlineCommand(withLanguage)).toEqual({ serverFlag: 7, command: Buffer.from('Relay,0#'), language: 2 });
  });
});

describe('gt06 frames through the real splitter and decoder', () => {
  it('login → login message and the exact ACK; an unknown IMEI gets no reply', () => {
    const firmware = new Gt06Firmware(IMEI);
    const login = firmware.login();
    const [result] = connection()(login.bytes);
    expect(result!.messages).toEqual([{ type: 'login', imei: IMEI }]);
    expect(result!.reply).toEqual(expectedAck(0x01, 1));
    expect(login.ack!.check(result!.reply!)).toBe('ok');
    expect(result!.integrity).toEqual({ crcOk: true, lengthOk: true });
    const [unknown] = connection(false)(login.bytes);
    expect(unknown!.reply).toBeUndefined();
    const withType = buildLogin(IMEI, 2, { typeCode: 0x3608, timezone: 0x0002 });
    expect(withType[2]).toBe(0x11);
    expect(connection()(withType)[0]!.messages).toEqual([{ type: 'login', imei: IMEI }]);
  });

  const tails: [string, LocationTail][] = [
    ['no tail', { kind: 'none' }],
    ['upload flags', { kind: 'flags', acc: true, uploadMode: 2, reupload: true }],
    ['odometer', { kind: 'odometer', meters: 98_765_432 }],
  ];
  for (const [name, tail] of tails) {
    it(`0x12 location (${name}): fields decode back, ACK echoes type and serial`, () => {
      const frame = buildLocation(gps(), cell, 0x1234, tail);
      const [result] = connection()(frame);
      expect(result!.integrity).toEqual({ crcOk: true, lengthOk: true });
      expect(result!.reply).toEqual(expectedAck(0x12, 0x1234));
      const record = position(result!);
      expect(record).toMatchObject({ time: new Date('2026-03-01T11:59:58Z'), valid: true, speed: 47, heading: 271, satellites: 9 });
      expect(record.lat).toBeCloseTo(52.5162712, 6);
      expect(record.lng).toBeCloseTo(13.3777041, 6);
      expect(record.attributes).toMatchObject({ mcc: 262, mnc: 1, lac: 1050, cid: 0x12abcd });
      if (tail.kind === 'flags') expect(record).toMatchObject({ ignition: true, attributes: { event: 2, archive: true } });
      if (tail.kind === 'odometer') expect(record.odometer).toBe(98_765_432);
      if (tail.kind === 'none') expect(record.ignition).toBeUndefined();
    });
  }

  it('hemisphere flags, unpositioned fixes and ACC in the course word', () => {
    const [sw] = connection()(buildLocation(gps({ lat: -34.6037212, lng: -58.3815931, positioned: false, ignition: false, heading: 0 }), cell, 1));
    const record = position(sw!);
    expect(record.lat).toBeCloseTo(-34.6037212, 6);
    expect(record.lng).toBeCloseTo(-58.3815931, 6);
    expect(record).toMatchObject({ valid: false, ignition: false, heading: 0 });
    const [on] = connection()(buildLocation(gps({ ignition: true, heading: 359 }), cell, 2));
    expect(position(on!)).toMatchObject({ ignition: true, heading: 359 });
  });

  it('0x13 heartbeat: terminal info, voltage and GSM levels decode; ACK echoes serial', () => {
    const terminalInfo = terminalInfoByte({ fuelCut: true, gpsTracking: true, alarm: 0, charging: true, acc: true, armed: false });
    const [result] = connection()(buildStatus({ terminalInfo, voltageLevel: 6, gsmLevel: 3, alarm: 0, language: 2 }, 77));
    expect(result!.reply).toEqual(expectedAck(0x13, 77));
    expect(result!.integrity).toEqual({ crcOk: true, lengthOk: true });
    expect(result!.messages).toEqual([
      {
        type: 'status',
        record: { alarms: [], ignition: true, batteryLevel: 100, gsmSignal: 75, attributes: { status: terminalInfo, charging: true, blocked: true } },
      },
    ]);
  });

  it('the firmware numbers its frames and expects each ACK with the matching serial', () => {
    const firmware = new Gt06Firmware(IMEI);
    const server = connection();
    const outs = [firmware.login(), firmware.positions([snapshot()]), firmware.heartbeat(snapshot({ ignition: false }))];
    const results = server(...outs.map((o) => o.bytes));
    expect(results.map((r) => r.reply!.readUInt16BE(4))).toEqual([1, 2, 3]);
    outs.forEach((out, i) => expect(out.ack!.check(results[i]!.reply!)).toBe('ok'));
    expect(outs[1]!.ack!.check(results[2]!.reply!)).toBe('mismatch');
    expect(position(results[1]!)).toMatchObject({ ignition: true, odometer: 1_234_567, speed: 42, heading: 181 });
    expect(results[2]!.messages[0]).toMatchObject({ type: 'status', record: { ignition: false, attributes: { blocked: false } } });
  });

  it('0x15 reply with and without the language word decodes to the text and server flag', () => {
    for (const language of [undefined, 2]) {
      const [result] = connection()(buildCommandReply(0xdeadbeef, 'OK!', 5, language));
      expect(result!.messages).toEqual([{ type: 'command_reply', text: 'OK!', ref: 0xdeadbeef }]);
      expect(result!.reply).toEqual(expectedAck(0x15, 5));
      expect(result!.integrity).toEqual({ crcOk: true, lengthOk: true });
    }
  });
});

describe('gt06 server stream (device side)', () => {
  it('cuts ACKs and commands fed byte by byte, and rejects garbage', () => {
    const command = codec.encodeCommand({ kind: 'text', payload: 'WHERE#', imei: IMEI, serverFlag: 42, serial: 3 });
    const all = Buffer.concat([expectedAck(0x01, 1), command, expectedAck(0x12, 2)]);
    const stream = new Gt06ServerStream();
    const frames = [...all].flatMap((byte) => stream.push(Buffer.from([byte])));
    expect(frames.map((f) => [f.type, f.serial, f.crcOk])).toEqual([
      [0x01, 1, true],
      [0x80, 3, true],
      [0x12, 2, true],
    ]);
    expect(() => new Gt06ServerStream().push(Buffer.from('hello'))).toThrow(/7878/);
  });
});

describe('gt06 commands: real encoder → device → 0x15 reply → real decoder', () => {
  const cases: [string, string | RegExp][] = [
    ['Relay,1#', 'Cut off the fuel supply: Success!'],
    ['RELAY,0#', 'Restore fuel supply: Success!'],
    ['DYD,000000#', 'Cut off the fuel supply: Success!'],
    ['HFYD,000000#', 'Restore fuel supply: Success!'],
    ['WHERE#', /^Current position!Lat:N52\.516270,Lon:E13\.377700,Course:181\.00,Speed:42\.40,DateTime:2026-03-01 11:59:58$/],
    ['STATUS#', /^Battery:4\.15V,Power:13\.90V; GPRS:Link Up; GSM Signal Level:Good; GPS:Successful positioning/],
    ['SERVER,1,gw.example.com,5023,0#', 'OK!'],
    ['FACTORY#', 'OK!'],
  ];
  for (const [payload, expected] of cases) {
    it(payload, () => {
      const firmware = new Gt06Firmware(IMEI);
      const server = connection();
      server(firmware.login().bytes);
      const flag = 0x01020304;
      const inputs = firmware.createParser().push(codec.encodeCommand({ kind: 'text', payload, imei: IMEI, serverFlag: flag, serial: 9 }));
      const input = inputs[0]!;
      if (input.kind !== 'command') throw new Error(`expected a command, got ${input.kind}`);
      expect(input.command).toMatchObject({ text: payload, ref: flag });
      const answer = firmware.answer(input.command, snapshot());
      if (typeof expected === 'string') expect(answer.text).toBe(expected);
      else expect(answer.text).toMatch(expected);
      const [result] = server(answer.reply.bytes);
      expect(result!.messages[0]).toEqual({ type: 'command_reply', text: answer.text, ref: flag });
      expect(answer.reply.ack!.check(result!.reply!)).toBe('ok');
    });
  }

  it('the relay state shows in the heartbeat (terminal info bit 7)', () => {
    const firmware = new Gt06Firmware(IMEI);
    firmware.respond('RELAY,1#', snapshot());
    const [result] = connection()(firmware.heartbeat(snapshot()).bytes);
    expect(result!.messages[0]).toMatchObject({ type: 'status', record: { attributes: { blocked: true } } });
  });

  it('a hex command is answered OK! with the same server flag', () => {
    const firmware = new Gt06Firmware(IMEI);
    const [input] = firmware.createParser().push(codec.encodeCommand({ kind: 'hex', payload: '0102ff', imei: IMEI, serverFlag: 3 }));
    if (input?.kind !== 'command') throw new Error('expected a command');
    expect(input.command).toMatchObject({ hex: '0102ff', ref: 3 });
    expect(firmware.answer(input.command, snapshot()).text).toBe('OK!');
  });
});
