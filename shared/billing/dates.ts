import { utcDate, utcDateTime } from '../clock.js';
/**
 * UTC calendar-day arithmetic on `YYYY-MM-DD` strings, the form the storage keeps dates in.
 *
 * Billing must not depend on the host's time zone, so nothing here calls a local-time API; the only
 * `Date` reads are the `getUTC*` fields of an injected `now` (docs/architecture.md §2.4). Day arithmetic
 * goes through a plain day number (days since 1970-01-01) computed with integer maths, which also
 * avoids `Date.UTC`'s remapping of years 0..99.
 */

/** A UTC calendar day, `YYYY-MM-DD`. String order equals date order. */
export type IsoDate = string;
/** A UTC calendar month, `YYYY-MM`, as used by `active/history/list`. */
export type YearMonth = string;

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const yearMonthPattern = /^(\d{4})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1..12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Bad month: ${month}`);
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

interface CivilDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

function parse(date: IsoDate): CivilDate {
  const m = isoDatePattern.exec(date);
  if (m) {
    const civil = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    if (civil.month >= 1 && civil.month <= 12 && civil.day >= 1 && civil.day <= daysInMonth(civil.year, civil.month)) {
      return civil;
    }
  }
  throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function format({ year, month, day }: CivilDate): IsoDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil, proleptic Gregorian). */
function toDayNumber({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // 0..399
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1; // 0..365
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // 0..146096
  return era * 146097 + doe - 719468;
}

function fromDayNumber(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isIsoDate(value: string): boolean {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
}

/** The UTC calendar day of an injected clock reading. */
export function todayUtc(now: Date): IsoDate {
  if (Number.isNaN(now.getTime())) throw new RangeError('Invalid clock reading');
  return utcDate(now);
}

/** `YYYY-MM-DD HH:MM:SS` in UTC: the storage's date-time form and Navixy's `timestamp` layout. */
export const formatUtcDateTime = utcDateTime;

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return format(fromDayNumber(toDayNumber(parse(date)) + days));
}

export function tomorrow(date: IsoDate): IsoDate {
  return addDays(date, 1);
}

export function yesterday(date: IsoDate): IsoDate {
  return addDays(date, -1);
}

/** Whole days from `from` to `to`: positive when `to` is later, 0 on the same day. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(parse(to)) - toDayNumber(parse(from));
}

export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const d = daysBetween(b, a);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** Days in the month that contains `date`. */
export function daysInMonthOf(date: IsoDate): number {
  const { year, month } = parse(date);
  return daysInMonth(year, month);
}

export function firstDayOfNextMonth(date: IsoDate): IsoDate {
  const { year, month } = parse(date);
  return month === 12 ? format({ year: year + 1, month: 1, day: 1 }) : format({ year, month: month + 1, day: 1 });
}

export function yearMonthOf(date: IsoDate): YearMonth {
  return format(parse(date)).slice(0, 7);
}

function parseYearMonth(ym: YearMonth): { year: number; month: number } {
  const m = yearMonthPattern.exec(ym);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (month >= 1 && month <= 12) return { year, month };
  }
  throw new RangeError(`Not a YYYY-MM month: ${JSON.stringify(ym)}`);
}

export function isYearMonth(value: string): boolean {
  try {
    parseYearMonth(value);
    return true;
  } catch {
    return false;
  }
}

/** `ym` moved by `months` (negative goes back). */
export function addMonths(ym: YearMonth, months: number): YearMonth {
  if (!Number.isInteger(months)) throw new RangeError(`Not a whole number of months: ${months}`);
  const { year, month } = parseYearMonth(ym);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  return `${pad(y, 4)}-${pad(index - y * 12 + 1, 2)}`;
}

export function firstDayOfMonth(ym: YearMonth): IsoDate {
  const { year, month } = parseYearMonth(ym);
  return format({ year, month, day: 1 });
}

export function lastDayOfMonth(ym: YearMonth): IsoDate {
  const { year, month } = parseYearMonth(ym);
  return format({ year, month, day: daysInMonth(year, month) });
}

/** Whole months from `from` to `to` (`2024-11` → `2025-02` is 3). */
export function monthsBetween(from: YearMonth, to: YearMonth): number {
  const a = parseYearMonth(from);
  const b = parseYearMonth(to);
  return (b.year - a.year) * 12 + (b.month - a.month);
}
