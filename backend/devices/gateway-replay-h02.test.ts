/**
 * H02 captures end to end over the real listener: each frame over TCP, its reply byte for byte,
 * the fixes read back through tracker/history/read and compared with Traccar's output, and
 * get_state's gps.updated = the fix time the device reported.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decoderEntries, parseCaptures } from './protocols/__fixtures__/captures.js';
import { expectedReply } from './protocols/__fixtures__/replay.js';
import { replayOverTcp, summarizeTcp, type TcpReplayReport } from './test-support/tcp-replay.js';

const captures = parseCaptures(readFileSync(new URL('./protocols/__fixtures__/device-captures.json', import.meta.url), 'utf8'));

/** Entries that differ from Traccar over TCP, by reason; everything else must match exactly. */
const KNOWN_DIVERGENCES: Array<[reason: string, ids: string[]]> = [
  [
    "V19: Traccar stamps the fix with its own clock (its V19 pattern skips the date); we store the frame's hhmmss + ddmmyy, which agree with the same device's NBR frames",
    ['h02-019', 'h02-028', 'h02-034', 'h02-048'],
  ],
];

describe('h02 captures over TCP → storage → history and get_state', () => {
  let report: TcpReplayReport;
  beforeAll(async () => {
    report = await replayOverTcp({
      protocol: 'h02',
      model: 'h02generic',
      entries: decoderEntries(captures.h02),
      expectedReply,
      probe: (id) => ({ frame: Buffer.from(`*HQ,${id},HTBT#`), reply: Buffer.from(`*HQ,${id},HTBT#`) }),
    });
  }, 60_000);
  afterAll(async () => report?.t.close());

  it('replies byte-exact and reads back every fix except the known divergences', () => {
    console.log(summarizeTcp('h02', report));
    const failing = report.outcomes.filter((o) => o.problems.length).map((o) => o.id);
    expect(failing.sort()).toEqual(KNOWN_DIVERGENCES.flatMap(([, ids]) => ids).sort());
    expect(report.replies).toEqual({ exact: 39, expected: 39, unexpected: 0 });
    expect(report.fixes).toEqual({ readBack: 60, expected: 64 });
  });

  it("get_state gps.updated is each device's latest fix time, not the receive time", async () => {
    const { t, trackers } = report;
    await t.backend.gateway.flushStates();
    let checked = 0;
    for (const [deviceId, trackerId] of trackers) {
      const window = { from: '2026-11-24 00:00:00', to: '2026-11-27 00:00:00', limit: 1000 };
      const stored = (await t.ok('tracker/history/read', { tracker_id: trackerId, ...window })).list as { kind: string; time: string }[];
      const fixes = stored.filter((r) => r.kind === 'position').map((r) => r.time.slice(0, 19).replace('T', ' '));
      if (!fixes.length) continue;
      const state = (await t.ok('tracker/get_state', { tracker_id: trackerId })).state;
      expect(state.gps.updated, deviceId).toBe(fixes.sort().at(-1));
      if (state.gps.updated !== state.last_update) checked++; // received at the fixture's clock, fixed years before
    }
    expect(checked).toBeGreaterThan(20);
  });
});
