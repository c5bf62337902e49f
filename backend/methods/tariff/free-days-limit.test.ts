import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, FixedClock, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { apiState, createStaff, createTariff, createUser, expectError, expectInvalid, registerTracker } from '../../test-support/api-assertions.js';

/**
 * The tariff defaults' `free_days_device_limit`: "maximum number of activated user's devices with
 * free period (null means no limit)". Decided at registration; the daily billing honours it.
 */
describe('free_days_device_limit', () => {
  let t: TestBackend;
  let tariffId: number;
  let userId: number;
  beforeEach(async () => {
    t = await openTestBackend({ clock: new FixedClock('2026-03-15T10:00:00Z') });
    // everyday, 31 a month: 1 a day in March
    tariffId = await createTariff(t, { type: 'everyday', price: 31, device_limit: 100 });
    userId = await createUser(t);
    await t.ok('user/transaction/change_balance', { user_id: userId, amount: 100, type: 'balance', text: 'top up' });
  });
  afterEach(async () => t.close());

  const setDefaults = (free_days_device_limit: number | null, free_days = 14) =>
    t.ok('tariff/defaults/update', { tracker: { tariff_id: tariffId, free_days, free_days_device_limit } });
  const freePeriodOf = async (trackerId: number) =>
    (await t.backend.database.column<number>('SELECT s.free_period FROM trackers t JOIN sources s ON s.id = t.source_id WHERE t.id = ?', [trackerId]))[0];
  const chargedTrackers = async (date: string) => {
    await t.ok('billing/run', { date });
    const list = (await t.ok('user/transaction/list', { user_id: userId, from: `${date} 00:00:00`, to: `${date} 23:59:59` })).list as any[];
    return list.filter((x) => x.type === 'main_charge').map((x) => x.tracker_id as number);
  };

  it('only the first N of a user’s devices get the free period; the others are billed from the day of registration', async () => {
    await setDefaults(2);
    const first = await registerTracker(t, userId, tariffId);
    const second = await registerTracker(t, userId, tariffId);
    const third = await registerTracker(t, userId, tariffId);
    expect(await Promise.all([first, second, third].map(freePeriodOf))).toEqual([1, 1, 0]);
    expect(await chargedTrackers('2026-03-15')).toEqual([third]);
    // Another user has a limit of their own.
    const otherUser = await createUser(t);
    const theirs = await registerTracker(t, otherUser, tariffId);
    expect(await freePeriodOf(theirs)).toBe(1);
    // 14 free days: the first two are billed from 2026-03-29.
    t.clock.set('2026-03-28T10:00:00Z');
    expect(await chargedTrackers('2026-03-28')).toEqual([third]);
    t.clock.set('2026-03-29T10:00:00Z');
    expect((await chargedTrackers('2026-03-29')).sort((a, b) => a - b)).toEqual([first, second, third]);
  });

  it('null means no limit, 0 means no device gets free days', async () => {
    await setDefaults(null);
    const a = await registerTracker(t, userId, tariffId);
    const b = await registerTracker(t, userId, tariffId);
    expect(await Promise.all([a, b].map(freePeriodOf))).toEqual([1, 1]);
    await setDefaults(0);
    const c = await registerTracker(t, userId, tariffId);
    expect(await freePeriodOf(c)).toBe(0);
    expect(await chargedTrackers('2026-03-15')).toEqual([c]);
  });

  it('is decided at registration: raising the limit later gives no free days to a device already billed', async () => {
    await setDefaults(1);
    await registerTracker(t, userId, tariffId);
    const late = await registerTracker(t, userId, tariffId);
    await setDefaults(5);
    expect(await freePeriodOf(late)).toBe(0);
    expect(await chargedTrackers('2026-03-15')).toEqual([late]);
  });

  it('a corrupted device still counts (re-registering does not win free days back); clones do not count', async () => {
    await setDefaults(1);
    const first = await registerTracker(t, userId, tariffId);
    await t.ok('tracker/corrupt', { tracker_id: first });
    const again = await registerTracker(t, userId, tariffId);
    expect(await freePeriodOf(again)).toBe(0);

    const other = await createUser(t);
    const original = await registerTracker(t, other, tariffId);
    await t.ok('tracker/clone', { tracker_id: original, user_id: userId, label: 'Clone' });
    const fresh = await createUser(t);
    await t.ok('tracker/clone', { tracker_id: original, user_id: fresh, label: 'Clone' });
    expect(await freePeriodOf(await registerTracker(t, fresh, tariffId))).toBe(1);
  });

  it('a device moved in counts for its new owner', async () => {
    await setDefaults(1);
    const other = await createUser(t);
    const moved = await registerTracker(t, other, tariffId);
    await t.ok('tracker/move', { tracker_id: moved, user_id: userId });
    expect(await freePeriodOf(await registerTracker(t, userId, tariffId))).toBe(0);
  });

  it('a device without the free period is repaid on a tariff change in its first days', async () => {
    const monthly = await createTariff(t, { type: 'monthly', price: 31, device_limit: 100 });
    const daily = await createTariff(t, { type: 'everyday', price: 31, device_limit: 100 });
    await t.ok('tariff/defaults/update', { tracker: { tariff_id: monthly, free_days: 14, free_days_device_limit: 1 } });
    const free = await registerTracker(t, userId, monthly);
    const paid = await registerTracker(t, userId, monthly);
    await t.ok('billing/run', { date: '2026-03-15' });
    t.clock.set('2026-03-20T10:00:00Z');
    // paid: charged 31 on 03-15, 12 whole days left to 04-01 → ceil(31 * 12 / 31) = 12
    expect((await t.ok('tracker/tariff/change', { tracker_id: paid, tariff_id: daily, repay: true })).repayment).toBe(12);
    // free: still inside its free period, nothing to repay
    expect((await t.ok('tracker/tariff/change', { tracker_id: free, tariff_id: daily, repay: true })).repayment).toBe(0);
  });

  it('tariff/defaults/read returns it; tariff/defaults/update validates it (7) and a refusal changes nothing', async () => {
    await setDefaults(3);
    expect((await t.ok('tariff/defaults/read')).tracker).toEqual({ tariff_id: tariffId, activation_bonus: 0, free_days: 14, free_days_device_limit: 3 });
    const before = await t.ok('tariff/defaults/read');
    for (const bad of [-1, 1.5, 'many', true]) {
      expectInvalid(await t.call('tariff/defaults/update', { tracker: { tariff_id: tariffId, free_days: 1, free_days_device_limit: bad } }), [
        'tracker.free_days_device_limit',
      ]);
    }
    expectInvalid(await t.call('tariff/defaults/update', { camera: { tariff_id: null, free_days_device_limit: -5 } }), ['camera.free_days_device_limit']);
    expect(await t.ok('tariff/defaults/read')).toEqual(before);
    // Form encoding: the object as a JSON string; null clears the limit.
    await t.ok('tariff/defaults/update', { tracker: JSON.stringify({ tariff_id: tariffId, free_days: 14, free_days_device_limit: null }) });
    expect((await t.ok('tariff/defaults/read')).tracker.free_days_device_limit).toBeNull();
  });

  it('tariff/defaults/update needs tariffs:update (13) and is per dealer', async () => {
    await setDefaults(3);
    const reader = await createStaff(t, { tariffs: ['read'] });
    const state = await apiState(t);
    expectError(await t.call('tariff/defaults/update', { tracker: { tariff_id: tariffId, free_days_device_limit: 1 } }, reader.hash), 13);
    expect((await t.ok('tariff/defaults/read')).tracker.free_days_device_limit).toBe(3);
    expect(await apiState(t)).toEqual(state);
    const other = await addDealer(t, 2);
    // Another dealer's tariff is not theirs to make a default (239); their own limit is separate.
    expect((await t.call('tariff/defaults/update', { tracker: { tariff_id: tariffId, free_days_device_limit: 1 } }, other)).body.status.code).toBe(239);
    await t.ok('tariff/defaults/update', { tracker: { tariff_id: null, free_days_device_limit: 0 } }, other);
    expect((await t.ok('tariff/defaults/read', {}, other)).tracker.free_days_device_limit).toBe(0);
    expect((await t.ok('tariff/defaults/read')).tracker.free_days_device_limit).toBe(3);
  });
});
