import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures, splitterEntries } from '../__fixtures__/captures.js';
import { FrameError } from '../errors.js';
import { TeltonikaSplitter } from './frame.js';

const captures = parseCaptures(readFileSync(new URL('../__fixtures__/device-captures.json', import.meta.url), 'utf8'));

/**
 * The fixture's decoder frames grouped by TCP connection (the README names where new ones start).
 * Left out: the UDP datagram (teltonika-052), and the 4 captures whose stated data length is
 * wrong (`frame.lengthOk` false): a stream splitter can only cut by the stated length, so on a
 * real connection those bytes would not come out as the frame Traccar's test fed its decoder.
 */
function connections(): Buffer[][] {
  const groups: Buffer[][] = [[]];
  for (const entry of decoderEntries(captures.teltonika)) {
    if (entry.id === 'teltonika-048' || entry.id === 'teltonika-wiki-0') groups.push([]);
    if (entry.frame?.kind === 'udp' || entry.frame?.lengthOk === false) continue;
    groups[groups.length - 1]!.push(Buffer.from(entry.hex, 'hex'));
  }
  return groups;
}

const hex = (frames: Buffer[]) => frames.map((f) => f.toString('hex'));

describe('teltonika splitter', () => {
  it('gives back every frame of each connection from one coalesced chunk', () => {
    for (const frames of connections()) {
      const splitter = new TeltonikaSplitter();
      expect(hex(splitter.push(Buffer.concat(frames)))).toEqual(hex(frames));
      expect(splitter.pending).toBe(0);
    }
  });

  it('gives back the same frames when fed one byte at a time', () => {
    for (const frames of connections()) {
      const splitter = new TeltonikaSplitter();
      const out: Buffer[] = [];
      for (const byte of Buffer.concat(frames)) out.push(...splitter.push(Buffer.from([byte])));
      expect(hex(out)).toEqual(hex(frames));
    }
  });

  it("cuts Traccar's frame-decoder vectors the same way (keep-alive before the IMEI)", () => {
    for (const entry of splitterEntries(captures.teltonika)) {
      const splitter = new TeltonikaSplitter();
      expect(hex(splitter.push(Buffer.from(entry.hex, 'hex')))).toEqual(entry.traccar?.frames);
    }
  });

  it('throws FrameError on an oversize packet, garbage after the handshake, or a bad handshake', () => {
    const imei = Buffer.from('000f313233343536373839303132333435', 'hex');
    const oversize = new TeltonikaSplitter(1024);
    oversize.push(imei);
    expect(() => oversize.push(Buffer.from('0000000000001000', 'hex'))).toThrow(FrameError);

    const garbage = new TeltonikaSplitter();
    garbage.push(imei);
    expect(() => garbage.push(Buffer.from('00000001', 'hex'))).toThrow(FrameError);

    expect(() => new TeltonikaSplitter().push(Buffer.from('0000000000000010', 'hex'))).toThrow(FrameError);
    expect(() => new TeltonikaSplitter().push(Buffer.from('0400', 'hex'))).toThrow(/IMEI handshake/);
  });

  it('holds a partial packet until the rest arrives', () => {
    const splitter = new TeltonikaSplitter();
    const [imei, avl] = connections()[0]!;
    expect(hex(splitter.push(Buffer.concat([imei!, avl!.subarray(0, 10)])))).toEqual(hex([imei!]));
    expect(splitter.pending).toBe(10);
    expect(hex(splitter.push(avl!.subarray(10)))).toEqual(hex([avl!]));
  });
});
