import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, FixedClock, openTestBackend, nextImei, type TestBackend } from '../../../test-support/harness.js';

async function setup(t: TestBackend) {
  const monthly = (await t.ok('tariff/create', { tariff: { name: 'Monthly 31', type: 'monthly', price: 31, device_limit: 10 } })).id;
  const daily = (await t.ok('tariff/create', { tariff: { name: 'Everyday 30', type: 'everyday', price: 30, device_limit: 10 } })).id;
  const activeday = (await t.ok('tariff/create', { tariff: { name: 'Per active day', type: 'activeday', price: 1, device_limit: 10 } })).id;
  const legalOnly = (await t.ok('tariff/create', { tariff: { name: 'Legal only', type: 'monthly', price: 5, device_limit: 10, doc_type: 2 } })).id;
  const tiny = (await t.ok('tariff/create', { tariff: { name: 'Tiny', type: 'monthly', price: 5, device_limit: 0 } })).id;
  const camera = (await t.ok('tariff/create', { tariff: { name: 'Camera', type: 'monthly', price: 5, device_limit: 10, device_type: 'camera' } })).id;
  const userId = (await t.ok('user/create', { user: { login: 'ann@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
  const otherId = (await t.ok('user/create', { user: { login: 'bob@example.com', legal_type: 'legal_entity' }, password: 'secret1' })).id;
  await t.ok('user/transaction/change_balance', { user_id: userId, amount: 100, type: 'balance', text: 'First payment' });
  const trackerId = (await t.ok('tracker/register', { user_id: userId, label: 'Van', model: 'telfmb920', device_id: nextImei(), tariff_id: monthly })).id;
  return { monthly, daily, activeday, legalOnly, tiny, camera, userId, otherId, trackerId };
}

const balanceOf = async (t: TestBackend, userId: number) => (await t.ok('user/read', { user_id: userId })).value.balance as number;
const sourceOf = async (t: TestBackend, trackerId: number) => (await t.ok('tracker/read', { tracker_id: trackerId })).value.source;

describe('tracker/tariff/change', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await openTestBackend({ clock: new FixedClock('2026-03-10T08:00:00Z') });
    s = await setup(t);
  });
  afterEach(async () => t.close());

  it('bills the first month, then repays the unused days on a change (ceil(price*remainder/days in month))', async () => {
    // Registration makes the first period due today; the billing run for today charges it.
    expect((await t.ok('billing/run', { date: '2026-03-10' })).value).toMatchObject({ charged: 1, amount: 31 });
    expect(await balanceOf(t, s.userId)).toBe(69);
    expect((await sourceOf(t, s.trackerId)).tariff_end_date).toBe('2026-04-01');
    t.clock.set('2026-03-20T12:00:00Z');
    const result = await t.ok('tracker/tariff/change', { tracker_id: s.trackerId, tariff_id: s.daily, repay: true, charge: false });
    // 12 whole days to 2026-04-01, March has 31 days: ceil(31 * 12 / 31) = 12.
    expect(result.repayment).toBe(12);
    expect(await balanceOf(t, s.userId)).toBe(81);
    const source = await sourceOf(t, s.trackerId);
    expect(source).toMatchObject({ tariff_id: s.daily, tariff_end_date: '2026-03-21' });
    const tx = (await t.ok('user/transaction/list', { user_id: s.userId, from: '2026-03-01', to: '2026-03-31 23:59:59' })).list;
    expect(tx.map((x: any) => [x.type, x.subtype, x.amount])).toEqual([
      ['payment', 'partner', 100],
      ['main_charge', 'monthly', -31],
      ['payment', 'monthly', 12],
    ]);
    expect(tx[2]).toMatchObject({ tracker_id: s.trackerId, old_balance: 69, new_balance: 81 });
  });

  it('repay=false credits nothing; charge makes the new tariff due now and the run charges it', async () => {
    await t.ok('billing/run', { date: '2026-03-10' });
    const result = await t.ok('tracker/tariff/change', { tracker_id: s.trackerId, tariff_id: s.daily, repay: false, charge: true });
    expect(result.repayment).toBe(0);
    expect((await sourceOf(t, s.trackerId)).tariff_end_date).toBe('2026-03-11');
    t.clock.set('2026-03-11T01:00:00Z');
    expect((await t.ok('billing/run', { date: '2026-03-11' })).value).toMatchObject({ charged: 1, amount: 0.97 });
    expect(await balanceOf(t, s.userId)).toBe(68.03);
  });

  it('answers every documented error and changes nothing', async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ tracker_id: 999, tariff_id: s.daily }, 201],
      [{ tracker_id: s.trackerId, tariff_id: s.monthly }, 238],
      [{ tracker_id: s.trackerId, tariff_id: 999 }, 239],
      [{ tracker_id: s.trackerId, tariff_id: s.camera }, 238],
      [{ tracker_id: s.trackerId, tariff_id: s.legalOnly }, 238],
      [{ tracker_id: s.trackerId, tariff_id: s.tiny }, 221],
    ];
    for (const [params, code] of cases) {
      const r = await t.call('tracker/tariff/change', params);
      expect(r.body.status, JSON.stringify(params)).toMatchObject({ code });
    }
    const cloneId = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherId, label: 'Copy' })).id;
    expect((await t.call('tracker/tariff/change', { tracker_id: cloneId, tariff_id: s.daily })).body.status.code).toBe(219);
    await t.ok('tracker/settings/update', { tracker_id: s.trackerId, deleted: true });
    expect((await t.call('tracker/tariff/change', { tracker_id: s.trackerId, tariff_id: s.daily })).body.status.code).toBe(250);
    await t.ok('tracker/settings/update', { tracker_id: s.trackerId, deleted: false });
    await t.ok('tracker/delete_clone', { tracker_id: cloneId });
    // 237: the tracker's own tariff is not one of this dealer's.
    await t.backend.database.transaction((tx) => tx.run("INSERT INTO dealers (id, name, creation_date) VALUES (7, 'x', '2026-01-01')"));
    await t.backend.database.transaction((tx) => tx.run("INSERT INTO tariffs (dealer_id, name, type, service_prices) VALUES (7, 'foreign', 'monthly', '{}')"));
    const foreign = (await t.backend.database.get<{ id: number }>("SELECT id FROM tariffs WHERE name = 'foreign'"))!.id;
    const row = t.backend.trackerIndex.get(1, s.trackerId)!;
    await t.backend.database.transaction(async (tx) => {
      await tx.run('UPDATE sources SET tariff_id = ? WHERE id = ?', [foreign, row.source_id]);
      tx.afterCommit(() => t.backend.trackerIndex.refresh([s.trackerId]));
    });
    expect((await t.call('tracker/tariff/change', { tracker_id: s.trackerId, tariff_id: s.daily })).body.status.code).toBe(237);
    await t.backend.database.transaction(async (tx) => {
      await tx.run('UPDATE sources SET tariff_id = ? WHERE id = ?', [s.monthly, row.source_id]);
      tx.afterCommit(() => t.backend.trackerIndex.refresh([s.trackerId]));
    });
    expect((await t.call('tracker/tariff/change', { tracker_id: 0, tariff_id: 'x' })).body).toMatchObject({
      status: { code: 7 },
      errors: [{ parameter: 'tracker_id' }, { parameter: 'tariff_id' }],
    });
    expect((await sourceOf(t, s.trackerId)).tariff_id).toBe(s.monthly);
    expect(await balanceOf(t, s.userId)).toBe(100);
  });

  it('is refused without transactions:create (13) and for another dealer (201)', async () => {
    await t.ok('staff/create', { login: 'clerk', password: 'clerk-password', permissions: { trackers: ['read', 'update'], tariffs: ['read'] } });
    const clerk = await t.login('clerk', 'clerk-password');
    const r = await t.call('tracker/tariff/change', { tracker_id: s.trackerId, tariff_id: s.daily }, clerk);
    expect(r.httpStatus).toBe(403);
    expect(r.body.status.code).toBe(13);
    const other = await addDealer(t, 2);
    expect((await t.call('tracker/tariff/change', { tracker_id: s.trackerId, tariff_id: s.daily }, other)).body.status.code).toBe(201);
  });
});

describe('daily billing', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await openTestBackend({ clock: new FixedClock('2026-03-10T08:00:00Z') });
    s = await setup(t);
  });
  afterEach(async () => t.close());

  it('blocks a tracker whose user cannot pay and unblocks it when a payment arrives', async () => {
    await t.ok('user/transaction/change_balance', { user_id: s.userId, amount: -90, type: 'balance', text: 'Refund to customer' });
    expect((await t.ok('billing/run', { date: '2026-03-10' })).value).toMatchObject({ charged: 0, blocked: 1 });
    expect((await sourceOf(t, s.trackerId)).blocked).toBe(true);
    await t.ok('user/transaction/change_balance', { user_id: s.userId, amount: 50, type: 'balance', text: 'Customer paid' });
    expect((await sourceOf(t, s.trackerId)).blocked).toBe(false);
    expect(await balanceOf(t, s.userId)).toBe(29);
  });

  it("never lifts the dealer's own block, even when the tariff also ended", async () => {
    await t.ok('tracker/source/update', { tracker_id: s.trackerId, blocked: true });
    await t.ok('user/transaction/change_balance', { user_id: s.userId, amount: -90, type: 'balance', text: 'Refund to customer' });
    expect((await t.ok('billing/run', { date: '2026-03-10' })).value).toMatchObject({ charged: 0, blocked: 1 });
    await t.ok('user/transaction/change_balance', { user_id: s.userId, amount: 50, type: 'balance', text: 'Customer paid' });
    // Charged (the service goes on being billed) but still blocked: only the dealer unblocks it.
    expect(await balanceOf(t, s.userId)).toBe(29);
    expect((await sourceOf(t, s.trackerId)).blocked).toBe(true);
    await t.ok('tracker/source/update', { tracker_id: s.trackerId, blocked: false });
    expect((await sourceOf(t, s.trackerId)).blocked).toBe(false);
  });

  it('never charges a day twice, and catches up missed days on its own', async () => {
    await t.ok('billing/run', { date: '2026-03-10' });
    expect((await t.ok('billing/run', { date: '2026-03-10' })).value.charged).toBe(0);
    await t.ok('tracker/tariff/change', { tracker_id: s.trackerId, tariff_id: s.daily, charge: false });
    t.clock.set('2026-03-14T00:00:10Z');
    await t.backend.billing.catchUp();
    const days = await t.backend.database.column<string>('SELECT date FROM billing_runs ORDER BY date');
    expect(days).toEqual(['2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13']);
    const charges = (await t.ok('user/transaction/list', { user_id: s.userId, from: '2026-03-01', to: '2026-03-31' })).list.filter(
      (x: any) => x.subtype === 'everyday',
    );
    expect(charges).toHaveLength(3);
    await t.backend.billing.catchUp();
    expect(await t.backend.database.column('SELECT date FROM billing_runs')).toHaveLength(4);
  });

  it('charges activeday tariffs only for days the device was active', async () => {
    await t.ok('tracker/tariff/change', { tracker_id: s.trackerId, tariff_id: s.activeday });
    const sourceId = t.backend.trackerIndex.get(1, s.trackerId)!.source_id;
    await t.backend.activity.record(sourceId, new Date('2026-03-11T09:00:00Z'));
    t.clock.set('2026-03-13T00:00:10Z');
    expect((await t.ok('billing/run', { date: '2026-03-11' })).value).toMatchObject({ charged: 1, amount: 1 });
    expect((await t.ok('billing/run', { date: '2026-03-12' })).value).toMatchObject({ charged: 0 });
  });

  it("billing/run is the administrator's and validates its date", async () => {
    await t.ok('staff/create', { login: 'clerk', password: 'clerk-password', permissions: { trackers: ['read'] } });
    const clerk = await t.login('clerk', 'clerk-password');
    expect((await t.call('billing/run', { date: '2026-03-10' }, clerk)).body.status.code).toBe(13);
    expect((await t.call('billing/run', { date: '2026-02-30' })).body.errors).toEqual([{ parameter: 'date', error: 'Must be a date YYYY-MM-DD' }]);
    expect((await t.call('billing/run', { date: '2026-03-11' })).body.errors).toEqual([{ parameter: 'date', error: 'Must not be in the future' }]);
  });
});

describe('user/transaction/change_balance and tariff/defaults', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('refuses a negative result with 251 and writes nothing', async () => {
    const userId = (await t.ok('user/create', { user: { login: 'c@example.com', legal_type: 'sole_trader' }, password: 'secret1' })).id;
    const r = await t.call('user/transaction/change_balance', { user_id: userId, amount: -1, type: 'bonus', text: 'Take bonus' });
    expect(r.httpStatus).toBe(403);
    expect(r.body.status.code).toBe(251);
    expect((await t.ok('user/transaction/list', { user_id: userId, from: '2020-01-01', to: '2030-01-01' })).list).toEqual([]);
    expect(
      (await t.call('user/transaction/change_balance', { user_id: userId, amount: 'x', type: 'gold', text: 'abc' })).body.errors.map((e: any) => e.parameter),
    ).toEqual(['amount', 'type', 'text']);
    expect((await t.call('user/transaction/change_balance', { user_id: 999, amount: 1, type: 'balance', text: 'Hello there' })).body.status.code).toBe(201);
  });

  it('reads and updates defaults (239 unknown tariff, 237 wrong device type)', async () => {
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'T', type: 'monthly', price: 1, device_limit: 5 } })).id;
    expect(await t.ok('tariff/defaults/read')).toMatchObject({ tracker: { tariff_id: null, free_days: 0 }, camera: { tariff_id: null } });
    await t.ok('tariff/defaults/update', { tracker: { tariff_id: tariff, activation_bonus: 0, free_days: 14, free_days_device_limit: 3 } });
    expect((await t.ok('tariff/defaults/read')).tracker).toEqual({ tariff_id: tariff, activation_bonus: 0, free_days: 14, free_days_device_limit: 3 });
    expect((await t.call('tariff/defaults/update', { tracker: { tariff_id: 999 } })).body.status.code).toBe(239);
    expect((await t.call('tariff/defaults/update', { camera: { tariff_id: tariff } })).body.status.code).toBe(237);
  });
});
