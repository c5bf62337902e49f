/**
 * Meitrack captures end to end over the real listener: each frame over TCP (with the CR LF real
 * units end it with, which Traccar's decoder tests leave out), its reply byte for byte (CCC and AAC
 * acknowledged, the D00 request after D03, nothing to AAA, AFF and CCE), the fixes read back through
 * tracker/history/read and compared with Traccar's output.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2, type Capture } from './protocols/__fixtures__/captures.js';
import { expectedReply } from './protocols/__fixtures__/replay.js';
import { meitrackChecksum, meitrackFrame } from './protocols/meitrack/frame.js';
import { replayOverTcp, summarizeTcp, type TcpReplayReport } from './test-support/tcp-replay.js';

const captures = parseCaptures2(readFileSync(new URL('./protocols/__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));

function onWire(entry: Capture): Capture {
  return entry.hex.endsWith('0d0a') ? entry : { ...entry, hex: `${entry.hex}0d0a` };
}

/** AAC from the device: answered with its echo, stores nothing. */
function probe(imei: string) {
  const head = `$$p${`,${imei},AAC,1*XX\r\n`.length},${imei},AAC,1*`;
  return { frame: Buffer.from(`${head}${meitrackChecksum(Buffer.from(head))}\r\n`), reply: meitrackFrame('p', imei, 'AAC,1') };
}

describe('meitrack captures over TCP → storage → history', () => {
  let report: TcpReplayReport;
  beforeAll(async () => {
    // Not meitrack-020: a D00 photo chunk cut short in the capture (1,017 of the 1,086 bytes it states),
    // which no stream can carry; photo data is not stored anyway.
    const entries = decoderEntries(captures.meitrack)
      .filter((e) => e.id !== 'meitrack-020')
      .map(onWire);
    report = await replayOverTcp({ protocol: 'meitrack', model: 'meitrackt333', entries, expectedReply, probe });
  }, 120_000);
  afterAll(async () => report?.t.close());

  it('replies byte-exact and reads back every fix', () => {
    console.log(summarizeTcp('meitrack', report));
    expect(report.outcomes.filter((o) => o.problems.length).map((o) => `${o.id}: ${o.problems.join('; ')}`)).toEqual([]);
    expect(report.replies).toEqual({ exact: 4, expected: 4, unexpected: 0 });
    expect(report.fixes).toEqual({ readBack: 75, expected: 75 });
  });
});
