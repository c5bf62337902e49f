import { describe, expect, it } from 'vitest';
import { FrameError } from '../errors.js';
import { Gps103Splitter } from './frame.js';

const text = (frames: Buffer[]) => frames.map((f) => f.toString('latin1'));

describe('gps103 splitter', () => {
  it('cuts at ; * CR LF and LF, drops the end bytes and empty messages, copes with split reads', () => {
    const splitter = new Gps103Splitter();
    expect(text(splitter.push(Buffer.from('##,imei:359586015829802,A;359586015829802;imei:1,tracker,')))).toEqual([
      '##,imei:359586015829802,A',
      '359586015829802',
    ]);
    expect(splitter.pending).toBe(15);
    expect(text(splitter.push(Buffer.from('x,F*\r\nimei:2,y\n;;')))).toEqual(['imei:1,tracker,x,F', 'imei:2,y']);
    expect(splitter.pending).toBe(0);
  });

  it('a message without an end past the bound is garbage: the connection is dropped', () => {
    const splitter = new Gps103Splitter(64);
    expect(splitter.push(Buffer.alloc(64, 0x41))).toEqual([]);
    expect(() => splitter.push(Buffer.from('A'))).toThrow(FrameError);
    expect(() => new Gps103Splitter(64).push(Buffer.concat([Buffer.alloc(100, 0x41), Buffer.from(';')]))).toThrow(FrameError);
  });
});
