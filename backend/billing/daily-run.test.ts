import { describe, expect, it } from 'vitest';
import { planDailyRun, type BillingSource, type BillingTariff, type DailyRunInput } from './daily-run.js';
import { applyTariffChange } from '../../shared/billing/tariff-change.js';

const MONTHLY = 1;
const EVERYDAY = 2;
const ACTIVEDAY = 3;
const FREE = 4;
const tariffs = new Map<number, BillingTariff>([
  [MONTHLY, { id: MONTHLY, type: 'monthly', price: 12.55 }],
  [EVERYDAY, { id: EVERYDAY, type: 'everyday', price: 30 }],
  [ACTIVEDAY, { id: ACTIVEDAY, type: 'activeday', price: 0.5 }],
  [FREE, { id: FREE, type: 'monthly', price: 0 }],
]);

function source(over: Partial<BillingSource> = {}): BillingSource {
  return {
    id: 10,
    dealer_id: 1,
    tracker_id: 100,
    user_id: 5,
    clone: false,
    corrupted: false,
    tariff_id: MONTHLY,
    tariff_end: false,
    tariff_end_date: '2024-01-31',
    last_charged_date: '2024-01-01',
    blocked: false,
    creation_date: '2023-01-01',
    ...over,
  };
}

function run(sources: BillingSource[], over: Partial<DailyRunInput> = {}) {
  return planDailyRun({
    date: '2024-01-31',
    now: new Date('2024-01-31T00:05:00Z'),
    sources,
    tariffs,
    balances: new Map([[5, 100]]),
    freeDaysByDealer: new Map([[1, 14]]),
    activeSourceIds: new Set(),
    ...over,
  });
}

describe('monthly', () => {
  it('charges the full price when due and prolongs to the 1st of next month', () => {
    expect(run([source()])).toEqual({
      date: '2024-01-31',
      results: [
        {
          source_id: 10,
          tracker_id: 100,
          user_id: 5,
          outcome: 'charged',
          charged: 12.55,
          update: { tariff_end: false, tariff_end_date: '2024-02-01', last_charged_date: '2024-01-31', blocked: false },
        },
      ],
      transactions: [
        {
          type: 'main_charge',
          subtype: 'monthly',
          description: 'Monthly fee for 2024-01-31, tariff #1',
          amount: -12.55,
          dealer_id: 1,
          user_id: 5,
          tracker_id: 100,
          old_balance: 100,
          new_balance: 87.45,
          timestamp: '2024-01-31 00:05:00',
        },
      ],
      balances: [{ user_id: 5, old_balance: 100, new_balance: 87.45 }],
    });
  });

  it.each([
    ['2023-02-28', '2023-03-01'],
    ['2024-02-29', '2024-03-01'],
    ['2024-04-30', '2024-05-01'],
    ['2024-12-31', '2025-01-01'],
    ['2024-06-15', '2024-07-01'], // overdue since the 1st: one full fee, no proration
  ])('on %s prolongs to %s', (date, end) => {
    const plan = run([source({ tariff_end_date: '2023-01-01', last_charged_date: null, creation_date: '2020-01-01' })], { date });
    expect(plan.results[0]?.update?.tariff_end_date).toBe(end);
    expect(plan.transactions[0]?.amount).toBe(-12.55);
  });

  it('is not due before tariff_end_date', () => {
    expect(run([source({ tariff_end_date: '2024-02-01' })]).results[0]).toMatchObject({ outcome: 'not_due', update: null });
  });

  it('treats a missing end date as due', () => {
    expect(run([source({ tariff_end_date: null })]).results[0]?.outcome).toBe('charged');
  });

  it('prolongs a free tariff without a transaction', () => {
    const plan = run([source({ tariff_id: FREE })]);
    expect(plan.results[0]).toMatchObject({ outcome: 'prolonged', charged: 0, update: { tariff_end_date: '2024-02-01' } });
    expect(plan.transactions).toEqual([]);
    expect(plan.balances).toEqual([]);
  });
});

describe('everyday', () => {
  it.each<[string, number, string]>([
    ['2024-01-31', 0.97, '2024-02-01'], // 30 / 31 = 0.9677
    ['2023-02-28', 1.07, '2023-03-01'], // 30 / 28 = 1.0714
    ['2024-02-28', 1.03, '2024-02-29'], // 30 / 29 = 1.0345
    ['2024-02-29', 1.03, '2024-03-01'],
    ['2024-04-30', 1, '2024-05-01'], // 30 / 30
    ['2024-12-31', 0.97, '2025-01-01'],
  ])('on %s charges %s and prolongs to %s', (date, amount, end) => {
    const plan = run([source({ tariff_id: EVERYDAY, tariff_end_date: date, last_charged_date: null })], { date });
    expect(plan.results[0]?.update).toEqual({ tariff_end: false, tariff_end_date: end, last_charged_date: date, blocked: false });
    expect(plan.transactions[0]).toMatchObject({ type: 'main_charge', subtype: 'everyday', amount: -amount });
  });

  it('rounds half a cent up', () => {
    const halfCent = new Map([[EVERYDAY, { id: EVERYDAY, type: 'everyday' as const, price: 0.45 }]]);
    const plan = run([source({ tariff_id: EVERYDAY })], { date: '2024-04-10', tariffs: halfCent }); // 1.5 cents
    expect(plan.transactions[0]?.amount).toBe(-0.02);
  });
});

describe('activeday', () => {
  const activeday = source({ tariff_id: ACTIVEDAY, tariff_end_date: null });

  it('charges when the source was active that day, leaving tariff_end_date alone', () => {
    const plan = run([activeday], { activeSourceIds: new Set([10]) });
    expect(plan.results[0]).toMatchObject({
      outcome: 'charged',
      update: { tariff_end: false, tariff_end_date: null, last_charged_date: '2024-01-31', blocked: false },
    });
    expect(plan.transactions[0]).toMatchObject({ subtype: 'activeday', amount: -0.5, new_balance: 99.5 });
  });

  it('charges nothing on an inactive day', () => {
    const plan = run([activeday], { activeSourceIds: new Set([11]) });
    expect(plan.results[0]).toMatchObject({ outcome: 'inactive', update: null });
    expect(plan.transactions).toEqual([]);
  });

  it('ignores the end date an active-state tariff change leaves', () => {
    const plan = run([{ ...activeday, tariff_end_date: '2024-02-05' }], { activeSourceIds: new Set([10]) });
    expect(plan.results[0]?.outcome).toBe('charged');
  });
});

describe('skips', () => {
  it('clones and corrupted sources', () => {
    const plan = run([source({ id: 1, clone: true }), source({ id: 2, corrupted: true })]);
    expect(plan.results.map((r) => r.outcome)).toEqual(['clone', 'corrupted']);
    expect(plan.transactions).toEqual([]);
  });

  it('sources inside the free period, charging from the boundary day', () => {
    // 14 free days from 2024-01-17: free through 2024-01-30, paid from 2024-01-31
    expect(run([source({ creation_date: '2024-01-18' })]).results[0]?.outcome).toBe('free_period');
    expect(run([source({ creation_date: '2024-01-17' })]).results[0]?.outcome).toBe('charged');
  });

  it('a source without the free period (free_days_device_limit) is charged from its registration day', () => {
    const plan = run([source({ id: 1, creation_date: '2024-01-31' }), source({ id: 2, creation_date: '2024-01-31', free_period: false })]);
    expect(plan.results.map((r) => r.outcome)).toEqual(['free_period', 'charged']);
  });

  it('uses each dealer’s free days, 0 when the dealer has none', () => {
    const plan = run([source({ id: 1, dealer_id: 1, creation_date: '2024-01-30' }), source({ id: 2, dealer_id: 2, creation_date: '2024-01-30' })]);
    expect(plan.results.map((r) => r.outcome)).toEqual(['free_period', 'charged']);
  });

  it('unknown tariffs and users', () => {
    const plan = run([source({ id: 1, tariff_id: 99 }), source({ id: 2, user_id: 99 })]);
    expect(plan.results.map((r) => r.outcome)).toEqual(['unknown_tariff', 'unknown_user']);
  });
});

describe('balance', () => {
  it('charges when the balance covers the fee exactly', () => {
    const plan = run([source()], { balances: new Map([[5, 12.55]]) });
    expect(plan.transactions[0]).toMatchObject({ old_balance: 12.55, new_balance: 0 });
  });

  it('blocks due to tariff end when the balance is short, writing no charge', () => {
    const plan = run([source()], { balances: new Map([[5, 12.54]]) });
    expect(plan.results[0]).toMatchObject({
      outcome: 'blocked',
      charged: 0,
      update: { tariff_end: true, blocked: true, tariff_end_date: '2024-01-31', last_charged_date: '2024-01-01' },
    });
    expect(plan.transactions).toEqual([]);
    expect(plan.balances).toEqual([]);
  });

  it('writes nothing while a blocked source stays short', () => {
    const plan = run([source({ tariff_end: true, blocked: true })], { balances: new Map([[5, 1]]) });
    expect(plan.results[0]).toMatchObject({ outcome: 'still_blocked', update: null });
  });

  it('charges and unblocks once the balance suffices', () => {
    const plan = run([source({ tariff_end: true, blocked: true, tariff_end_date: '2024-01-20', last_charged_date: '2023-12-31' })]);
    expect(plan.results[0]).toMatchObject({
      outcome: 'unblocked',
      update: { tariff_end: false, blocked: false, tariff_end_date: '2024-02-01', last_charged_date: '2024-01-31' },
    });
    expect(plan.transactions).toHaveLength(1);
  });

  it('charges a dealer-blocked source without lifting the block', () => {
    const plan = run([source({ blocked: true })]);
    expect(plan.results[0]).toMatchObject({ outcome: 'charged', update: { blocked: true } });
  });

  it('applies one user’s charges in source-id order', () => {
    const plan = run([source({ id: 30, tracker_id: 300 }), source({ id: 10, tracker_id: 100 }), source({ id: 20, tracker_id: 200, user_id: 6 })], {
      balances: new Map([
        [5, 20],
        [6, 0],
      ]),
    });
    expect(plan.results.map((r) => [r.source_id, r.outcome])).toEqual([
      [10, 'charged'],
      [20, 'blocked'],
      [30, 'blocked'],
    ]);
    expect(plan.transactions.map((t) => [t.tracker_id, t.old_balance, t.new_balance])).toEqual([[100, 20, 7.45]]);
    expect(plan.balances).toEqual([{ user_id: 5, old_balance: 20, new_balance: 7.45 }]);
  });

  it('keeps cents exact over many charges', () => {
    const many = Array.from({ length: 10 }, (_, i) => source({ id: i + 1, tariff_id: ACTIVEDAY, tariff_end_date: null }));
    const plan = run(many, { balances: new Map([[5, 0.3 + 0.6]]), activeSourceIds: new Set(many.map((s) => s.id)) });
    expect(plan.transactions.map((t) => t.new_balance)).toEqual([0.4]); // 0.9 - 0.5; then 0.4 < 0.5 blocks
    expect(plan.results.filter((r) => r.outcome === 'blocked')).toHaveLength(9);
  });
});

describe('idempotence', () => {
  it('skips a source already charged that day or later', () => {
    expect(run([source({ last_charged_date: '2024-01-31' })]).results[0]?.outcome).toBe('already_charged');
    expect(run([source({ last_charged_date: '2024-02-01' })]).results[0]?.outcome).toBe('already_charged');
  });

  it('a second run of the same day, on the written plan, changes nothing', () => {
    const sources = [source({ id: 1 }), source({ id: 2, tariff_id: EVERYDAY }), source({ id: 3, tariff_id: ACTIVEDAY, tariff_end_date: null })];
    const input = { activeSourceIds: new Set([3]) };
    const first = run(sources, input);
    expect(first.transactions).toHaveLength(3);
    const written = sources.map((s) => ({ ...s, ...first.results.find((r) => r.source_id === s.id)?.update }));
    const second = run(written, { ...input, balances: new Map([[5, first.balances[0]!.new_balance]]) });
    expect(second.transactions).toEqual([]);
    expect(second.results.every((r) => r.update === null)).toBe(true);
  });
});

describe('after a tariff change', () => {
  it('inactive → monthly with charge: the same day’s run charges and unblocks', () => {
    const before = source({ tariff_id: EVERYDAY, tariff_end: true, blocked: true, tariff_end_date: '2024-01-20', last_charged_date: '2024-01-19' });
    const state = applyTariffChange(before, { id: MONTHLY, type: 'monthly' }, { charge: true }, '2024-01-31');
    const plan = run([{ ...before, ...state }]);
    expect(plan.results[0]).toMatchObject({ outcome: 'unblocked', update: { tariff_end_date: '2024-02-01', blocked: false } });
    expect(plan.transactions[0]?.amount).toBe(-12.55);
  });

  it('active → monthly with charge: nothing today, the full fee tomorrow', () => {
    const before = source({ tariff_id: EVERYDAY, tariff_end_date: '2024-01-16' });
    const state = applyTariffChange(before, { id: MONTHLY, type: 'monthly' }, { charge: true }, '2024-01-15');
    const after = { ...before, ...state };
    expect(run([after], { date: '2024-01-15' }).results[0]?.outcome).toBe('already_charged');
    const next = run([after], { date: '2024-01-16' });
    expect(next.results[0]).toMatchObject({ outcome: 'charged', update: { tariff_end_date: '2024-02-01' } });
  });
});

describe('proportional_charge (monthly)', () => {
  const PROP = 20;
  const propTariffs = new Map<number, BillingTariff>([
    ...tariffs,
    [PROP, { id: PROP, type: 'monthly', price: 31, proportional_charge: true }],
    [21, { id: 21, type: 'monthly', price: 29, proportional_charge: true }],
    [22, { id: 22, type: 'everyday', price: 31, proportional_charge: true }],
  ]);
  const due = (over: Partial<BillingSource> = {}) =>
    source({ tariff_id: PROP, last_charged_date: '2026-03-01', tariff_end_date: '2026-04-01', creation_date: '2025-01-01', ...over });
  const runOn = (date: string, sources: BillingSource[], periods: Record<number, { from: string; until: string | null }[]>) =>
    run(sources, {
      date,
      now: new Date(`${date}T00:05:00Z`),
      tariffs: propTariffs,
      freeDaysByDealer: new Map([[1, 0]]),
      blockPeriods: new Map(Object.entries(periods).map(([id, p]) => [Number(id), p])),
    });

  it('reduces the next fee by the whole days the month of the last charge was blocked', () => {
    // blocked 2026-03-10 10:00 → 2026-03-15 00:00: the 11th to the 14th, 4 days of 31
    const plan = runOn('2026-04-01', [due()], { 10: [{ from: '2026-03-10 10:00:00', until: '2026-03-15 00:00:00' }] });
    expect(plan.results[0]).toMatchObject({ outcome: 'charged', charged: 27, update: { tariff_end_date: '2026-05-01', last_charged_date: '2026-04-01' } });
    expect(plan.transactions[0]).toMatchObject({ amount: -27, description: 'Monthly fee for 2026-04-01, tariff #20, less 4 blocked day(s) of 2026-03' });
  });

  it('the full price without blocked days, and a plain monthly tariff ignores the history', () => {
    const periods = { 10: [{ from: '2026-03-10 00:00:00', until: '2026-03-20 00:00:00' }] };
    expect(runOn('2026-04-01', [due()], {}).results[0]?.charged).toBe(31);
    expect(runOn('2026-04-01', [due({ tariff_id: MONTHLY })], periods).results[0]?.charged).toBe(12.55);
    // everyday tariffs are not monthly: proportional_charge does nothing (31 / 30 days of April)
    expect(runOn('2026-04-01', [due({ tariff_id: 22, tariff_end_date: '2026-04-01', last_charged_date: '2026-03-31' })], periods).results[0]?.charged).toBe(
      1.03,
    );
  });

  it('a whole month blocked: nothing to pay, prolonged without a transaction', () => {
    const plan = runOn('2026-04-01', [due()], { 10: [{ from: '2026-02-27 08:00:00', until: null }] });
    expect(plan.results[0]).toMatchObject({ outcome: 'prolonged', charged: 0, update: { tariff_end_date: '2026-05-01' } });
    expect(plan.transactions).toEqual([]);
  });

  it('leap February: 29 days (2024) and 28 (2026); rounding to the cent, halves up', () => {
    const feb = (year: number) => [{ from: `${year}-02-01 00:00:00`, until: `${year}-02-02 00:00:00` }];
    // price 29, 1 day of 29 → 28; 1 day of 28 → 29 - 1.0357.. = 27.96
    const leap = runOn('2024-03-01', [due({ tariff_id: 21, creation_date: '2020-01-01', last_charged_date: '2024-02-01', tariff_end_date: '2024-03-01' })], {
      10: feb(2024),
    });
    expect(leap.results[0]?.charged).toBe(28);
    const common = runOn('2026-03-01', [due({ tariff_id: 21, last_charged_date: '2026-02-01', tariff_end_date: '2026-03-01' })], { 10: feb(2026) });
    expect(common.results[0]?.charged).toBe(27.96);
  });

  it('counts from the first paid day and the last tariff change; nothing before', () => {
    const periods = { 10: [{ from: '2026-03-01 00:00:00', until: '2026-03-21 00:00:00' }] }; // 1st–20th
    // registered 2026-03-05 with 10 free days: first paid day 03-15 → 15th–20th = 6 days
    const fromFree = run([due({ creation_date: '2026-03-05', last_charged_date: '2026-03-15' })], {
      date: '2026-04-01',
      tariffs: propTariffs,
      freeDaysByDealer: new Map([[1, 10]]),
      blockPeriods: new Map(Object.entries(periods).map(([id, p]) => [Number(id), p])),
    });
    expect(fromFree.results[0]?.charged).toBe(25);
    // changed to this tariff on 03-18: 18th–20th = 3 days
    expect(runOn('2026-04-01', [due({ tariff_change: '2026-03-18', last_charged_date: '2026-03-18' })], periods).results[0]?.charged).toBe(28);
  });

  it('after a stretch blocked for non-payment the late fee credits the old month, the next one the days before it', () => {
    // Paid for February; blocked for non-payment from 03-01, paid on 03-10 at 09:00.
    const periods = { 10: [{ from: '2026-03-01 00:00:00', until: '2026-03-10 09:00:00' }] };
    const late = runOn('2026-03-10', [due({ last_charged_date: '2026-02-01', tariff_end_date: '2026-03-01', tariff_end: true, blocked: true })], periods);
    expect(late.results[0]).toMatchObject({ outcome: 'unblocked', charged: 31, update: { last_charged_date: '2026-03-10', tariff_end_date: '2026-04-01' } });
    // April's fee: March 1st–9th were blocked, 9 days of 31 → 31 - 9 = 22
    expect(runOn('2026-04-01', [due({ last_charged_date: '2026-03-10' })], periods).results[0]?.charged).toBe(22);
  });

  it('a balance too low for the reduced fee blocks; a balance that covers it charges it', () => {
    const periods = { 10: [{ from: '2026-03-01 00:00:00', until: '2026-03-11 00:00:00' }] }; // 10 days → 21
    expect(runOn('2026-04-01', [due()], periods).results[0]?.charged).toBe(21);
    const poor = run([due()], { date: '2026-04-01', tariffs: propTariffs, balances: new Map([[5, 20.99]]), blockPeriods: new Map([[10, periods[10]]]) });
    expect(poor.results[0]?.outcome).toBe('blocked');
    const enough = run([due()], { date: '2026-04-01', tariffs: propTariffs, balances: new Map([[5, 21]]), blockPeriods: new Map([[10, periods[10]]]) });
    expect(enough.results[0]).toMatchObject({ outcome: 'charged', charged: 21 });
    expect(enough.balances).toEqual([{ user_id: 5, old_balance: 21, new_balance: 0 }]);
  });
});
