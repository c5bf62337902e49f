import { describe, expect, it } from 'vitest';
import { wholeBlockedDays } from './blocked-days.js';

describe('wholeBlockedDays', () => {
  it('counts only days blocked from 00:00 to 24:00', () => {
    // blocked at 10:00 on the 5th, unblocked at 08:00 on the 9th: the 6th, 7th and 8th
    expect(wholeBlockedDays([{ from: '2026-03-05 10:00:00', until: '2026-03-09 08:00:00' }], '2026-03-01', '2026-04-01')).toBe(3);
    // from midnight to midnight: the 5th to the 8th
    expect(wholeBlockedDays([{ from: '2026-03-05 00:00:00', until: '2026-03-09 00:00:00' }], '2026-03-01', '2026-04-01')).toBe(4);
    // within one day: none
    expect(wholeBlockedDays([{ from: '2026-03-05 00:00:00', until: '2026-03-05 23:59:59' }], '2026-03-01', '2026-04-01')).toBe(0);
    expect(wholeBlockedDays([{ from: '2026-03-05 12:00:00', until: '2026-03-05 12:00:00' }], '2026-03-01', '2026-04-01')).toBe(0);
  });

  it('clips to [from, to) and counts a running block up to `to`', () => {
    const running = [{ from: '2026-02-20 00:00:00', until: null }];
    expect(wholeBlockedDays(running, '2026-03-01', '2026-04-01')).toBe(31);
    expect(wholeBlockedDays(running, '2026-02-01', '2026-03-01')).toBe(9);
    expect(wholeBlockedDays(running, '2026-03-10', '2026-03-10')).toBe(0);
    expect(wholeBlockedDays([{ from: '2026-01-01 00:00:00', until: '2026-02-01 00:00:00' }], '2026-02-01', '2026-03-01')).toBe(0);
  });

  it('leap years: February 2024 has 29 days, 2100 is not a leap year', () => {
    const all = [{ from: '2024-01-31 00:00:00', until: '2024-03-01 00:00:00' }];
    expect(wholeBlockedDays(all, '2024-02-01', '2024-03-01')).toBe(29);
    expect(wholeBlockedDays([{ from: '2100-02-01 00:00:00', until: null }], '2100-02-01', '2100-03-01')).toBe(28);
  });

  it('merges overlapping and touching periods, counts nothing twice', () => {
    const periods = [
      { from: '2026-03-05 12:00:00', until: '2026-03-07 12:00:00' },
      { from: '2026-03-07 12:00:00', until: '2026-03-09 00:00:00' },
      { from: '2026-03-06 00:00:00', until: '2026-03-08 00:00:00' },
    ];
    // 6th, 7th, 8th
    expect(wholeBlockedDays(periods, '2026-03-01', '2026-04-01')).toBe(3);
    expect(wholeBlockedDays([...periods].reverse(), '2026-03-01', '2026-04-01')).toBe(3);
    expect(
      wholeBlockedDays(
        [
          { from: '2026-03-02 00:00:00', until: '2026-03-03 00:00:00' },
          { from: '2026-03-10 00:00:00', until: null },
          { from: '2026-03-12 00:00:00', until: '2026-03-13 00:00:00' },
        ],
        '2026-03-01',
        '2026-03-15',
      ),
    ).toBe(6);
  });
});
