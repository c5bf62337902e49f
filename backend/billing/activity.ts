import type { ActiveMonth } from '../../shared/api/billing.js';
import { addDays, daysBetween, todayUtc, type IsoDate, type YearMonth } from '../../shared/billing/dates.js';
import type { ActivityLog } from '../storage/repositories/activity.js';
import type { TrackerRow } from '../storage/repositories/tracker-rows.js';

export type { ActiveMonth };

/** Days of per-day activity kept for activeday billing (monthly activity is kept for good). */
export const ACTIVE_DAYS_KEPT = 62;

/** The original (non-clone) tracker over a source now: the tracker index answers it from memory. */
export type OriginalTracker = (dealerId: number, sourceId: number) => TrackerRow | undefined;

/**
 * Records that a source sent data at `at`: marks its UTC day (activeday billing) and month (active
 * history). Only the first record of a source per day writes; the rest are answered from memory.
 * The device gateway calls this for every decoded record.
 */
export class ActivityRecorder {
  private readonly seen = new Set<string>();
  private seenDay: IsoDate | undefined;

  constructor(
    private readonly log: ActivityLog,
    private readonly originalOf: OriginalTracker,
  ) {}

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
    try {
      await this.log.markActive(sourceId, day);
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
  prune(reference: IsoDate): Promise<void> {
    return this.log.pruneDaysBefore(addDays(reference, -ACTIVE_DAYS_KEPT));
  }

  /** How many of the dealer's non-clone trackers were active in `month` (the amount of tracker/active/history/list). */
  async activeAmount(dealerId: number, month: YearMonth): Promise<number> {
    let amount = 0;
    for (const sourceId of await this.log.sourcesActiveIn(dealerId, month)) if (this.originalOf(dealerId, sourceId)) amount++;
    return amount;
  }

  /**
   * tracker/active/history/list: per month, the dealer's non-clone trackers whose source was active.
   * Labels, owners and device ids are the trackers' current ones.
   */
  async history(dealerId: number, from: YearMonth, to: YearMonth): Promise<ActiveMonth[]> {
    const list: ActiveMonth[] = [];
    for (const month of await this.log.months(dealerId, from, to)) {
      const trackers: ActiveMonth['trackers'] = [];
      for (const sourceId of await this.log.sourcesActiveIn(dealerId, month)) {
        const tracker = this.originalOf(dealerId, sourceId);
        if (tracker) trackers.push({ tracker_id: tracker.id, user_id: tracker.user_id, label: tracker.label, device_id: tracker.device_id });
      }
      list.push({ month, amount: trackers.length, trackers });
    }
    return list;
  }
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
