import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2 } from '../__fixtures__/captures.js';
import { FrameError } from '../errors.js';
import { RuptelaSplitter } from './frame.js';

const captures = parseCaptures2(readFileSync(new URL('../__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
/** Frames whose stated length is right: the only ones a stream can carry (the length is the only cut). */
const frames = decoderEntries(captures.ruptela)
  .filter((e) => e.frame?.lengthOk !== false)
  .map((e) => Buffer.from(e.hex, 'hex'));
const hex = (list: Buffer[]) => list.map((f) => f.toString('hex'));

describe('ruptela splitter', () => {
  it('gives back every frame, coalesced and byte by byte', () => {
    const stream = Buffer.concat(frames);
    expect(hex(new RuptelaSplitter().push(stream))).toEqual(hex(frames));
    const splitter = new RuptelaSplitter();
    const out: Buffer[] = [];
    for (const byte of stream) out.push(...splitter.push(Buffer.from([byte])));
    expect(hex(out)).toEqual(hex(frames));
    expect(splitter.pending).toBe(0);
  });

  it('throws FrameError on a length beyond the maximum or too short for a command', () => {
    expect(() => new RuptelaSplitter(64).push(Buffer.from('ffff00', 'hex'))).toThrow(FrameError);
    expect(() => new RuptelaSplitter().push(Buffer.from('0000', 'hex'))).toThrow(FrameError);
  });
});
