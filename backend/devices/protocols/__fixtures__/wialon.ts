/**
 * Wialon captures as we replay them. Packets whose date and time are `NA` get the server's time;
 * Traccar's harness stamped them with its clock (`2026-12-01…`), ours is FIXTURE_NOW, so the expected
 * fix time of those positions is FIXTURE_NOW.
 */
import type { Capture } from './captures.js';
import { FIXTURE_NOW } from './replay.js';

export function withServerTime(entry: Capture): Capture {
  if (!/#(?:S?D)#NA;NA;/.test(entry.text ?? '') || !entry.traccar?.positions) return entry;
  const positions = entry.traccar.positions.map((p) => (p.outdated ? p : { ...p, fixTime: FIXTURE_NOW.toISOString() }));
  return { ...entry, traccar: { ...entry.traccar, positions } };
}

/** Entries where we differ from Traccar on purpose, by reason. */
export const WIALON_DIVERGENCES: Array<[reason: string, ids: string[]]> = [
  ['no coordinates (NA): stored as a status, where Traccar keeps an invalid position at 0°, 0°', ['wialon-005', 'wialon-024']],
];
