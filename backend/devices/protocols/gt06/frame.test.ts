import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures, splitterEntries } from '../__fixtures__/captures.js';
import { FrameError } from '../errors.js';
import { Gt06Splitter } from './frame.js';

const captures = parseCaptures(readFileSync(new URL('../__fixtures__/device-captures.json', import.meta.url), 'utf8'));

/**
 * Every decoder capture, in order, as one connection's stream. Left out: gt06-071, which lacks
 * its final 0A (no splitter could end it), and gt06-152, which is three frames in one capture
 * (tested on its own below). Wrong-CRC, wrong-length and WiFi frames stay in.
 */
const streamed = decoderEntries(captures.gt06).filter((e) => e.id !== 'gt06-071' && e.id !== 'gt06-152');
const frames = streamed.map((e) => Buffer.from(e.hex, 'hex'));
const hex = (list: Buffer[]) => list.map((f) => f.toString('hex'));

describe('gt06 splitter', () => {
  it('gives back every frame from one coalesced chunk', () => {
    const splitter = new Gt06Splitter();
    expect(hex(splitter.push(Buffer.concat(frames)))).toEqual(hex(frames));
    expect(splitter.pending).toBe(0);
  });

  it('gives back the same frames when fed one byte at a time', () => {
    const splitter = new Gt06Splitter();
    const out: Buffer[] = [];
    for (const byte of Buffer.concat(frames)) out.push(...splitter.push(Buffer.from([byte])));
    expect(hex(out)).toEqual(hex(frames));
  });

  it('cuts the three 0x7979 frames of gt06-152 apart', () => {
    const capture = Buffer.from(decoderEntries(captures.gt06).find((e) => e.id === 'gt06-152')!.hex, 'hex');
    const out = new Gt06Splitter().push(capture);
    expect(out.map((f) => f.length)).toEqual([97, 97, 97]);
    expect(Buffer.concat(out)).toEqual(capture);
  });

  it("cuts Traccar's frame-decoder vectors the same way (WiFi frames whose byte 2 is no length)", () => {
    for (const entry of splitterEntries(captures.gt06)) {
      if (entry.id === 'gt06-frame-02') continue; // below
      expect(hex(new Gt06Splitter().push(Buffer.from(entry.hex, 'hex')))).toEqual(entry.traccar?.frames);
    }
  });

  it('waits for the stated length before falling back to 0D0A (gt06-frame-02 states 18 bytes, has 15)', () => {
    // Traccar cuts at the first 0D0A as soon as fewer bytes than stated are there; that would also
    // cut a good frame whose content holds 0D0A when it arrives in pieces. We wait instead: the
    // short frame comes out when the next frame's bytes reach its stated end.
    const short = Buffer.from(splitterEntries(captures.gt06).find((e) => e.id === 'gt06-frame-02')!.hex, 'hex');
    const splitter = new Gt06Splitter();
    expect(splitter.push(short)).toEqual([]);
    expect(hex(splitter.push(frames[0]!))).toEqual(hex([short, frames[0]!]));
  });

  it('keeps a frame whose content holds 0D0A whole when it arrives in pieces', () => {
    const withCrLf = Buffer.from('78780a13060d0a04000006bc8a0d0a', 'hex');
    const splitter = new Gt06Splitter();
    expect(splitter.push(withCrLf.subarray(0, 8))).toEqual([]);
    expect(hex(splitter.push(withCrLf.subarray(8)))).toEqual(hex([withCrLf]));
  });

  it('uses the stated length when it lands on 0D0A, even with 0D0A inside the content', () => {
    const withCrLf = Buffer.from('78780a13060d0a04000006bc8a0d0a', 'hex'); // content holds 0D0A
    expect(hex(new Gt06Splitter().push(withCrLf))).toEqual(hex([withCrLf]));
  });

  it('throws FrameError on garbage, an oversize stated length, or no 0D0A within the maximum', () => {
    expect(() => new Gt06Splitter().push(Buffer.from('2a48512c', 'hex'))).toThrow(FrameError);
    expect(() => new Gt06Splitter().push(Buffer.from('7879', 'hex'))).toThrow(FrameError);
    expect(() => new Gt06Splitter(1024).push(Buffer.from('7979ffff21', 'hex'))).toThrow(/exceeds 1024/);
    const runaway = Buffer.concat([Buffer.from('7878006900', 'hex'), Buffer.alloc(200, 0x11)]);
    expect(() => new Gt06Splitter(128).push(runaway)).toThrow(/no frame end/);
  });
});
