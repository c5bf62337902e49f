import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2, splitterEntries } from '../__fixtures__/captures.js';
import { fixtureContext, replayEntry, summarize } from '../__fixtures__/replay.js';
import { FrameError } from '../errors.js';
import { MeitrackDecoder } from './decoder.js';
import { encodeMeitrackCommand } from './encoder.js';
import { MeitrackSplitter } from './frame.js';

const captures = parseCaptures2(readFileSync(new URL('../__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
const entries = decoderEntries(captures.meitrack);
const entry = (id: string) => entries.find((e) => e.id === id)!;
const decode = (id: string) => new MeitrackDecoder().decode(Buffer.from(entry(id).hex, 'hex'), fixtureContext);

describe('meitrack decoder replaying the fixture in order', () => {
  it('matches Traccar replies and positions on every frame', () => {
    const decoder = new MeitrackDecoder();
    const verdicts = entries.map((e) => replayEntry(decoder, e));
    console.log(summarize('meitrack', verdicts));
    expect(verdicts.filter((v) => !v.pass).map((v) => v.id)).toEqual([]);
  });
});

describe('meitrack frames', () => {
  it('AAA: event, fix, GSM, HDOP, altitude, odometer, cell, IO, battery and supply', () => {
    const [login, position] = decode('meitrack-014').messages;
    expect(login).toEqual({ type: 'login', imei: '861412043027965' });
    expect(position).toMatchObject({
      type: 'position',
      record: {
        time: new Date('2022-07-18T17:14:28Z'),
        valid: false,
        lat: 45.499458,
        lng: -82.493581,
        odometer: 227940,
        batteryVoltage: 4.01,
        powerVoltage: 13.95,
      },
    });
    expect(decode('meitrack-022').messages[1]).toMatchObject({ record: { inputs: [false, false, true, false, false, false, false, true], altitude: 8 } });
    expect(decode('meitrack-016').messages[1]).toMatchObject({ record: { batteryVoltage: 4.33, powerVoltage: 12.96, satellites: 9 } });
    expect(decode('meitrack-014').integrity).toEqual({ lengthOk: false, crcOk: false });
  });

  it('CCC and CCE batches: every record, little-endian; CCC and AAC answered, D03 gets the D00 request', () => {
    const ccc = decode('meitrack-050');
    expect(ccc.messages.filter((m) => m.type === 'position')).toHaveLength(18);
    expect(ccc.reply?.toString()).toBe('@@G28,369800013460674,CCC,18*1A\r\n');
    const cce = decode('meitrack-001');
    expect(cce.messages[1]).toMatchObject({
      record: { lat: 33.925621, lng: -6.91751, speed: 24, heading: 198, altitude: 76, batteryLevel: 100, odometer: 518578, powerVoltage: 14.25 },
    });
    expect(cce.reply).toBeUndefined();
    expect(decode('meitrack-051').reply?.toString()).toBe('@@z27,861451040910625,AAC,1*0B\r\n');
    expect(decode('meitrack-031').reply?.toString()).toBe('@@O46,353358017784062,D00,camera_picture.jpg,0*28\r\n');
    expect(decode('meitrack-010').messages[1]).toEqual({ type: 'command_reply', text: 'D82,0' });
  });

  it('splitter: the frame-decoder vector, streams coalesced and byte by byte, garbage and oversize', () => {
    for (const v of splitterEntries(captures.meitrack))
      expect(new MeitrackSplitter().push(Buffer.from(v.hex, 'hex')).map((f) => f.toString('hex'))).toEqual(v.traccar?.frames);
    const wire = entries.filter((e) => e.id !== 'meitrack-020').map((e) => (e.hex.endsWith('0d0a') ? e.hex : `${e.hex}0d0a`));
    const stream = Buffer.from(wire.join(''), 'hex');
    expect(new MeitrackSplitter().push(stream).map((f) => f.toString('hex'))).toEqual(wire);
    const splitter = new MeitrackSplitter();
    const out: string[] = [];
    for (const byte of stream) out.push(...splitter.push(Buffer.from([byte])).map((f) => f.toString('hex')));
    expect(out).toEqual(wire);
    expect(() => new MeitrackSplitter().push(Buffer.from('GET / HTTP/1.1\r\n'))).toThrow(FrameError);
    expect(() => new MeitrackSplitter().push(Buffer.from('$$A99999,1,CCC,'))).toThrow(FrameError);
    expect(() => new MeitrackSplitter(64).push(Buffer.from(`$$A10,1,AAA,${'1'.repeat(100)}`))).toThrow(FrameError);
  });

  it('commands: @@<flag><length>,<IMEI>,<command>*<checksum> CR LF', () => {
    expect(encodeMeitrackCommand({ kind: 'text', payload: 'A10', imei: '353358017784062', serial: 0 }).toString()).toBe('@@A25,353358017784062,A10*5A\r\n');
    expect(() => encodeMeitrackCommand({ kind: 'text', payload: 'reboot now', imei: '1' })).toThrow(/3-character/);
  });
});
