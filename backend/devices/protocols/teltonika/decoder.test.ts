import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures, type Capture } from '../__fixtures__/captures.js';
import { fixtureContext, replayEntry, summarize, type Verdict } from '../__fixtures__/replay.js';
import { DecodeError } from '../errors.js';
import type { DecodeContext } from '../types.js';
import { TeltonikaDecoder } from './decoder.js';

const captures = parseCaptures(readFileSync(new URL('../__fixtures__/device-captures.json', import.meta.url), 'utf8'));
const entries = decoderEntries(captures.teltonika);

/** The README names the entries that open a new TCP connection (IMEI handshake first). */
const NEW_CONNECTION = new Set(['teltonika-048', 'teltonika-wiki-0']);

/** Skipped: not a TCP frame at all. */
const SKIPPED: Record<string, string> = {
  'teltonika-052': 'UDP datagram (connectionless framing, Traccar test disabled); this gateway speaks TCP',
};

/** Frames that decode but differ from Traccar, and why. Everything else must match exactly. */
const KNOWN_DIVERGENCES: Record<string, string> = {
  'teltonika-032': 'Codec 7 record 4 has a location mask without coordinates: Traccar reports a 0,0 fix, we report a status (no position)',
  'teltonika-047':
    'modelOverride FMB130: Traccar takes speed from IO 24 on FMB models; the decoder knows no model and uses the GPS speed field (IO 24 kept as attributes.io24)',
  'teltonika-050': 'Codec 12 camera sub-protocol (type 0x0D): Traccar requests photo chunks; we store no photos, so we request none',
  'teltonika-051': 'Codec 12 camera sub-protocol (type 0x0D): as teltonika-050',
};

function replayAll(): Verdict[] {
  let decoder = new TeltonikaDecoder();
  const verdicts: Verdict[] = [];
  for (const entry of entries) {
    if (NEW_CONNECTION.has(entry.id)) decoder = new TeltonikaDecoder();
    if (SKIPPED[entry.id]) continue;
    verdicts.push(replayEntry(decoder, entry));
  }
  return verdicts;
}

describe('teltonika decoder replaying the fixture in order', () => {
  const verdicts = replayAll();

  it('matches Traccar replies and positions on every frame except the known divergences', () => {
    console.log(summarize('teltonika', verdicts));
    const failing = verdicts.filter((v) => !v.pass).map((v) => v.id);
    expect(failing.sort()).toEqual(Object.keys(KNOWN_DIVERGENCES).sort());
  });
});

/** Traccar attribute → our field, for the fields the vocabulary names. */
function attributeProblems(verdict: Verdict, entry: Capture): string[] {
  const ours = (verdict.result?.messages ?? []).flatMap((m) => (m.type === 'position' ? [m.record] : []));
  const theirs = (entry.traccar?.positions ?? []).filter((p) => !p.outdated);
  const problems: string[] = [];
  ours.forEach((record, i) => {
    const a = theirs[i]?.attributes ?? {};
    const check = (name: string, mine: unknown, expected: unknown) => {
      if (expected !== undefined && mine !== expected) problems.push(`${entry.id}#${i} ${name}: ${String(mine)} ≠ ${String(expected)}`);
    };
    check('satellites', record.satellites, a.sat);
    check('ignition', record.ignition, a.ignition);
    check('powerVoltage', record.powerVoltage, a.power);
    check('batteryVoltage', record.batteryVoltage, a.battery);
    check('odometer', record.odometer, a.odometer);
    check('inputs[0]', record.inputs?.[0], a.in1);
    check('outputs[0]', record.outputs?.[0], a.out1);
    check('gsmSignal', record.gsmSignal, typeof a.rssi === 'number' ? a.rssi * 20 : undefined);
    check('driverUniqueId', record.attributes.driverUniqueId, a.driverUniqueId);
    check('altitude', record.altitude, theirs[i]?.altitude);
  });
  return problems;
}

describe('teltonika decoder fields', () => {
  const verdicts = replayAll();
  const byId = new Map(entries.map((e) => [e.id, e]));

  it('fills the vocabulary fields (ignition, voltages, odometer, IO lines, signal) as Traccar does', () => {
    const problems = verdicts
      .filter((v) => v.pass && !byId.get(v.id)!.id.startsWith('teltonika-03') /* codec 7 has no IO mapping */)
      .flatMap((v) => attributeProblems(v, byId.get(v.id)!));
    expect(problems).toEqual([]);
  });

  it('reads the Teltonika wiki Codec 8 example as the wiki says', () => {
    const decoder = new TeltonikaDecoder();
    decoder.decode(Buffer.from(byId.get('teltonika-wiki-0')!.hex, 'hex'), fixtureContext);
    const result = decoder.decode(Buffer.from(byId.get('teltonika-wiki-1')!.hex, 'hex'), fixtureContext);
    expect(result.reply?.toString('hex')).toBe('00000001');
    const [message] = result.messages;
    expect(message?.type).toBe('position');
    if (message?.type !== 'position') return;
    expect(message.record).toMatchObject({
      time: new Date('2019-06-10T10:04:46.000Z'),
      valid: false, // 0 satellites
      lat: 0,
      lng: 0,
      speed: 0,
      inputs: [true], // IO 1 = 1
      powerVoltage: 24.079, // IO 66 = 24079 mV
      gsmSignal: 60, // IO 21 = level 3 of 5
      attributes: { priority: 1, event: 1, operator: 24602 },
    });
    expect(message.record.attributes.driverUniqueId).toBeUndefined(); // IO 78 = 0: no key
  });
});

describe('teltonika handshake and errors', () => {
  const handshake = Buffer.from('000f313233343536373839303132333435', 'hex');
  const avl = Buffer.from(entries.find((e) => e.id === 'teltonika-019')!.hex, 'hex');
  const unknown: DecodeContext = { ...fixtureContext, registered: () => false };

  it('answers 01 to a registered IMEI and 00 to an unknown one, with a login either way', () => {
    expect(new TeltonikaDecoder().decode(handshake, fixtureContext)).toMatchObject({
      messages: [{ type: 'login', imei: '123456789012345' }],
      reply: Buffer.from([1]),
    });
    expect(new TeltonikaDecoder().decode(handshake, unknown).reply).toEqual(Buffer.from([0]));
  });

  it('treats the 0xFF keep-alive as a heartbeat without reply', () => {
    expect(new TeltonikaDecoder().decode(Buffer.from([0xff]), fixtureContext)).toEqual({
      messages: [{ type: 'heartbeat' }],
      integrity: {},
    });
  });

  it('throws DecodeError for data before the handshake, an unknown codec or a truncated packet, and keeps working', () => {
    expect(() => new TeltonikaDecoder().decode(avl, fixtureContext)).toThrow(DecodeError);
    const decoder = new TeltonikaDecoder();
    decoder.decode(handshake, fixtureContext);
    const unknownCodec = Buffer.from(avl);
    unknownCodec[8] = 0x99;
    expect(() => decoder.decode(unknownCodec, fixtureContext)).toThrow(/unsupported codec 0x99/);
    expect(() => decoder.decode(avl.subarray(0, 40), fixtureContext)).toThrow(DecodeError);
    expect(decoder.decode(avl, fixtureContext).reply?.toString('hex')).toBe('00000001');
  });

  it('turns Codec 12 responses into command replies (text, or hex when not printable) without ACK', () => {
    const decoder = new TeltonikaDecoder();
    decoder.decode(handshake, fixtureContext);
    const text = decoder.decode(Buffer.from(byId('teltonika-031'), 'hex'), fixtureContext);
    expect(text.reply).toBeUndefined();
    expect(text.messages[0]).toMatchObject({ type: 'command_reply' });
    expect(text.messages[0]).toHaveProperty('text');
    const hex = decoder.decode(Buffer.from(byId('teltonika-018'), 'hex'), fixtureContext);
    expect(hex.messages).toEqual([{ type: 'command_reply', hex: '010300010015d5c5' }]);
    const codec13 = decoder.decode(Buffer.from(byId('teltonika-015'), 'hex'), fixtureContext);
    expect(codec13.messages).toEqual([{ type: 'command_reply', text: '#GET DATAORD', time: new Date('2016-03-16T09:15:14.000Z') }]);
  });
});

describe('teltonika CRC and length policy: decode, ACK, and report', () => {
  const decoder = new TeltonikaDecoder();
  decoder.decode(Buffer.from('000f313233343536373839303132333435', 'hex'), fixtureContext);
  const run = (id: string) => decoder.decode(Buffer.from(byId(id), 'hex'), fixtureContext);

  it('reports a good CRC and length', () => {
    expect(run('teltonika-026').integrity).toEqual({ crcOk: true, lengthOk: true });
  });

  it('accepts and ACKs a packet whose CRC is wrong (teltonika-023, crcOk false in the fixture)', () => {
    const result = run('teltonika-023');
    expect(result.integrity).toEqual({ crcOk: false, lengthOk: true });
    expect(result.reply?.toString('hex')).toBe('00000001');
    expect(result.messages).toHaveLength(1);
  });

  it('accepts and ACKs a packet whose stated length is wrong (teltonika-029 says 0 bytes)', () => {
    const result = run('teltonika-029');
    expect(result.integrity.lengthOk).toBe(false);
    expect(result.reply?.toString('hex')).toBe('00000001');
    expect(result.messages[0]?.type).toBe('position');
  });
});

function byId(id: string): string {
  return entries.find((e) => e.id === id)!.hex;
}
