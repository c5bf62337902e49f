import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import type { TrackerRow } from '../../storage/repositories/tracker-rows.js';

/** What a tracker method refuses besides a tracker that is not the dealer's (201). */
export interface TrackerRules {
  /**
   * 219 for a clone (methods that act on the device itself: clone, move, corrupt, register_retry);
   * `require`: 249 for an original (methods for clones only: delete_clone).
   */
  clones?: 'refuse' | 'allow' | 'require';
  /** 252 for a corrupted tracker; refused unless a method says otherwise. */
  corrupted?: 'refuse' | 'allow';
  /** 208 for a blocked tracker (methods that talk to the device). */
  blocked?: 'refuse' | 'allow';
}

/**
 * The one tracker guard, with one order of codes for every method (docs/navixy-api-facts.md
 * §4.4): 201 not the dealer's → 219 a clone (where refused), or 249 an original (where a
 * clone is required) → 252 corrupted → 208 blocked (where refused). The Navixy docs list 219
 * before 252 where a method refuses both.
 *
 * Exceptions, made in the method around the guard:
 * - tracker/register_retry counts every request for a tracker of the dealer, refused ones too: it
 *   guards 201 alone first (`corrupted: 'allow'`), records the request (264 when too early), and
 *   only then guards the rest (219, 252, 208).
 * - tracker/console/connect refuses a hidden (deleted) or blocked tracker with 230, not 208, after
 *   the guard (the console needs a tracker the panel shows and the device may talk to).
 */
export function guardTracker(row: TrackerRow | undefined, rules: TrackerRules = {}): TrackerRow {
  if (!row) throw new ApiError(Code.NotFound);
  if (rules.clones === 'refuse' && row.clone) throw new ApiError(Code.NotAllowedForClones);
  if (rules.clones === 'require' && !row.clone) throw new ApiError(Code.ClonesOnly);
  if (rules.corrupted !== 'allow' && row.corrupted) throw new ApiError(Code.DeviceCorrupted);
  if (rules.blocked === 'refuse' && row.blocked) throw new ApiError(Code.DeviceBlocked);
  return row;
}
