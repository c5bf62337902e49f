import { describe, expect, it } from 'vitest';
import { protocols } from '../protocols/index.js';
import type { DecodeContext } from '../protocols/types.js';
import { QueclinkFirmware } from './firmware/queclink.js';
import { snapshot } from './test-support/snapshot.js';

const IMEI = '356307042450001';
const codec = protocols.queclink;
const context: DecodeContext = { now: () => new Date('2026-03-01T12:00:00Z'), registered: () => true };

describe('queclink simulator frames through the real codec', () => {
  it('GTFRI reports and GTHBD heartbeats decode to the values sent, and the server reply is the ACK the firmware waits for', () => {
    const firmware = new QueclinkFirmware(IMEI);
    const s = snapshot({ lng: -13.3777 });
    const splitter = codec.createSplitter();
    const decoder = codec.createDecoder();
    const out = [firmware.positions([s]), firmware.heartbeat(s)];
    const results = out.flatMap((o) => splitter.push(o.bytes)).map((f) => decoder.decode(f, context));
    expect(results.map((r, i) => out[i]!.ack!.check(r.reply!))).toEqual(['ok', 'ok']);
    expect(results[0]!.messages).toEqual([
      { type: 'login', imei: IMEI },
      { type: 'position', record: expect.objectContaining({ time: s.time, lat: 52.51627, lng: -13.3777, speed: 42.4, heading: 181, valid: true }) },
    ]);
    expect(results[1]!.messages).toEqual([{ type: 'heartbeat' }]);
  });

  it('an AT+GT command is parsed and answered with +ACK:GT…, which the server files as the reply', () => {
    const firmware = new QueclinkFirmware(IMEI);
    const [input] = firmware.createParser().push(codec.encodeCommand({ kind: 'text', payload: 'AT+GTOUT=gv300,1,,,0,0,0,0,0,0,0,,,,,,,0011', imei: IMEI }));
    if (input?.kind !== 'command') throw new Error('not a command');
    const answer = firmware.answer(input.command, snapshot({}));
    expect(firmware.output1).toBe(true);
    const [frame] = codec.createSplitter().push(answer.reply.bytes);
    expect(codec.createDecoder().decode(frame!, context).messages).toContainEqual(expect.objectContaining({ type: 'command_reply', text: answer.text }));
  });
});
