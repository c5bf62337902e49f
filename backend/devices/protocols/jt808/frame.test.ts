import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCaptures2, splitterEntries } from '../__fixtures__/captures.js';
import { FrameError } from '../errors.js';
import { jt808Entries } from '../__fixtures__/jt808.js';
import { escapeFrame, Jt808Splitter, unescape } from './frame.js';

const captures = parseCaptures2(readFileSync(new URL('../__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
const hex = (list: Buffer[]) => list.map((f) => f.toString('hex'));
const wire = jt808Entries.map((e) => Buffer.from(e.hex, 'hex'));

describe('jt808 splitter', () => {
  it('gives back every frame of the fixture (escaped binary and text), coalesced and byte by byte', () => {
    const stream = Buffer.concat(wire);
    expect(hex(new Jt808Splitter().push(stream))).toEqual(hex(wire));
    const splitter = new Jt808Splitter();
    const one: Buffer[] = [];
    for (const byte of stream) one.push(...splitter.push(Buffer.from([byte])));
    expect(hex(one)).toEqual(hex(wire));
  });

  it("cuts Traccar's frame-decoder vectors the same way (we keep the escapes; unescaped they are Traccar's frames)", () => {
    for (const entry of splitterEntries(captures.jt808)) {
      const frames = new Jt808Splitter().push(Buffer.from(entry.hex, 'hex'));
      const shown = frames.map((f) => (f[0] === 0x7e ? Buffer.concat([Buffer.from([0x7e]), unescape(f.subarray(1, -1)), Buffer.from([0x7e])]) : f));
      expect(hex(shown), entry.id).toEqual(entry.traccar?.frames);
    }
  });

  it('treats 7E7E between frames as one delimiter and skips bytes before a frame start', () => {
    const [a, b] = [wire[0]!, wire[1]!];
    expect(hex(new Jt808Splitter().push(Buffer.concat([Buffer.from('0d0a', 'hex'), a, b])))).toEqual(hex([a, b]));
    expect(hex(new Jt808Splitter().push(Buffer.concat([Buffer.from([0x7e]), a])))).toEqual(hex([a]));
  });

  it('escapes 7E and 7D and undoes it', () => {
    const content = Buffer.from('017e027d03', 'hex');
    expect(escapeFrame(content).toString('hex')).toBe('7e017d02027d01037e');
    expect(unescape(escapeFrame(content).subarray(1, -1))).toEqual(content);
  });

  it('throws FrameError when no frame ends within the maximum', () => {
    expect(() => new Jt808Splitter(64).push(Buffer.concat([Buffer.from([0x7e]), Buffer.alloc(100, 1)]))).toThrow(FrameError);
  });
});
