import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCaptures } from './__fixtures__/captures.js';
import { FIXTURE_NOW, fixtureContext } from './__fixtures__/replay.js';
import { crc16Ibm, crc16X25 } from './crc.js';
import { protocols } from './index.js';
import type { ProtocolName } from './types.js';

const captures = parseCaptures(readFileSync(new URL('./__fixtures__/device-captures.json', import.meta.url), 'utf8'));
const HANDSHAKE = Buffer.from('000f313233343536373839303132333435', 'hex');

describe('protocols registry', () => {
  it('exposes the codecs with their default ports and kinds', () => {
    expect(Object.keys(protocols).sort()).toEqual([
      'gps103',
      'gt06',
      'h02',
      'jt808',
      'meitrack',
      'osmand',
      'queclink',
      'ruptela',
      'suntech',
      'teltonika',
      'wialon',
    ]);
    expect(Object.values(protocols).map((p) => [p.name, p.defaultPort, p.isBinary])).toEqual([
      ['teltonika', 5027, true],
      ['gt06', 5023, true],
      ['h02', 5013, false],
      ['jt808', 5015, true],
      ['ruptela', 5046, true],
      ['suntech', 5011, false],
      ['queclink', 5004, false],
      ['gps103', 5001, false],
      ['wialon', 5039, false],
      ['osmand', 5055, false],
      ['meitrack', 5020, false],
    ]);
  });

  it('creates independent splitters and decoders per connection', () => {
    for (const codec of Object.values(protocols)) {
      expect(codec.createSplitter()).not.toBe(codec.createSplitter());
      expect(codec.createDecoder()).not.toBe(codec.createDecoder());
    }
  });
});

describe('fixture response vectors (the ack-* entries of the encoder list)', () => {
  const acks = captures.encoder.filter((v) => v.kind === 'response');
  const stamp = FIXTURE_NOW.toISOString().replace(/[-:T]/g, '').slice(0, 14);

  it.each(acks.map((v) => [v.id, v] as const))('%s: decoding the input gives exactly the listed reply', (_id, vector) => {
    const decoder = protocols[vector.protocol as ProtocolName].createDecoder();
    const input = Buffer.from(vector.inputHex!, 'hex');
    if (vector.protocol === 'teltonika' && !input.equals(HANDSHAKE)) decoder.decode(HANDSHAKE, fixtureContext);
    const reply = decoder.decode(input, fixtureContext).reply;
    const [expected] = vector.responses!;
    if (!expected) return expect(reply).toBeUndefined(); // ack-t3: a Codec 12 response gets none
    const want = expected.text !== undefined ? Buffer.from(expected.text.replace('{yyyyMMddHHmmss}', stamp)) : Buffer.from(expected.hex!, 'hex');
    expect(reply?.toString('hex')).toBe(want.toString('hex'));
  });

  it('covers all 16 of them', () => expect(acks).toHaveLength(16));

  it('has the CRC check values the helpers compute (CRC-16/MODBUS is listed but no protocol here uses it)', () => {
    const byAlgorithm = { teltonika: crc16Ibm, gt06: crc16X25 } as const;
    for (const vector of captures.encoder.filter((v) => v.kind === 'crc' && v.usedBy)) {
      const crc = byAlgorithm[vector.usedBy as keyof typeof byAlgorithm];
      expect(crc(Buffer.from(vector.hex, 'hex')).toString(16).padStart(4, '0')).toBe(vector.expected);
    }
  });
});

describe('splitter → decoder, as the gateway chains them', () => {
  it('teltonika: handshake and a packet in one read give a login and two replies', () => {
    const splitter = protocols.teltonika.createSplitter();
    const decoder = protocols.teltonika.createDecoder();
    const avl = Buffer.from(captures.teltonika.find((e) => e.id === 'teltonika-019')!.hex, 'hex');
    const results = splitter.push(Buffer.concat([HANDSHAKE, avl])).map((f) => decoder.decode(f, fixtureContext));
    expect(results.map((r) => r.reply?.toString('hex'))).toEqual(['01', '00000001']);
    expect(results.flatMap((r) => r.messages.map((m) => m.type))).toEqual(['login', 'position']);
  });

  it('h02: a binary frame then a text frame in one read', () => {
    const stream = Buffer.from(captures.h02.find((e) => e.id === 'h02-frame-03')!.hex, 'hex');
    const decoder = protocols.h02.createDecoder();
    const messages = protocols.h02
      .createSplitter()
      .push(stream)
      .flatMap((f) => decoder.decode(f, fixtureContext).messages);
    expect(messages.map((m) => m.type)).toEqual(['login', 'position', 'position']); // same device id: one login
  });

  it('gt06: commands encoded by the codec come back out of its own splitter whole', () => {
    const command = protocols.gt06.encodeCommand({ kind: 'text', payload: 'Relay,1#', imei: '1', serial: 7, serverFlag: 42 });
    expect(protocols.gt06.createSplitter().push(command)).toEqual([command]);
  });
});
