import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import type { TrackerRow } from '../../storage/repositories/tracker-rows.js';

/** What a tracker method refuses besides a tracker that is not the dealer's (201). */
export interface TrackerRules {
  /** 219 for a clone (methods that act on the device itself: clone, move, corrupt, register_retry). */
  clones?: 'refuse' | 'allow';
  /** 252 for a corrupted tracker; refused unless a method says otherwise. */
  corrupted?: 'refuse' | 'allow';
  /** 208 for a blocked tracker (methods that talk to the device). */
  blocked?: 'refuse' | 'allow';
}

/**
 * The one tracker guard, with one order of codes for every method (docs/navixy-api-facts.md,
 * trackers): 201 not the dealer's → 219 a clone (where refused) → 252 corrupted → 208 blocked
 * (where refused). The Navixy docs list 219 before 252 where a method refuses both.
 */
export function guardTracker(row: TrackerRow | undefined, rules: TrackerRules = {}): TrackerRow {
  if (!row) throw new ApiError(Code.NotFound);
  if (rules.clones === 'refuse' && row.clone) throw new ApiError(Code.NotAllowedForClones);
  if (rules.corrupted !== 'allow' && row.corrupted) throw new ApiError(Code.DeviceCorrupted);
  if (rules.blocked === 'refuse' && row.blocked) throw new ApiError(Code.DeviceBlocked);
  return row;
}
