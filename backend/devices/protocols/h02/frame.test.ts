import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures, splitterEntries } from '../__fixtures__/captures.js';
import { FrameError } from '../errors.js';
import { H02Splitter, type H02SplitterOptions } from './frame.js';

const captures = parseCaptures(readFileSync(new URL('../__fixtures__/device-captures.json', import.meta.url), 'utf8'));
const entries = decoderEntries(captures.h02);
const bytes = (id: string) => Buffer.from(entries.find((e) => e.id === id)!.hex, 'hex');
const hex = (list: Buffer[]) => list.map((f) => f.toString('hex'));

/** Text frames as sent on the wire: the one captured with its CRLF loses it (the splitter drops it). */
const textFrames = entries.filter((e) => e.text !== undefined).map((e) => Buffer.from(e.hex, 'hex'));
const wireText = textFrames.map((f) => Buffer.from(f.toString('latin1').trimEnd(), 'latin1'));

/** Binary frames by size. A device sends one size, so each size is its own connection. */
const binary32 = ['h02-077', 'h02-079', 'h02-080', 'h02-081', 'h02-083'].map(bytes);
const binary45 = ['h02-007', 'h02-010', 'h02-023', 'h02-078', 'h02-082', 'h02-084', 'h02-088'].map(bytes);
const binary46 = [bytes('h02-030'), bytes('h02-030')];
const binary48 = [bytes('h02-085'), bytes('h02-085')];
const binary42 = [bytes('h02-012'), bytes('h02-012')];

/** One connection: a binary frame first (so the size is learned from what follows), then text and binary mixed. */
function connection(binary: Buffer[]): Buffer[] {
  const [first, ...rest] = binary;
  return [first!, ...wireText.slice(0, 10), ...rest, ...wireText.slice(10)];
}

function splitAll(frames: Buffer[], options?: H02SplitterOptions): { oneChunk: Buffer[]; byteByByte: Buffer[] } {
  const stream = Buffer.concat(frames);
  const oneChunk = new H02Splitter(options).push(stream);
  const splitter = new H02Splitter(options);
  const byteByByte: Buffer[] = [];
  for (const byte of stream) byteByByte.push(...splitter.push(Buffer.from([byte])));
  return { oneChunk, byteByByte };
}

describe('h02 splitter', () => {
  it.each([
    ['32-byte', binary32],
    ['45-byte', binary45],
    ['42-byte (8-byte id)', binary42],
  ])('gives back every frame of a %s binary connection, coalesced and byte by byte', (_name, binary) => {
    const frames = connection(binary);
    const { oneChunk, byteByByte } = splitAll(frames);
    expect(hex(oneChunk)).toEqual(hex(frames));
    expect(hex(byteByByte)).toEqual(hex(frames));
  });

  it.each([
    ['46-byte', binary46],
    ['48-byte', binary48],
  ])('gives back every frame of a %s binary connection coalesced, and a lone one written at once', (_name, binary) => {
    const frames = connection(binary);
    expect(hex(new H02Splitter().push(Buffer.concat(frames)))).toEqual(hex(frames));
    expect(hex(new H02Splitter().push(binary[0]!))).toEqual(hex([binary[0]!]));
  });

  it('takes a lone 45-byte frame written at once without waiting for the next bytes', () => {
    expect(hex(new H02Splitter().push(binary45[0]!))).toEqual(hex([binary45[0]!]));
  });

  it('drops the CRLF some firmwares send after #', () => {
    const withCrLf = textFrames.find((f) => f.toString('latin1').endsWith('\r\n'))!;
    const { oneChunk, byteByByte } = splitAll([withCrLf, withCrLf]);
    const bare = Buffer.from(withCrLf.toString('latin1').trimEnd(), 'latin1');
    expect(hex(oneChunk)).toEqual(hex([bare, bare]));
    expect(hex(byteByByte)).toEqual(hex([bare, bare]));
  });

  it('with the size configured, a lone binary frame comes out at once, byte by byte too', () => {
    expect(hex(splitAll([binary32[0]!], { binaryLength: 32 }).byteByByte)).toEqual(hex([binary32[0]!]));
    expect(hex(splitAll([binary45[0]!], { binaryLength: 45 }).byteByByte)).toEqual(hex([binary45[0]!]));
  });

  it('unconfigured, holds the first 32-byte frame until the next bytes show where it ends', () => {
    const splitter = new H02Splitter();
    expect(splitter.push(binary32[0]!)).toEqual([]);
    expect(hex(splitter.push(wireText[0]!))).toEqual(hex([binary32[0]!, wireText[0]!]));
    expect(hex(splitter.push(binary32[1]!))).toEqual(hex([binary32[1]!])); // learned: at once
  });

  it("cuts Traccar's frame-decoder vectors the same way", () => {
    for (const entry of splitterEntries(captures.h02)) {
      const input = Buffer.from(entry.hex, 'hex');
      // A lone binary frame carries no length: give the splitter the device's size, as the gateway would.
      const binaryLength = input[0] === 0x2a ? undefined : input.length === 32 ? 32 : 45;
      const frames = new H02Splitter(binaryLength && input.length === binaryLength ? { binaryLength } : {}).push(input);
      expect(hex(frames), entry.id).toEqual(entry.traccar?.frames);
    }
  });

  it('throws FrameError on garbage, a text frame without # within the maximum, or a binary frame without BCD time', () => {
    expect(() => new H02Splitter().push(Buffer.from('hello'))).toThrow(FrameError);
    expect(() => new H02Splitter({ maxFrameSize: 64 }).push(Buffer.from(`*HQ,${'1'.repeat(80)}`))).toThrow(/no #/);
    expect(() => new H02Splitter().push(Buffer.from('24ffffffffffffffffffffffffffffff', 'hex'))).toThrow(FrameError);
  });
});
