import { describe, expect, it } from 'vitest';
import { protocols } from '../protocols/index.js';
import type { DecodeContext, DecodeResult } from '../protocols/types.js';
import { Jt808Firmware } from './firmware/jt808.js';
import { Jt808ServerStream } from './frames/jt808.js';
import { snapshot } from './test-support/snapshot.js';

const IMEI = '356307042441013';
const codec = protocols.jt808;
const context: DecodeContext = { now: () => new Date('2026-03-01T12:00:00Z'), registered: (id) => id === IMEI };

/** One server connection: the real splitter (fed byte by byte) and the real decoder. */
function connection() {
  const splitter = codec.createSplitter();
  const decoder = codec.createDecoder();
  return (bytes: Buffer): DecodeResult[] => {
    const results: DecodeResult[] = [];
    for (const byte of bytes) for (const frame of splitter.push(Buffer.from([byte]))) results.push(decoder.decode(frame, context));
    expect(splitter.pending).toBe(0);
    return results;
  };
}

describe('jt808 simulator frames through the real codec', () => {
  it('authentication, location and heartbeat get exactly the 0x8001 the firmware expects; the IMEI is the device id', () => {
    const firmware = new Jt808Firmware(IMEI);
    const send = connection();
    const s = snapshot();
    for (const outgoing of [firmware.login(), firmware.positions([s]), firmware.heartbeat()]) {
      const [result] = send(outgoing.bytes);
      expect(outgoing.ack!.check(result!.reply!)).toBe('ok');
      expect(result!.integrity).toEqual({ crcOk: true, lengthOk: true });
    }
    const [position] = send(firmware.positions([s]).bytes);
    const record = position!.messages.find((m) => m.type === 'position');
    expect(record).toMatchObject({
      record: {
        lat: expect.closeTo(s.lat, 6),
        lng: expect.closeTo(s.lng, 6),
        speed: expect.closeTo(s.speed, 1),
        heading: s.heading,
        time: s.time,
        satellites: s.satellites,
      },
    });
    const decoder = codec.createDecoder();
    expect(decoder.decode(firmware.login().bytes, context).messages[0]).toEqual({ type: 'login', imei: IMEI });
  });

  it('a 0x8300 text command is parsed and answered with 0x0001, which the server files as a command reply', () => {
    const firmware = new Jt808Firmware(IMEI);
    const command = codec.encodeCommand({ kind: 'text', payload: 'RELAY,1#', imei: IMEI, serial: 0x7e01 });
    const [input] = firmware.createParser().push(command);
    expect(input).toMatchObject({ kind: 'command', command: { text: 'RELAY,1#' } });
    if (input?.kind !== 'command') throw new Error('not a command');
    const answer = firmware.answer(input.command);
    expect(firmware.fuelCut).toBe(true);
    const [result] = connection()(answer.reply.bytes);
    expect(result!.messages).toContainEqual({ type: 'command_reply', text: answer.text });
    expect(answer.text).toBe('0x8300 #32257: OK');
  });

  it('the server stream parser cuts replies and commands and rejects garbage', () => {
    const stream = new Jt808ServerStream();
    const reply = codec.createDecoder().decode(new Jt808Firmware(IMEI).heartbeat().bytes, context).reply!;
    expect(stream.push(Buffer.concat([reply, reply]))).toHaveLength(2);
    expect(() => new Jt808ServerStream().push(Buffer.from('hello'))).toThrow();
  });
});
