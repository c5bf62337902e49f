/**
 * OsmAnd captures as the replay compares them: a position Traccar stamped with its own clock (the
 * request carries no time, `nondeterministic`) is expected at the replay's clock instead.
 */
import type { Capture } from './captures.js';
import { FIXTURE_NOW } from './replay.js';

export function withReplayClock(entry: Capture): Capture {
  const positions = entry.traccar?.positions;
  if (!positions?.some((p) => 'nondeterministic' in p)) return entry;
  const at = FIXTURE_NOW.toISOString();
  return {
    ...entry,
    traccar: { ...entry.traccar, positions: positions.map((p) => ('nondeterministic' in p ? { ...p, fixTime: at, deviceTime: at } : p)) },
  };
}
