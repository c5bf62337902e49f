import { describe, expect, it } from 'vitest';
import { protocols } from '../protocols/index.js';
import type { DecodeContext } from '../protocols/types.js';
import { SuntechFirmware } from './firmware/suntech.js';
import { snapshot } from './test-support/snapshot.js';

const ID = '205173382';
const codec = protocols.suntech;
const context: DecodeContext = { now: () => new Date('2026-03-01T12:00:00Z'), registered: () => true };

describe('suntech simulator frames through the real codec', () => {
  it('status reports and keep-alives decode to the values sent, with no reply and no ACK expected', () => {
    const firmware = new SuntechFirmware(ID);
    const s = snapshot({ lng: -13.3777 });
    const splitter = codec.createSplitter();
    const decoder = codec.createDecoder();
    const out = [firmware.positions([s]), firmware.heartbeat()];
    const results = out.flatMap((o) => splitter.push(o.bytes)).map((f) => decoder.decode(f, context));
    expect(out.every((o) => o.ack === undefined)).toBe(true);
    expect(results.map((r) => r.reply)).toEqual([undefined, undefined]);
    expect(results[0]!.messages).toEqual([
      { type: 'login', imei: ID },
      {
        type: 'position',
        record: expect.objectContaining({ time: s.time, lat: 52.51627, lng: -13.3777, speed: 42.4, heading: 181, satellites: 9, valid: true }),
      },
    ]);
    expect(results[1]!.messages).toEqual([{ type: 'heartbeat' }]);
  });

  it('a CMD command is parsed and answered with CMD;Res, which the server files as the reply', () => {
    const firmware = new SuntechFirmware(ID);
    const [input] = firmware.createParser().push(codec.encodeCommand({ kind: 'text', payload: '04;01', imei: ID }));
    if (input?.kind !== 'command') throw new Error('not a command');
    const answer = firmware.answer(input.command);
    expect(firmware.output1).toBe(true);
    const [frame] = codec.createSplitter().push(answer.reply.bytes);
    expect(codec.createDecoder().decode(frame!, context).messages).toContainEqual({ type: 'command_reply', text: answer.text });
  });
});
