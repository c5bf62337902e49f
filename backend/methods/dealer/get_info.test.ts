import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, FixedClock, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { allStaffPermissionsExcept, createStaff, createTariff, createUser, expectError, registerTracker } from '../../test-support/api-assertions.js';

describe('dealer/get_info', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend({ clock: new FixedClock('2026-02-15T12:00:00Z') });
  });
  afterEach(async () => t.close());

  it("answers the caller's dealer with counts, this month's active amount and the customers' balances", async () => {
    const tariff = await createTariff(t, { device_limit: 10 });
    const ann = await createUser(t, { login: 'ann@example.com' });
    const bob = await createUser(t, { login: 'bob@example.com' });
    const a = await registerTracker(t, ann, tariff);
    const b = await registerTracker(t, ann, tariff);
    await registerTracker(t, bob, tariff);
    await t.ok('tracker/clone', { tracker_id: a, user_id: bob, label: 'A for Bob' });
    await t.ok('user/transaction/change_balance', { user_id: ann, amount: 12.5, type: 'balance', text: 'First payment' });
    await t.ok('user/transaction/change_balance', { user_id: bob, amount: 3, type: 'bonus', text: 'Starting bonus' });
    const source = (id: number) => t.backend.trackerIndex.get(1, id)!.source_id;
    await t.backend.activity.record(source(a), new Date('2026-02-01T00:00:00Z'));
    await t.backend.activity.record(source(b), new Date('2026-01-31T23:00:00Z')); // last month: not counted
    const { value } = await t.ok('dealer/get_info');
    expect(value).toEqual({
      id: 1,
      title: 'Dealer #1',
      creation_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      contract_type: 'PAAS',
      parent_dealer_id: null,
      block_status: 'NOT_BLOCKED',
      active_amount: 1,
      active_limit: null,
      trackers_count: 3,
      clones_count: 1,
      users_count: 2,
      users_balance: 12.5,
      users_bonus: 3,
    });
    // Another dealer sees only itself.
    const other = await addDealer(t, 2);
    expect((await t.ok('dealer/get_info', {}, other)).value).toMatchObject({ id: 2, trackers_count: 0, users_count: 0, active_amount: 0 });
  });

  it('13 without base: get_dealer_info; the permission alone is enough; unknown parameters are ignored as elsewhere', async () => {
    const staff = await createStaff(t, allStaffPermissionsExcept('base', 'get_dealer_info'));
    expectError(await t.call('dealer/get_info', {}, staff.hash), 13);
    const allowed = await createStaff(t, { base: ['get_dealer_info'] });
    expect((await t.call('dealer/get_info', {}, allowed.hash)).body.success).toBe(true);
    expect((await t.call('dealer/get_info', { anything: 1 })).body.success).toBe(true);
  });
});
