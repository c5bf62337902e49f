import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCaptures2, splitterEntries } from '../__fixtures__/captures.js';
import { FrameError } from '../errors.js';
import { encodeSuntechCommand } from './encoder.js';
import { SuntechSplitter } from './frame.js';

const captures = parseCaptures2(readFileSync(new URL('../__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));
const hex = (list: Buffer[]) => list.map((f) => f.toString('hex'));

describe('suntech splitter and commands', () => {
  it("cuts Traccar's frame-decoder vectors the same way (text at CR, binary by its length)", () => {
    // Not suntech-frame-05: a UEX report whose binary payload holds a CR; Traccar reads the payload
    // length from the report, we cut at the first CR (the rest then fails that report only).
    for (const entry of splitterEntries(captures.suntech).filter((e) => e.id !== 'suntech-frame-05')) {
      expect(hex(new SuntechSplitter().push(Buffer.from(entry.hex, 'hex'))), entry.id).toEqual(entry.traccar?.frames);
    }
  });

  it('gives back text reports coalesced and byte by byte, dropping CR and LF', () => {
    const reports = ['SA200ALV;317652', 'ST300STT;007238270;40;313;20190220;12:05:04;c99e48;+04.644623;-074.076922;010.390;202.77;20;1'].map((t) =>
      Buffer.from(t),
    );
    const stream = Buffer.concat(reports.map((r) => Buffer.concat([r, Buffer.from('\r\n')])));
    expect(hex(new SuntechSplitter().push(stream))).toEqual(hex(reports));
    const splitter = new SuntechSplitter();
    const out: Buffer[] = [];
    for (const byte of stream) out.push(...splitter.push(Buffer.from([byte])));
    expect(hex(out)).toEqual(hex(reports));
  });

  it('throws FrameError without a CR within the maximum', () => {
    expect(() => new SuntechSplitter(64).push(Buffer.alloc(100, 0x41))).toThrow(FrameError);
  });

  it('commands: CMD;<id>;<group>;<action> ending with CR', () => {
    expect(encodeSuntechCommand({ kind: 'text', payload: '04;01', imei: '007238270' }).toString()).toBe('CMD;007238270;04;01\r');
    expect(encodeSuntechCommand({ kind: 'text', payload: 'CMD;007238270;03;03', imei: '007238270' }).toString()).toBe('CMD;007238270;03;03\r');
  });
});
