import type { IsoDate, YearMonth } from '../../../shared/billing/dates.js';
import type { Store } from '../store.js';

/**
 * Which sources sent data when: per UTC day (activeday billing, pruned after a while) and per
 * month (tracker/active/history/list, kept for good).
 */
export class ActivityLog {
  constructor(private readonly store: Store) {}

  /**
   * Marks the source active on `day` and in its month; false (nothing written) when there is no
   * such source. Marking a day twice changes nothing.
   */
  markActive(sourceId: number, day: IsoDate): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const source = await tx.get<{ dealer_id: number }>('SELECT dealer_id FROM sources WHERE id = ?', [sourceId]);
      if (!source) return false;
      await tx.run('INSERT INTO source_active_days (day, source_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [day, sourceId]);
      await tx.run('INSERT INTO source_active_months (dealer_id, month, source_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [
        source.dealer_id,
        day.slice(0, 7),
        sourceId,
      ]);
      return true;
    });
  }

  /** Drops the per-day rows of days before `before`. */
  async pruneDaysBefore(before: IsoDate): Promise<void> {
    await this.store.transaction((tx) => tx.run('DELETE FROM source_active_days WHERE day < ?', [before]));
  }

  /** The dealer's months from `from` to `to` (inclusive) in which any source was active, in order. */
  months(dealerId: number, from: YearMonth, to: YearMonth): Promise<YearMonth[]> {
    return this.store.column<YearMonth>('SELECT DISTINCT month FROM source_active_months WHERE dealer_id = ? AND month >= ? AND month <= ? ORDER BY month', [
      dealerId,
      from,
      to,
    ]);
  }

  /** The dealer's sources active in `month` (one column: a month can hold 100,000 of them). */
  sourcesActiveIn(dealerId: number, month: YearMonth): Promise<number[]> {
    return this.store.column<number>('SELECT source_id FROM source_active_months WHERE dealer_id = ? AND month = ?', [dealerId, month]);
  }
}
