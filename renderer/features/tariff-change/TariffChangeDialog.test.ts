import { describe, expect, it } from 'vitest';
import type { Tracker } from '../../../shared/entities';
import { estimateRepayment } from './TariffChangeDialog';

const tracker = (tariff_end_date: string | null) => ({ source: { tariff_end_date, creation_date: '2025-01-10' } }) as Tracker;
const monthly = { type: 'monthly' as const, price: 10 };

describe('repayment estimate (the shared tariff/change rules)', () => {
  it('is the amount the rules give, with its parts', () => {
    // 2026-03-15 → 2026-04-01: 17 days left of 31; 10 * 17 / 31 = 5.48 → 6
    expect(estimateRepayment({ repay: true, current: monthly, tracker: tracker('2026-04-01'), today: '2026-03-15' })).toMatchObject({
      amount: 6,
      reason: null,
      remainder: 17,
      daysInMonth: 31,
    });
  });

  it('says in words why there is none', () => {
    const base = { repay: true, current: monthly, tracker: tracker('2026-04-01'), today: '2026-03-15' };
    expect(estimateRepayment({ ...base, repay: false }).reason).toBe('Repay is not ticked');
    expect(estimateRepayment({ ...base, current: undefined }).reason).toBe('The current plan is unknown');
    expect(estimateRepayment({ ...base, current: { type: 'activeday', price: 1 } }).reason).toBe('Only a monthly plan is repaid');
    expect(estimateRepayment({ ...base, current: { type: 'monthly', price: 0 } }).reason).toBe('The current plan is free');
    expect(estimateRepayment({ ...base, tracker: tracker(null) }).reason).toBe('The current plan period has no end date');
    expect(estimateRepayment({ ...base, tracker: tracker('2026-03-15') }).reason).toBe('No paid days are left on the current plan');
  });
});
