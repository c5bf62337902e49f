import { describe, expect, it } from 'vitest';
import type { TariffType } from './tariff.js';
import { applyTariffChange, repaymentAmount, repaymentDetail, type RepaymentInput } from './tariff-change.js';

describe('repaymentAmount', () => {
  const input = (over: Partial<RepaymentInput> = {}, source: Partial<RepaymentInput['source']> = {}): RepaymentInput => ({
    repay: true,
    currentTariff: { type: 'monthly', price: 31 },
    source: { tariff_end: false, tariff_end_date: '2024-02-01', creation_date: '2022-06-01', ...source },
    freeDays: 14,
    today: '2024-01-15',
    ...over,
  });

  it('is ceil(price × remainder / days in month) in whole units', () => {
    expect(repaymentAmount(input())).toBe(17); // 31 × 17 / 31
    expect(repaymentAmount(input({ currentTariff: { type: 'monthly', price: 10 } }))).toBe(6); // 5.48 → 6
    expect(repaymentAmount(input({ currentTariff: { type: 'monthly', price: 12.55 } }))).toBe(7); // 6.88 → 7
    expect(repaymentAmount(input({ currentTariff: { type: 'monthly', price: 0.01 } }))).toBe(1); // 0.0055 → 1
  });

  it('is exact where a float ceil overshoots', () => {
    // Feb 2023 (28 days), 25 days left: 1.12 × 25 / 28 = 1 exactly; Math.ceil in floats gives 2
    const feb = input({ currentTariff: { type: 'monthly', price: 1.12 }, today: '2023-02-04' }, { tariff_end_date: '2023-03-01' });
    expect(repaymentAmount(feb)).toBe(1);
  });

  it.each<[string, string, string, number]>([
    // [today, tariff_end_date, price month, expected] with price 30
    ['2024-01-31', '2024-02-01', 'Jan 31: 1 of 31 days', 1], // 0.97 → 1
    ['2023-02-28', '2023-03-01', 'Feb 28 non-leap: 1 of 28', 2], // 1.07 → 2
    ['2024-02-28', '2024-03-01', 'Feb 28 leap: 2 of 29', 3], // 2.07 → 3
    ['2024-02-29', '2024-03-01', 'Feb 29 leap: 1 of 29', 2], // 1.03 → 2
    ['2024-04-30', '2024-05-01', 'Apr 30: 1 of 30', 1], // exactly 1
    ['2024-04-01', '2024-05-01', 'Apr 1: 30 of 30', 30], // the whole fee
    ['2024-12-31', '2025-01-01', 'Dec 31 → next year: 1 of 31', 1], // 0.97 → 1
  ])('%s → %s (%s) repays %i', (today, end, _what, expected) => {
    expect(repaymentAmount(input({ today, currentTariff: { type: 'monthly', price: 30 } }, { tariff_end_date: end }))).toBe(expected);
  });

  it('is 0 when any condition fails', () => {
    expect(repaymentAmount(input({ repay: false }))).toBe(0);
    expect(repaymentAmount(input({ currentTariff: { type: 'everyday', price: 31 } }))).toBe(0);
    expect(repaymentAmount(input({ currentTariff: { type: 'activeday', price: 31 } }))).toBe(0);
    expect(repaymentAmount(input({ currentTariff: { type: 'monthly', price: 0 } }))).toBe(0);
    expect(repaymentAmount(input({}, { tariff_end: true }))).toBe(0);
    expect(repaymentAmount(input({}, { tariff_end_date: null }))).toBe(0);
    expect(repaymentAmount(input({}, { tariff_end_date: '2024-01-15' }))).toBe(0); // remainder 0
    expect(repaymentAmount(input({}, { tariff_end_date: '2024-01-10' }))).toBe(0); // end date passed
  });

  it('needs the free period over: creation + free_days <= today', () => {
    // created 2024-01-01 with 14 free days: first paid day 2024-01-15
    expect(repaymentAmount(input({}, { creation_date: '2024-01-01' }))).toBe(17); // boundary day: expired
    expect(repaymentAmount(input({}, { creation_date: '2024-01-02' }))).toBe(0); // one day short
    expect(repaymentAmount(input({ freeDays: 0 }, { creation_date: '2024-01-15' }))).toBe(17);
  });

  it('is not capped by the price when the end date lies beyond the month', () => {
    expect(repaymentAmount(input({}, { tariff_end_date: '2024-03-01' }))).toBe(46); // 46 days × 31 / 31
  });
});

describe('repaymentDetail', () => {
  const input = (over: Partial<RepaymentInput> = {}, source: Partial<RepaymentInput['source']> = {}): RepaymentInput => ({
    repay: true,
    currentTariff: { type: 'monthly', price: 31 },
    source: { tariff_end: false, tariff_end_date: '2024-02-01', creation_date: '2022-06-01', ...source },
    freeDays: 14,
    today: '2024-01-15',
    ...over,
  });

  it('gives the amount with its remainder and the days of the month', () => {
    expect(repaymentDetail(input())).toEqual({ amount: 17, refusal: null, remainder: 17, daysInMonth: 31 });
  });

  it('names the first condition that fails, in the order of the rule', () => {
    expect(repaymentDetail(input({ repay: false, currentTariff: { type: 'everyday', price: 0 } })).refusal).toBe('not_requested');
    expect(repaymentDetail(input({ currentTariff: { type: 'everyday', price: 0 } })).refusal).toBe('not_monthly');
    expect(repaymentDetail(input({ currentTariff: { type: 'monthly', price: 0 } }, { tariff_end: true })).refusal).toBe('free_tariff');
    expect(repaymentDetail(input({}, { tariff_end: true, tariff_end_date: null })).refusal).toBe('tariff_ended');
    expect(repaymentDetail(input({}, { tariff_end_date: null, creation_date: '2024-01-10' })).refusal).toBe('no_end_date');
    expect(repaymentDetail(input({}, { creation_date: '2024-01-10', tariff_end_date: '2024-01-15' })).refusal).toBe('free_period');
    expect(repaymentDetail(input({}, { tariff_end_date: '2024-01-15' }))).toEqual({ amount: 0, refusal: 'no_days_left', remainder: 0, daysInMonth: 31 });
  });

  it('agrees with repaymentAmount', () => {
    for (const end of ['2024-01-10', '2024-01-16', '2024-02-01', '2024-03-01', null]) {
      for (const price of [0, 0.01, 10, 31]) {
        const i = input({ currentTariff: { type: 'monthly', price } }, { tariff_end_date: end });
        expect(repaymentDetail(i).amount).toBe(repaymentAmount(i));
      }
    }
  });

  it('with free days 0 the free period counts as over (the estimate of a caller that does not know it)', () => {
    expect(repaymentDetail(input({ freeDays: 0 }, { creation_date: '2024-01-15' })).amount).toBe(17);
  });
});

describe('applyTariffChange', () => {
  const today = '2024-01-31';
  const apply = (tariffEnd: boolean, type: TariffType, charge: boolean, day = today) =>
    applyTariffChange({ tariff_end: tariffEnd }, { id: 9, type }, { charge }, day);

  it.each<[TariffType, boolean, string]>([
    ['monthly', false, '2024-02-01'], // first day of next month
    ['monthly', true, '2024-02-01'], // tomorrow (the same day here)
    ['everyday', false, '2024-02-01'],
    ['everyday', true, '2024-02-01'],
    ['activeday', false, '2024-02-01'], // literal spec: activeday falls in "else" → tomorrow
    ['activeday', true, '2024-02-01'],
  ])('active, %s, charge %s → end %s, last charged today', (type, charge, end) => {
    expect(apply(false, type, charge)).toEqual({
      tariff_id: 9,
      tariff_change: today,
      tariff_end: false,
      tariff_end_date: end,
      last_charged_date: today,
    });
  });

  it('active monthly: next month without charge, tomorrow with charge (mid-month)', () => {
    expect(apply(false, 'monthly', false, '2024-02-10').tariff_end_date).toBe('2024-03-01');
    expect(apply(false, 'monthly', true, '2024-02-10').tariff_end_date).toBe('2024-02-11');
    expect(apply(false, 'everyday', false, '2024-02-10').tariff_end_date).toBe('2024-02-11');
    expect(apply(false, 'activeday', false, '2024-02-10').tariff_end_date).toBe('2024-02-11');
  });

  it.each<[TariffType, boolean, boolean, string | null]>([
    ['monthly', true, true, '2024-02-10'], // due today, still ended
    ['monthly', false, false, '2024-03-01'],
    ['everyday', true, true, '2024-02-10'],
    ['everyday', false, false, '2024-02-11'],
    ['activeday', true, false, null],
    ['activeday', false, false, null],
  ])('inactive, %s, charge %s → tariff_end %s, end %s, last charged yesterday', (type, charge, tariffEnd, end) => {
    expect(apply(true, type, charge, '2024-02-10')).toEqual({
      tariff_id: 9,
      tariff_change: '2024-02-10',
      tariff_end: tariffEnd,
      tariff_end_date: end,
      last_charged_date: '2024-02-09',
    });
  });

  it('crosses month and year ends', () => {
    expect(apply(true, 'monthly', false, '2024-12-31')).toMatchObject({ tariff_end_date: '2025-01-01', last_charged_date: '2024-12-30' });
    expect(apply(true, 'everyday', false, '2024-02-29')).toMatchObject({ tariff_end_date: '2024-03-01', last_charged_date: '2024-02-28' });
    expect(apply(true, 'everyday', false, '2024-03-01')).toMatchObject({ last_charged_date: '2024-02-29' });
    expect(apply(true, 'everyday', false, '2023-03-01')).toMatchObject({ last_charged_date: '2023-02-28' });
    expect(apply(false, 'monthly', false, '2023-02-28')).toMatchObject({ tariff_end_date: '2023-03-01' });
    expect(apply(false, 'monthly', false, '2024-04-30')).toMatchObject({ tariff_end_date: '2024-05-01' });
    expect(apply(true, 'monthly', true, '2025-01-01')).toMatchObject({ tariff_end_date: '2025-01-01', last_charged_date: '2024-12-31' });
  });
});
