import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2, splitterEntries } from '../__fixtures__/captures.js';
import { FrameError } from '../errors.js';
import { encodeQueclinkCommand } from './encoder.js';
import { isBinaryFrame, QueclinkSplitter } from './frame.js';

const captures = parseCaptures2(readFileSync(new URL('../__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
const hex = (list: Buffer[]) => list.map((f) => f.toString('hex'));

/** A frame as the splitter gives it: text without its `$`, binary whole. */
const cut = (bytes: Buffer) => (!isBinaryFrame(bytes) && bytes[bytes.length - 1] === 0x24 ? bytes.subarray(0, -1) : bytes);

describe('queclink splitter and commands', () => {
  it("cuts Traccar's frame-decoder vectors the same way (text at '$', binary by the length its header states)", () => {
    for (const entry of splitterEntries(captures.gl200)) {
      expect(hex(new QueclinkSplitter().push(Buffer.from(entry.hex, 'hex'))), entry.id).toEqual(entry.traccar?.frames);
    }
  });

  it('gives back every capture from one stream, coalesced and byte by byte', () => {
    const frames = decoderEntries(captures.gl200).map((e) => Buffer.from(e.hex, 'hex'));
    const stream = Buffer.concat(frames.map((f) => (isBinaryFrame(f) || f[f.length - 1] === 0x24 ? f : Buffer.concat([f, Buffer.from('$')]))));
    const expected = hex(frames.map(cut));
    expect(hex(new QueclinkSplitter().push(stream))).toEqual(expected);
    const splitter = new QueclinkSplitter();
    const out: Buffer[] = [];
    for (const byte of stream) out.push(...splitter.push(Buffer.from([byte])));
    expect(hex(out)).toEqual(expected);
    expect(splitter.pending).toBe(0);
  });

  it('throws FrameError without a $ within the maximum, or for a binary length shorter than its header', () => {
    expect(() => new QueclinkSplitter(64).push(Buffer.alloc(100, 0x41))).toThrow(FrameError);
    expect(() => new QueclinkSplitter().push(Buffer.from('2b5253500300fc1fff0004450102', 'hex'))).toThrow(FrameError);
  });

  it('commands: AT+GT… text ending with $, or raw hex', () => {
    expect(encodeQueclinkCommand({ kind: 'text', payload: 'AT+GTRTO=gl300,1,,,,,,FFFF$', imei: '1' }).toString()).toBe('AT+GTRTO=gl300,1,,,,,,FFFF$');
    expect(encodeQueclinkCommand({ kind: 'text', payload: 'AT+GTRTO=gl300,3,,,,,,FFFF', imei: '1' }).toString()).toBe('AT+GTRTO=gl300,3,,,,,,FFFF$');
    expect(encodeQueclinkCommand({ kind: 'hex', payload: '2b41', imei: '1' })).toEqual(Buffer.from('+A'));
  });
});
