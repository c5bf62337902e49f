import { describe, expect, it } from 'vitest';
import { FrameError } from '../errors.js';
import { WialonSplitter } from './frame.js';

describe('wialon splitter', () => {
  it('cuts at CR LF (or LF), drops the line end and empty lines, copes with split reads', () => {
    const splitter = new WialonSplitter();
    expect(splitter.push(Buffer.from('#L#1;NA\r\n\r\n#SD#2704')).map(String)).toEqual(['#L#1;NA']);
    expect(splitter.pending).toBe(8);
    expect(splitter.push(Buffer.from('13\r\n#P#\n')).map(String)).toEqual(['#SD#270413', '#P#']);
  });

  it('a line without an end past the bound drops the connection', () => {
    const splitter = new WialonSplitter(64);
    expect(splitter.push(Buffer.alloc(64, 0x41))).toEqual([]);
    expect(() => splitter.push(Buffer.from('A'))).toThrow(FrameError);
  });
});
