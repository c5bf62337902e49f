import type { Backend } from '../backend.js';
import { addDays, todayUtc, type IsoDate } from './dates.js';

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

  /** Drops per-day rows older than ACTIVE_DAYS_KEPT days before `today`. */
  async prune(today: IsoDate): Promise<void> {
    const before = addDays(today, -ACTIVE_DAYS_KEPT);
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

/** The UTC days to bill: every day after the last run up to yesterday (completed days only). */
export function daysToBill(lastRun: IsoDate | undefined, now: Date): IsoDate[] {
  const yesterday = addDays(todayUtc(now), -1);
  let day = lastRun ? addDays(lastRun, 1) : yesterday;
  const days: IsoDate[] = [];
  while (day <= yesterday) {
    days.push(day);
    day = addDays(day, 1);
  }
  return days;
}
