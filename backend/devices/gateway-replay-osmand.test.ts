/**
 * OsmAnd captures end to end over the real HTTP listener: each request as the app sends it, its
 * response byte for byte (200, and 400 for the request without an id), the fixes read back through
 * tracker/history/read and compared with Traccar's output. Requests that carry no time are stamped
 * with the server clock, as Traccar does (`__fixtures__/osmand.ts`).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures2 } from './protocols/__fixtures__/captures.js';
import { withReplayClock } from './protocols/__fixtures__/osmand.js';
import { expectedReply } from './protocols/__fixtures__/replay.js';
import { replayOverTcp, summarizeTcp, type TcpReplayReport } from './test-support/tcp-replay.js';

const captures = parseCaptures2(readFileSync(new URL('./protocols/__fixtures__/device-captures-2.json', import.meta.url), 'utf8'));

/** A request with only the id: answered 200, stores no position. */
function probe(id: string) {
  return { frame: Buffer.from(`GET /?id=${id} HTTP/1.1\r\n\r\n`), reply: Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n') };
}

describe('osmand captures over HTTP → storage → history', () => {
  let report: TcpReplayReport;
  beforeAll(async () => {
    const entries = decoderEntries(captures.osmand).map(withReplayClock);
    report = await replayOverTcp({ protocol: 'osmand', model: 'traccarclientandroid', entries, expectedReply, probe, firstDevice: '123456' });
  }, 120_000);
  afterAll(async () => report?.t.close());

  it('answers byte-exact and reads back every fix', async () => {
    console.log(summarizeTcp('osmand', report));
    expect(report.outcomes.filter((o) => o.problems.length)).toEqual([]);
    expect(report.replies).toEqual({ exact: 15, expected: 15, unexpected: 0 });
    expect(report.fixes).toEqual({ readBack: 13, expected: 13 });
    // The cell/wifi-only request is kept as the tracker's state, not as a fix.
    const state = await report.t.ok('tracker/get_state', { tracker_id: report.trackers.get('123456') });
    expect(state.state.gps.location).toMatchObject({ lat: 60, lng: 30 });
  });
});
