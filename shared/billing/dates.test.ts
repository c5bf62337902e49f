import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  daysInMonth,
  daysInMonthOf,
  firstDayOfMonth,
  firstDayOfNextMonth,
  formatUtcDateTime,
  isIsoDate,
  isLeapYear,
  isYearMonth,
  lastDayOfMonth,
  monthsBetween,
  todayUtc,
  tomorrow,
  yearMonthOf,
  yesterday,
} from './dates.js';

describe('todayUtc', () => {
  it('takes the UTC day, not the local one', () => {
    expect(todayUtc(new Date('2024-01-31T23:59:59.999Z'))).toBe('2024-01-31');
    expect(todayUtc(new Date('2024-02-01T00:00:00.000Z'))).toBe('2024-02-01');
    // 23:30 in UTC-05:00 is already the next UTC day
    expect(todayUtc(new Date('2024-12-31T23:30:00-05:00'))).toBe('2025-01-01');
  });

  it('rejects an invalid clock reading', () => {
    expect(() => todayUtc(new Date('nope'))).toThrow(RangeError);
  });

  it('formats the timestamp in UTC', () => {
    expect(formatUtcDateTime(new Date('2024-03-05T07:08:09.500Z'))).toBe('2024-03-05 07:08:09');
  });
});

describe('day steps across month and year ends', () => {
  it.each([
    ['2024-01-31', '2024-02-01', '2024-01-30'],
    ['2023-02-28', '2023-03-01', '2023-02-27'],
    ['2024-02-28', '2024-02-29', '2024-02-27'],
    ['2024-02-29', '2024-03-01', '2024-02-28'],
    ['2024-04-30', '2024-05-01', '2024-04-29'],
    ['2024-12-31', '2025-01-01', '2024-12-30'],
    ['2024-03-01', '2024-03-02', '2024-02-29'],
    ['2023-03-01', '2023-03-02', '2023-02-28'],
    ['2025-01-01', '2025-01-02', '2024-12-31'],
  ])('%s → tomorrow %s, yesterday %s', (date, next, previous) => {
    expect(tomorrow(date)).toBe(next);
    expect(yesterday(date)).toBe(previous);
  });

  it('adds many days', () => {
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
    expect(addDays('2023-01-01', 365)).toBe('2024-01-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29'); // divisible by 400: leap
    expect(addDays('1900-02-28', 1)).toBe('1900-03-01'); // divisible by 100: not leap
    expect(addDays('1970-01-01', -1)).toBe('1969-12-31');
    expect(addDays('2024-05-10', 0)).toBe('2024-05-10');
  });

  it('rejects a fractional day count', () => {
    expect(() => addDays('2024-01-01', 0.5)).toThrow(RangeError);
  });
});

describe('first day of next month', () => {
  it.each([
    ['2024-01-01', '2024-02-01'],
    ['2024-01-31', '2024-02-01'],
    ['2023-02-28', '2023-03-01'],
    ['2024-02-29', '2024-03-01'],
    ['2024-04-30', '2024-05-01'],
    ['2024-12-01', '2025-01-01'],
    ['2024-12-31', '2025-01-01'],
  ])('%s → %s', (date, expected) => {
    expect(firstDayOfNextMonth(date)).toBe(expected);
  });
});

describe('days in month', () => {
  it('knows every month length and leap years', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect([isLeapYear(2024), isLeapYear(2023), isLeapYear(2100), isLeapYear(2400)]).toEqual([true, false, false, true]);
    expect(() => daysInMonth(2024, 13)).toThrow(RangeError);
  });

  it('of a date', () => {
    expect(daysInMonthOf('2024-01-31')).toBe(31);
    expect(daysInMonthOf('2023-02-28')).toBe(28);
    expect(daysInMonthOf('2024-02-29')).toBe(29);
    expect(daysInMonthOf('2024-04-30')).toBe(30);
    expect(daysInMonthOf('2024-12-31')).toBe(31);
  });
});

describe('days between', () => {
  it('counts whole days, signed', () => {
    expect(daysBetween('2024-01-15', '2024-02-01')).toBe(17);
    expect(daysBetween('2024-02-01', '2024-01-15')).toBe(-17);
    expect(daysBetween('2024-02-29', '2024-02-29')).toBe(0);
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2023-02-01', '2023-03-01')).toBe(28);
    expect(daysBetween('2024-12-31', '2025-01-01')).toBe(1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('compares', () => {
    expect(compareDates('2024-01-31', '2024-02-01')).toBe(-1);
    expect(compareDates('2024-02-01', '2024-02-01')).toBe(0);
    expect(compareDates('2025-01-01', '2024-12-31')).toBe(1);
  });
});

describe('validation', () => {
  it.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-1-01', '24-01-01', '2024-01-01T00:00', ''])('rejects %j', (bad) => {
    expect(isIsoDate(bad)).toBe(false);
    expect(() => tomorrow(bad)).toThrow(RangeError);
  });

  it('accepts real days', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('0099-01-01')).toBe(true);
    expect(tomorrow('0099-12-31')).toBe('0100-01-01'); // no Date.UTC two-digit-year remapping
  });
});

describe('months', () => {
  it('takes the month of a date', () => {
    expect(yearMonthOf('2024-02-29')).toBe('2024-02');
    expect(() => yearMonthOf('2024-02-30')).toThrow(RangeError);
  });

  it('steps months across years', () => {
    expect(addMonths('2024-12', 1)).toBe('2025-01');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-02', 12)).toBe('2025-02');
    expect(addMonths('2024-03', -27)).toBe('2021-12');
    expect(monthsBetween('2024-11', '2025-02')).toBe(3);
    expect(monthsBetween('2025-02', '2024-11')).toBe(-3);
  });

  it('gives first and last days', () => {
    expect(firstDayOfMonth('2024-02')).toBe('2024-02-01');
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2023-02')).toBe('2023-02-28');
    expect(lastDayOfMonth('2024-04')).toBe('2024-04-30');
    expect(lastDayOfMonth('2024-12')).toBe('2024-12-31');
  });

  it('validates', () => {
    expect(isYearMonth('2024-12')).toBe(true);
    expect(isYearMonth('2024-13')).toBe(false);
    expect(isYearMonth('2024-1')).toBe(false);
    expect(() => firstDayOfMonth('2024-00')).toThrow(RangeError);
  });
});
