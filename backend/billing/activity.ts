import type { Backend } from '../backend.js';
import { addDays, daysBetween, todayUtc, type IsoDate } from '../../shared/billing/dates.js';

/** Days of per-day activity kept for activeday billing (monthly activity is kept for good). */
export const ACTIVE_DAYS_KEPT = 62;

/**
 * Records that a source sent data at `at`: marks its UTC day (activeday billing) and month (active
 * history). Only the first record of a source per day writes; the rest are answered from memory.
 * The device gateway calls this for every decoded record.
 */
export class ActivityRecorder {
  private readonly seen = new Set<string>();
  private seenDay: IsoDate | undefined;

  constructor(private readonly backend: Backend) {}

  async record(sourceId: number, at: Date): Promise<void> {
    const day = todayUtc(at);
    const key = `${sourceId}:${day}`;
    if (this.seen.has(key)) return;
    if (day !== this.seenDay) {
      // A new day: forget old keys so the set stays small.
      if (this.seenDay && day > this.seenDay) this.seen.clear();
      this.seenDay = day;
    }
    this.seen.add(key);
    const dealerId = this.backend.store.get<{ dealer_id: number }>('SELECT dealer_id FROM sources WHERE id = ?', [sourceId])?.dealer_id;
    if (dealerId === undefined) return;
    try {
      await this.backend.store.write((tx) => {
        tx.run('INSERT OR IGNORE INTO source_active_days (day, source_id) VALUES (?, ?)', [day, sourceId]);
        tx.run('INSERT OR IGNORE INTO source_active_months (dealer_id, month, source_id) VALUES (?, ?, ?)', [dealerId, day.slice(0, 7), sourceId]);
      });
    } catch (error) {
      this.seen.delete(key);
      throw error;
    }
  }

  /**
   * Drops per-day rows more than ACTIVE_DAYS_KEPT days before `reference`. The scheduler passes the
   * earliest day any dealer has billed (never the wall clock), so a clock that jumps forward, and
   * is corrected later, deletes nothing that would not have gone anyway.
   */
  async prune(reference: IsoDate): Promise<void> {
    const before = addDays(reference, -ACTIVE_DAYS_KEPT);
    await this.backend.store.write((tx) => tx.run('DELETE FROM source_active_days WHERE day < ?', [before]));
  }
}

export interface ActiveMonth {
  month: string;
  amount: number;
  trackers: { tracker_id: number; user_id: number; label: string; device_id: string }[];
}

/**
 * tracker/active/history/list: per month, the dealer's non-clone trackers whose source was active.
 * Labels, owners and device ids are the trackers' current ones.
 */
export function activeHistory(backend: Backend, dealerId: number, from: string, to: string): ActiveMonth[] {
  const months = backend.store.column<string>(
    'SELECT DISTINCT month FROM source_active_months WHERE dealer_id = ? AND month >= ? AND month <= ? ORDER BY month',
    [dealerId, from, to],
  );
  return months.map((month) => {
    // One column per month: no row objects for what can be 100,000 rows.
    const sourceIds = backend.store.column<number>('SELECT source_id FROM source_active_months WHERE dealer_id = ? AND month = ?', [dealerId, month]);
    const trackers: ActiveMonth['trackers'] = [];
    for (const sourceId of sourceIds) {
      const tracker = backend.trackerIndex.originalOf(dealerId, sourceId);
      if (tracker) trackers.push({ tracker_id: tracker.id, user_id: tracker.user_id, label: tracker.label, device_id: tracker.device_id });
    }
    return { month, amount: trackers.length, trackers };
  });
}

/** Most days the scheduler bills on its own after the last run (more need billing/run, one per day). */
export const CATCH_UP_CAP_DAYS = 7;

export type BillingPlan =
  | { kind: 'bill'; days: IsoDate[] }
  /** Nothing due: the last run is yesterday or today. */
  | { kind: 'up_to_date' }
  /** The last billed day is after today: the clock went back; wait until it passes that day. */
  | { kind: 'clock_behind'; last: IsoDate; today: IsoDate }
  /** More than CATCH_UP_CAP_DAYS days since the last run: a long stop or a forward clock jump. */
  | { kind: 'over_cap'; last: IsoDate; missing: number; first: IsoDate; yesterday: IsoDate };

/**
 * What the scheduler bills now: the completed UTC days after the last run up to yesterday by the
 * wall clock (never a later day), when they are at most CATCH_UP_CAP_DAYS; with no run yet, only
 * yesterday. A longer gap bills nothing on its own (billing/run per day, in order, brings it back
 * within the cap); a last run after today (the clock went back) is waited out.
 */
export function planBilling(lastRun: IsoDate | undefined, now: Date): BillingPlan {
  const today = todayUtc(now);
  const yesterday = addDays(today, -1);
  if (!lastRun) return { kind: 'bill', days: [yesterday] };
  if (lastRun > today) return { kind: 'clock_behind', last: lastRun, today };
  const missing = daysBetween(lastRun, yesterday);
  if (missing <= 0) return { kind: 'up_to_date' };
  if (missing > CATCH_UP_CAP_DAYS) return { kind: 'over_cap', last: lastRun, missing, first: addDays(lastRun, 1), yesterday };
  return { kind: 'bill', days: Array.from({ length: missing }, (_, i) => addDays(lastRun, i + 1)) };
}

/** The days planBilling would bill now (none when it would wait or the gap is over the cap). */
export function daysToBill(lastRun: IsoDate | undefined, now: Date): IsoDate[] {
  const plan = planBilling(lastRun, now);
  return plan.kind === 'bill' ? plan.days : [];
}
