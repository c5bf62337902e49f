import { describe, expect, it } from 'vitest';
import { axisTicks, fillMonths } from './ActivityScreen';

describe('activity chart', () => {
  it('fills every month of the period, a month without an answer as zero', () => {
    const list = [{ month: '2025-12', amount: 3, trackers: [] }];
    expect(fillMonths('2025-11', '2026-02', list).map((m) => [m.month, m.amount])).toEqual([
      ['2025-11', 0],
      ['2025-12', 3],
      ['2026-01', 0],
      ['2026-02', 0],
    ]);
    expect(fillMonths('2026-03', '2026-03', [])).toEqual([{ month: '2026-03', amount: 0, trackers: [] }]);
  });

  it('puts round ticks from 0 to at least the largest value', () => {
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(3)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(95)).toEqual([0, 50, 100]);
    expect(axisTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });
});
