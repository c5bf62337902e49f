import { addDays, compareDates, daysBetween, type IsoDate } from '../../shared/billing/dates.js';

/**
 * A stretch of time a source was blocked, UTC `YYYY-MM-DD HH:MM:SS`; `until` is null while it still
 * is. `from` is inclusive, `until` exclusive.
 */
export interface BlockPeriod {
  from: string;
  until: string | null;
}

const DAY_START = ' 00:00:00';

/** The first day that starts inside the period at or after `at`: the day itself at midnight, else the next. */
function firstWholeDay(at: string): IsoDate {
  const day = at.slice(0, 10);
  return at.slice(10) === DAY_START ? day : addDays(day, 1);
}

/**
 * How many UTC days in [from, to) the source was blocked for the whole day (00:00 to 24:00). A day
 * it was usable for any part of, blocked in the afternoon or unblocked in the morning, is not one.
 * Periods may overlap or touch; touching periods make one (blocked until 12:00 and again from
 * 12:00 is blocked all day).
 */
export function wholeBlockedDays(periods: readonly BlockPeriod[], from: IsoDate, to: IsoDate): number {
  if (compareDates(from, to) >= 0 || periods.length === 0) return 0;
  const sorted = [...periods].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: BlockPeriod[] = [];
  for (const p of sorted) {
    const last = merged[merged.length - 1];
    if (last && (last.until === null || p.from <= last.until)) {
      if (last.until !== null && (p.until === null || p.until > last.until)) last.until = p.until;
    } else {
      merged.push({ ...p });
    }
  }
  let days = 0;
  for (const p of merged) {
    const start = firstWholeDay(p.from);
    const end = p.until === null ? to : p.until.slice(0, 10); // the day `until` falls in is usable
    const a = compareDates(start, from) > 0 ? start : from;
    const b = compareDates(end, to) < 0 ? end : to;
    if (compareDates(a, b) < 0) days += daysBetween(a, b);
  }
  return days;
}
