import { afterEach, describe, expect, it } from 'vitest';
import { addDealer, ADMIN_PASSWORD, FixedClock, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { apiState, createStaff, createTariff, createUser, expectError, expectInvalid, registerTracker } from '../../test-support/api-assertions.js';

/**
 * `proportional_charge` monthly tariffs, through the API under a fixed clock: the dealer's blocks
 * (tracker/source/update) and the blocks for non-payment are kept as a history, and each monthly fee
 * is reduced by the whole days the month of the previous fee was blocked.
 */
describe('proportional_charge', () => {
  let t: TestBackend;
  afterEach(async () => t?.close());

  async function setup(start: string, price = 31, balance = 1000) {
    t = await openTestBackend({ clock: new FixedClock(start) });
    const tariffId = await createTariff(t, { type: 'monthly', price, proportional_charge: true });
    await t.ok('tariff/defaults/update', { tracker: { tariff_id: tariffId, free_days: 0 } });
    const userId = await createUser(t);
    if (balance > 0) await t.ok('user/transaction/change_balance', { user_id: userId, amount: balance, type: 'balance', text: 'top up' });
    const trackerId = await registerTracker(t, userId, tariffId);
    return { tariffId, userId, trackerId };
  }
  /** Moves the clock; a session lives 24 hours, so the administrator signs in again. */
  const at = async (iso: string) => {
    t.clock.set(iso);
    t.adminHash = await t.login('admin', ADMIN_PASSWORD);
  };
  const block = (tracker_id: number, blocked: boolean) => t.ok('tracker/source/update', { tracker_id, blocked });
  const fees = async (userId: number) =>
    ((await t.ok('user/transaction/list', { user_id: userId, from: '2000-01-01', to: '2100-01-01 00:00:00' })).list as any[])
      .filter((x) => x.type === 'main_charge')
      .map((x) => [x.timestamp.slice(0, 10), x.amount, x.description]);
  const periods = () => t.backend.database.all('SELECT source_id, blocked_from, blocked_until FROM source_block_periods ORDER BY source_id, blocked_from');
  /** Bills each day from `from` to `to` as the scheduler would: just after it ends. */
  async function billDays(from: string, to: string) {
    for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
      const day = d.toISOString().slice(0, 10);
      await at(new Date(d.getTime() + 86_400_000 + 10_000).toISOString());
      await t.ok('billing/run', { date: day });
    }
  }

  it('across a month boundary: the April fee is reduced by the whole days March was blocked', async () => {
    const s = await setup('2026-03-01T08:00:00Z');
    const sourceId = t.backend.trackerIndex.get(1, s.trackerId)!.source_id;
    await billDays('2026-03-01', '2026-03-09');
    await at('2026-03-10T10:00:00Z');
    await block(s.trackerId, true);
    await at('2026-03-15T00:00:00Z');
    await block(s.trackerId, false);
    expect(await periods()).toEqual([{ source_id: sourceId, blocked_from: '2026-03-10 10:00:00', blocked_until: '2026-03-15 00:00:00' }]);
    await billDays('2026-03-10', '2026-04-02');
    // 11th–14th: 4 days of 31 → 31 - 4 = 27
    expect(await fees(s.userId)).toEqual([
      ['2026-03-02', -31, `Monthly fee for 2026-03-01, tariff #${s.tariffId}`],
      ['2026-04-02', -27, `Monthly fee for 2026-04-01, tariff #${s.tariffId}, less 4 blocked day(s) of 2026-03`],
    ]);
  });

  it('catch-up after a stop charges each day once, and billing a day again charges nothing', async () => {
    const s = await setup('2026-03-01T08:00:00Z');
    await t.ok('billing/run', { date: '2026-03-01' });
    await at('2026-03-20T00:00:00Z');
    await block(s.trackerId, true);
    await at('2026-03-25T12:00:00Z');
    await block(s.trackerId, false);
    await at('2026-03-28T00:00:10Z');
    await t.ok('billing/run', { date: '2026-03-27' });
    // Stopped from 03-28 to 04-03: the scheduler bills the missed days at start, in order.
    await at('2026-04-03T09:00:00Z');
    await t.backend.billing.catchUp();
    await t.backend.billing.catchUp();
    for (const day of ['2026-03-31', '2026-04-01', '2026-04-02']) await t.ok('billing/run', { date: day });
    // 20th–24th: 5 days of 31 → 26
    expect((await fees(s.userId)).map((f) => f[1])).toEqual([-31, -26]);
    expect(await t.backend.database.column('SELECT date FROM billing_runs WHERE date >= ? ORDER BY date', ['2026-03-28'])).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
      '2026-03-31',
      '2026-04-01',
      '2026-04-02',
    ]);
  });

  it('a block for non-payment counts from the start of the unpaid day, whenever the run happens; the next fee credits it', async () => {
    const s = await setup('2026-03-01T08:00:00Z', 30, 30);
    await t.ok('billing/run', { date: '2026-03-01' });
    // Out of money on April 1st; that day is billed late, on the 3rd.
    await at('2026-04-03T15:00:00Z');
    expect((await t.ok('billing/run', { date: '2026-04-01' })).value).toMatchObject({ blocked: 1 });
    const sourceId = t.backend.trackerIndex.get(1, s.trackerId)!.source_id;
    expect(await periods()).toEqual([{ source_id: sourceId, blocked_from: '2026-04-01 00:00:00', blocked_until: null }]);
    // Paid on the 10th at 09:00: charged at once (March had no blocked day: full price) and unblocked.
    await at('2026-04-10T09:00:00Z');
    await t.ok('user/transaction/change_balance', { user_id: s.userId, amount: 100, type: 'balance', text: 'payment' });
    expect(await periods()).toEqual([{ source_id: sourceId, blocked_from: '2026-04-01 00:00:00', blocked_until: '2026-04-10 09:00:00' }]);
    await billDays('2026-04-10', '2026-05-01');
    // May's fee: April 1st–9th, 9 days of 30 → 30 - 9 = 21
    expect((await fees(s.userId)).map((f) => [f[0], f[1]])).toEqual([
      ['2026-03-01', -30],
      ['2026-04-10', -30],
      ['2026-05-02', -21],
    ]);
  });

  it('leap year: February 2024 has 29 days', async () => {
    const s = await setup('2024-02-01T08:00:00Z', 29);
    await t.ok('billing/run', { date: '2024-02-01' });
    await at('2024-02-27T00:00:00Z');
    await block(s.trackerId, true);
    await billDays('2024-02-27', '2024-03-01');
    // still blocked on March 1st: the 27th, 28th and 29th of February, 3 of 29 → 26; the block stays
    const march = (await fees(s.userId)).at(-1)!;
    expect(march.slice(1)).toEqual([-26, `Monthly fee for 2024-03-01, tariff #${s.tariffId}, less 3 blocked day(s) of 2024-02`]);
    await block(s.trackerId, false);
  });

  it('a mid-month tariff change: days before the change are not credited, days after it are, at the new price', async () => {
    const s = await setup('2026-03-01T08:00:00Z');
    const other = await createTariff(t, { type: 'monthly', price: 62, proportional_charge: true });
    await t.ok('billing/run', { date: '2026-03-01' });
    await at('2026-03-05T00:00:00Z');
    await block(s.trackerId, true);
    await at('2026-03-08T00:00:00Z');
    await block(s.trackerId, false); // 5th–7th, on the old tariff
    await at('2026-03-16T10:00:00Z');
    await t.ok('tracker/tariff/change', { tracker_id: s.trackerId, tariff_id: other, repay: false, charge: false });
    await at('2026-03-20T00:00:00Z');
    await block(s.trackerId, true);
    await at('2026-03-22T00:00:00Z');
    await block(s.trackerId, false); // 20th–21st, on the new tariff
    await billDays('2026-03-31', '2026-04-01');
    // 62 - 62 * 2 / 31 = 58
    expect((await fees(s.userId)).at(-1)!.slice(1)).toEqual([-58, `Monthly fee for 2026-04-01, tariff #${other}, less 2 blocked day(s) of 2026-03`]);
  });

  it('a plain monthly tariff still charges the full price', async () => {
    const s = await setup('2026-03-01T08:00:00Z');
    await t.ok('tariff/update', { tariff: { id: s.tariffId, proportional_charge: false } });
    expect((await t.ok('tariff/read', { tariff_id: s.tariffId })).value.proportional_charge).toBe(false);
    await t.ok('billing/run', { date: '2026-03-01' });
    await at('2026-03-05T00:00:00Z');
    await block(s.trackerId, true);
    await at('2026-03-25T00:00:00Z');
    await block(s.trackerId, false);
    await billDays('2026-04-01', '2026-04-01');
    expect((await fees(s.userId)).map((f) => f[1])).toEqual([-31, -31]);
  });

  it('a refused block (13 without permission, 201 another dealer’s, 7 bad params) records nothing', async () => {
    const s = await setup('2026-03-01T08:00:00Z');
    const reader = await createStaff(t, { trackers: ['read'] });
    const state = await apiState(t);
    expectError(await t.call('tracker/source/update', { tracker_id: s.trackerId, blocked: true }, reader.hash), 13);
    const other = await addDealer(t, 2);
    expectError(await t.call('tracker/source/update', { tracker_id: s.trackerId, blocked: true }, other), 201);
    expectInvalid(await t.call('tracker/source/update', { tracker_id: s.trackerId, blocked: 'maybe' }), ['blocked']);
    expectInvalid(await t.call('tracker/source/update', { tracker_id: -1, blocked: true }), ['tracker_id']);
    expect(await periods()).toEqual([]);
    expect(await apiState(t)).toEqual(state);
    // Blocking what is already blocked starts nothing new.
    await block(s.trackerId, true);
    await at('2026-03-02T00:00:00Z');
    await block(s.trackerId, true);
    expect(await periods()).toHaveLength(1);
  });

  it('proportional_charge is validated (7) and read back', async () => {
    const s = await setup('2026-03-01T08:00:00Z');
    expect((await t.ok('tariff/read', { tariff_id: s.tariffId })).value.proportional_charge).toBe(true);
    expectInvalid(await t.call('tariff/create', { tariff: { name: 'X', type: 'monthly', price: 1, device_limit: 1, proportional_charge: 'yes' } }), [
      'tariff.proportional_charge',
    ]);
    expectInvalid(await t.call('tariff/update', { tariff: { id: s.tariffId, proportional_charge: 3 } }), ['tariff.proportional_charge']);
    expect((await t.ok('tariff/read', { tariff_id: s.tariffId })).value.proportional_charge).toBe(true);
  });
});
