import { describe, expect, it } from 'vitest';
import { protocols } from '../protocols/index.js';
import type { DecodeContext, DecodeResult } from '../protocols/types.js';
import type { PositionRecord } from '../vocabulary.js';
import { H02Firmware } from './firmware/h02.js';
import {
  buildCommandReply,
  buildHeartbeat,
  buildV1,
  expectedHeartbeatReply,
  formatLatitude,
  formatLongitude,
  H02ServerStream,
  isV1Reply,
  parseCommand,
  statusWord,
  type H02Location,
} from './frames/h02.js';
import { snapshot } from './test-support/snapshot.js';

const ID = '356307042441013';
const codec = protocols.h02;
const NOW = new Date('2026-03-01T12:00:00Z');
const context: DecodeContext = { now: () => NOW, registered: () => true };

/** One server connection: the real splitter (fed byte by byte) and the real decoder. */
function connection() {
  const splitter = codec.createSplitter();
  const decoder = codec.createDecoder();
  return (...bytes: Buffer[]): DecodeResult[] => {
    const results: DecodeResult[] = [];
    for (const chunk of bytes) {
      for (const byte of chunk) for (const frame of splitter.push(Buffer.from([byte]))) results.push(decoder.decode(frame, context));
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

const location = (over: Partial<H02Location> = {}): H02Location => ({
  time: new Date('2026-03-01T11:59:58Z'),
  valid: true,
  lat: 52.5162712,
  lng: 13.3777041,
  speed: 47,
  heading: 271,
  status: statusWord({ ignition: true }),
  ...over,
});

describe('h02 text frames', () => {
  it('writes coordinates as DDMM.MMMM / DDDMM.MMMM with hemispheres, carrying rounded minutes', () => {
    expect(formatLatitude(52.5162712)).toEqual(['5230.9763', 'N']);
    expect(formatLongitude(-58.3815931)).toEqual(['05822.8956', 'W']);
    expect(formatLatitude(-0.0001)).toEqual(['0000.0060', 'S']);
    expect(formatLatitude(10.9999999)).toEqual(['1100.0000', 'N']); // 59.999994′ rounds up into the degree
  });

  it('V1 has the layout of the issue text', () => {
    expect(buildV1(ID, location()).toString()).toBe(`*HQ,${ID},V1,115958,A,5230.9763,N,01322.6622,E,25.38,271,010326,FFFFFFFF#`);
    expect(buildV1(ID, location({ valid: false, status: statusWord({ ignition: false }) })).toString()).toMatch(/,V,.*,FFFFFBFF#$/);
  });
});

describe('h02 frames through the real splitter and decoder', () => {
  it('V1 → login + position with every field; the reply is the V4,V1 the device checks for', () => {
    const [result] = connection()(buildV1(ID, location()));
    expect(result!.messages[0]).toEqual({ type: 'login', imei: ID });
    const record = position(result!);
    expect(record).toMatchObject({ time: new Date('2026-03-01T11:59:58Z'), valid: true, heading: 271, ignition: true, alarms: [] });
    expect(record.lat).toBeCloseTo(52.5162712, 5);
    expect(record.lng).toBeCloseTo(13.3777041, 5);
    expect(record.speed).toBeCloseTo(47, 1);
    expect(result!.reply!.toString()).toBe(`*HQ,${ID},V4,V1,20260301120000#`);
    expect(isV1Reply(result!.reply!, ID)).toBe(true);
  });

  it('south/west, invalid fix, ignition off, a following frame on the same connection', () => {
    const server = connection();
    server(buildV1(ID, location()));
    const [result] = server(
      buildV1(ID, location({ lat: -34.6037212, lng: -58.3815931, valid: false, speed: 0, heading: 0, status: statusWord({ ignition: false }) })),
    );
    expect(result!.messages).toHaveLength(1); // no second login
    const record = position(result!);
    expect(record.lat).toBeCloseTo(-34.6037212, 5);
    expect(record.lng).toBeCloseTo(-58.3815931, 5);
    expect(record).toMatchObject({ valid: false, speed: 0, ignition: false, alarms: [] });
  });

  it('the status word reports alarms active-low', () => {
    const [result] = connection()(buildV1(ID, location({ status: statusWord({ ignition: true, sos: true }) })));
    expect(position(result!).alarms).toEqual(['sos']);
  });

  it('HTBT and V0 heartbeats carry the battery and are answered *HQ,<id>,HTBT#', () => {
    for (const type of ['HTBT', 'V0'] as const) {
      const [result] = connection()(buildHeartbeat(ID, 87, type));
      expect(result!.messages).toEqual([
        { type: 'login', imei: ID },
        { type: 'status', record: { alarms: [], attributes: {}, batteryLevel: 87 } },
      ]);
      expect(result!.reply).toEqual(expectedHeartbeatReply(ID));
    }
    const [bare] = connection()(buildHeartbeat(ID));
    expect(bare!.messages[1]).toEqual({ type: 'heartbeat' });
  });

  it('the firmware expects exactly those replies', () => {
    const firmware = new H02Firmware(ID);
    const server = connection();
    const report = firmware.positions([snapshot()]);
    const beat = firmware.heartbeat(snapshot());
    const [r1, r2] = server(report.bytes, beat.bytes);
    expect(report.ack!.check(r1!.reply!)).toBe('ok');
    expect(beat.ack!.check(r2!.reply!)).toBe('ok');
    expect(report.ack!.check(r2!.reply!)).toBe('mismatch');
    expect(report.ack!.check(Buffer.from(`*HQ,${ID},V4,V1,20261399120000#`))).toBe('mismatch');
    expect(report.ack!.check(Buffer.from(`*HQ,123,V4,V1,20260301120000#`))).toBe('mismatch');
    expect(firmware.login()).toBeUndefined();
  });

  it('a V4 reply decodes to the command text plus the position, and gets no reply', () => {
    const [result] = connection()(buildCommandReply(ID, 'S20', ['1', '1'], '010203', location()));
    expect(result!.messages).toMatchObject([{ type: 'login' }, { type: 'command_reply', text: 'S20,1,1,010203' }, { type: 'position' }]);
    expect(result!.reply).toBeUndefined();
  });
});

describe('h02 server stream (device side)', () => {
  it('tells replies from commands, fed byte by byte with line breaks', () => {
    const command = codec.encodeCommand({ kind: 'text', payload: 'S20,1,1', imei: ID, time: new Date('2026-03-01T01:02:03Z') });
    expect(command.toString()).toBe(`*HQ,${ID},S20,010203,1,1#`);
    const all = Buffer.concat([Buffer.from(`*HQ,${ID},V4,V1,20260301120000#\r\n`), command, expectedHeartbeatReply(ID)]);
    const stream = new H02ServerStream();
    const frames = [...all].flatMap((byte) => stream.push(Buffer.from([byte])));
    expect(frames.map((f) => f.type)).toEqual(['V4', 'S20', 'HTBT']);
    expect(parseCommand(frames[1]!)).toEqual({ name: 'S20', time: '010203', params: ['1', '1'] });
    expect(() => new H02ServerStream().push(Buffer.from('garbage#'))).toThrow(/start with \*/);
  });
});

describe('h02 commands: real encoder → device → V4 reply → real decoder', () => {
  const cases = ['S20,1,1', 'S20,1,0', 'SCF,0,0', 'S71,22,10', 'D1,10', 'S23,gw.example.com,5013'];
  for (const payload of cases) {
    it(payload, () => {
      const firmware = new H02Firmware(ID);
      const server = connection();
      server(firmware.positions([snapshot()]).bytes);
      const frame = codec.encodeCommand({ kind: 'text', payload, imei: ID, time: new Date('2026-03-01T01:02:03Z') });
      const [input] = firmware.createParser().push(frame);
      if (input?.kind !== 'command') throw new Error('expected a command');
      expect(input.command).toMatchObject({ text: payload, time: '010203' });
      const answer = firmware.answer(input.command, snapshot());
      expect(answer.text).toBe(`${payload},010203`);
      expect(answer.reply.ack).toBeUndefined();
      const [result] = server(answer.reply.bytes);
      expect(result!.messages[0]).toEqual({ type: 'command_reply', text: answer.text });
      expect(position(result!).lat).toBeCloseTo(52.51627, 5);
    });
  }

  it('S20 switches the relay, SCF arms; commands for another id and R12 are ignored', () => {
    const firmware = new H02Firmware(ID);
    const parser = firmware.createParser();
    const [cut] = parser.push(Buffer.from(`*HQ,${ID},S20,010203,1,1#`));
    if (cut?.kind !== 'command') throw new Error('expected a command');
    firmware.answer(cut.command, snapshot());
    expect(firmware.fuelCut).toBe(true);
    expect(parser.push(Buffer.from(`*HQ,999,S20,010203,1,0#*HQ,${ID},R12,010203#`))).toMatchObject([
      { kind: 'ignored', reason: 'command for device 999' },
      { kind: 'ignored', reason: 'R12 acknowledgement' },
    ]);
  });
});
