import { describe, expect, it } from 'vitest';
import { protocols } from '../protocols/index.js';
import type { DecodeContext } from '../protocols/types.js';
import { MeitrackFirmware } from './firmware/meitrack.js';
import { snapshot } from './test-support/snapshot.js';

const IMEI = '353358017784062';
const codec = protocols.meitrack;
const context: DecodeContext = { now: () => new Date('2026-03-01T12:00:00Z'), registered: () => true };

describe('meitrack simulator frames through the real codec', () => {
  it('a CCC batch decodes to the values sent, with a good length and checksum, and the server reply is the expected ACK', () => {
    const firmware = new MeitrackFirmware(IMEI);
    const a = snapshot({ lng: -13.3777 });
    const b = snapshot({ lat: 52.6, speed: 10 });
    const out = firmware.positions([a, b]);
    const [frame, ...rest] = codec.createSplitter().push(out.bytes);
    expect(rest).toEqual([]);
    const result = codec.createDecoder().decode(frame!, context);
    expect(result.integrity).toEqual({ lengthOk: true, crcOk: true });
    const positions = result.messages.filter((m) => m.type === 'position');
    expect(positions).toHaveLength(2);
    expect(positions[0]).toMatchObject({ record: { time: a.time, lat: 52.51627, lng: -13.3777, valid: true, satellites: a.satellites } });
    expect(positions[1]).toMatchObject({ record: { lat: 52.6, speed: 10 } });
    expect(out.ack!.check(result.reply!)).toBe('ok');
    expect(out.ack!.check(Buffer.from(result.reply!.toString('latin1').replace('CCC,2', 'CCC,1'), 'latin1'))).toBe('mismatch');
  });

  it('the AAC heartbeat is echoed as expected; a command is parsed and its answer filed as the reply', () => {
    const firmware = new MeitrackFirmware(IMEI);
    const hb = firmware.heartbeat();
    const [frame] = codec.createSplitter().push(hb.bytes);
    expect(hb.ack!.check(codec.createDecoder().decode(frame!, context).reply!)).toBe('ok');
    const [input] = firmware.createParser().push(codec.encodeCommand({ kind: 'text', payload: 'C01,0,12222', imei: IMEI, serial: 3 }));
    if (input?.kind !== 'command') throw new Error('not a command');
    expect(input.command.text).toBe('C01,0,12222');
    const answer = firmware.answer(input.command);
    const [reply] = codec.createSplitter().push(answer.reply.bytes);
    const decoded = codec.createDecoder().decode(reply!, context);
    expect(decoded.integrity).toEqual({ lengthOk: true, crcOk: true });
    expect(decoded.messages).toContainEqual({ type: 'command_reply', text: 'C01,OK' });
  });

  it('a server frame with a wrong checksum is refused', () => {
    const firmware = new MeitrackFirmware(IMEI);
    const good = codec.encodeCommand({ kind: 'text', payload: 'A10', imei: IMEI });
    const bad = Buffer.from(good.toString('latin1').replace(/\*..\r\n$/, '*00\r\n'), 'latin1');
    expect(() => firmware.createParser().push(bad)).toThrow(/checksum/);
  });
});
