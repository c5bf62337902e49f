import { describe, expect, it } from 'vitest';
import { daysInMonthOf, estimateRepayment } from './repayment';

const monthly = { type: 'monthly', price: 10 };

describe('repayment estimate (tariff/change rules)', () => {
  it('is ceil(price * days left / days in the month)', () => {
    // 2026-03-15 → 2026-04-01: 17 days left of 31; 10 * 17 / 31 = 5.48 → 6
    expect(estimateRepayment({ repay: true, current: monthly, tariffEndDate: '2026-04-01', today: '2026-03-15' })).toEqual({
      amount: 6,
      reason: null,
      remainder: 17,
      daysInMonth: 31,
    });
    // Exact cents: 1.12 * 25 / 28 = 1.0 → 1, not 2 from float error
    expect(estimateRepayment({ repay: true, current: { type: 'monthly', price: 1.12 }, tariffEndDate: '2026-03-01', today: '2026-02-04' }).amount).toBe(1);
  });

  it('gives nothing, with the reason, when a condition fails', () => {
    const base = { repay: true, current: monthly, tariffEndDate: '2026-04-01', today: '2026-03-15' };
    expect(estimateRepayment({ ...base, repay: false }).reason).toBe('Repay is not ticked');
    expect(estimateRepayment({ ...base, current: { type: 'activeday', price: 1 } }).reason).toBe('Only a monthly plan is repaid');
    expect(estimateRepayment({ ...base, current: { type: 'monthly', price: 0 } }).reason).toBe('The current plan is free');
    expect(estimateRepayment({ ...base, tariffEndDate: null }).reason).toBe('The current plan period has no end date');
    expect(estimateRepayment({ ...base, tariffEndDate: '2026-03-15' }).reason).toBe('No paid days are left on the current plan');
  });

  it('knows month lengths', () => {
    expect(daysInMonthOf('2024-02-10')).toBe(29);
    expect(daysInMonthOf('2026-02-10')).toBe(28);
    expect(daysInMonthOf('2026-12-31')).toBe(31);
  });
});
