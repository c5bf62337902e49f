import { describe, expect, it } from 'vitest';
import { protocols } from '../protocols/index.js';
import type { DecodeContext, DecodeResult } from '../protocols/types.js';
import { RuptelaFirmware } from './firmware/ruptela.js';
import { snapshot } from './test-support/snapshot.js';

const IMEI = '356307042441013';
const codec = protocols.ruptela;
const context: DecodeContext = { now: () => new Date('2026-03-01T12:00:00Z'), registered: () => true };

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

describe('ruptela simulator frames through the real codec', () => {
  it('records and identification get exactly the ACKs the firmware expects, with the values sent', () => {
    const firmware = new RuptelaFirmware(IMEI);
    const send = connection();
    const s = snapshot();
    const positions = firmware.positions([s]);
    const [result] = send(positions.bytes);
    expect(positions.ack!.check(result!.reply!)).toBe('ok');
    expect(result!.integrity).toEqual({ lengthOk: true, crcOk: true });
    expect(result!.messages).toEqual([
      { type: 'login', imei: IMEI },
      {
        type: 'position',
        record: expect.objectContaining({
          time: new Date('2026-03-01T11:59:58Z'),
          lat: 52.51627,
          lng: 13.3777,
          speed: 42,
          heading: 181,
          altitude: 41,
          satellites: 9,
          powerVoltage: 13.9,
          batteryVoltage: 4.15,
          odometer: 1234567,
        }),
      },
    ]);
    const heartbeat = firmware.heartbeat();
    expect(heartbeat.ack!.check(send(heartbeat.bytes)[0]!.reply!)).toBe('ok');
  });

  it('an SMS-via-GPRS command is parsed and answered with command 7, which the server files as the reply', () => {
    const firmware = new RuptelaFirmware(IMEI);
    const [input] = firmware.createParser().push(codec.encodeCommand({ kind: 'text', payload: 'getver', imei: IMEI }));
    if (input?.kind !== 'command') throw new Error('not a command');
    expect(input.command.text).toBe('getver');
    const answer = firmware.answer(input.command);
    expect(connection()(answer.reply.bytes)[0]!.messages).toContainEqual({ type: 'command_reply', text: answer.text });
  });
});
