import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAILED_SIGN_IN_ROWS_PER_MINUTE } from '../../api/audit.js';
import { openTestBackend, seedBasics, type TestBackend } from '../../test-support/harness.js';
import { createStaff, createTariff, expectError } from '../../test-support/api-assertions.js';

/** Audit rows record the fields each kind of write changed, before and after; failed sign-ins are audited, bounded. */

const ALL_TIME = { from: '2000-01-01 00:00:00', to: '2100-01-01 00:00:00' };

async function lastRow(t: TestBackend, action: string): Promise<Record<string, any>> {
  const list = (await t.ok('audit/log/list', { ...ALL_TIME, action, limit: 1 })).list as Record<string, any>[];
  expect(list, action).toHaveLength(1);
  return list[0]!;
}

const fields = (row: Record<string, any>) => Object.fromEntries(row.changes.map((c: any) => [`${c.entity_type}.${c.field}`, [c.before, c.after]]));

describe('audit before/after', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  let sourceId: number;
  beforeEach(async () => {
    t = await openTestBackend();
    s = await seedBasics(t);
    sourceId = (await t.ok('tracker/read', { tracker_id: s.trackerId })).value.source.id;
  });
  afterEach(async () => t.close());

  it('tracker/settings/update: label and deleted, with the tracker id; unchanged fields are not listed', async () => {
    await t.ok('tracker/settings/update', { tracker_id: s.trackerId, label: 'Renamed', deleted: true, comment: '' });
    const row = await lastRow(t, 'tracker/settings/update');
    expect(row.changes).toEqual([
      { entity_type: 'tracker', entity_id: s.trackerId, field: 'label', before: 'Truck 1', after: 'Renamed' },
      { entity_type: 'tracker', entity_id: s.trackerId, field: 'deleted', before: false, after: true },
    ]);
  });

  it('tracker/source/update: the block state of the source', async () => {
    await t.ok('tracker/source/update', { tracker_id: s.trackerId, blocked: true });
    expect(fields(await lastRow(t, 'tracker/source/update'))).toEqual({ 'source.blocked': [false, true], 'source.manual_block': [false, true] });
    expect((await lastRow(t, 'tracker/source/update')).changes[0].entity_id).toBe(sourceId);
  });

  it('tracker/tariff/change: the plan of the source', async () => {
    const other = await createTariff(t);
    await t.ok('tracker/tariff/change', { tracker_id: s.trackerId, tariff_id: other, repay: false, charge: false });
    expect(fields(await lastRow(t, 'tracker/tariff/change'))['source.tariff_id']).toEqual([s.tariffId, other]);
  });

  it('user/transaction/change_balance: balance and bonus in the currency', async () => {
    await t.ok('user/transaction/change_balance', { user_id: s.userId, amount: 12.34, type: 'balance', text: 'Paid in cash' });
    await t.ok('user/transaction/change_balance', { user_id: s.userId, amount: 5, type: 'bonus', text: 'A gift bonus' });
    const rows = (await t.ok('audit/log/list', { ...ALL_TIME, action: 'user/transaction/change_balance' })).list as Record<string, any>[];
    expect(rows.map(fields)).toEqual([{ 'user.bonus': [0, 5] }, { 'user.balance': [0, 12.34] }]);
  });

  it('user/update: each changed profile field and login; tracker/move: the owner', async () => {
    const user = (await t.ok('user/read', { user_id: s.userId })).value;
    await t.ok('user/update', { user: { ...user, first_name: 'Bea', login: 'bea@example.com' } });
    expect(fields(await lastRow(t, 'user/update'))).toEqual({ 'user.first_name': ['Ann', 'Bea'], 'user.login': [user.login, 'bea@example.com'] });
    await t.ok('tracker/move', { tracker_id: s.trackerId, user_id: s.otherUserId });
    expect(fields(await lastRow(t, 'tracker/move'))).toEqual({ 'tracker.user_id': [s.userId, s.otherUserId] });
  });

  it('a refused write records no change; an entity filter finds the rows with their changes', async () => {
    const refused = await t.call('user/transaction/change_balance', { user_id: s.userId, amount: -5, type: 'balance', text: 'Too much' });
    expect(refused.body.status.code).toBe(251);
    expect((await t.ok('audit/log/list', { ...ALL_TIME, action: 'user/transaction/change_balance' })).count).toBe(0);
    await t.ok('tracker/settings/update', { tracker_id: s.trackerId, comment: 'x' });
    const list = (await t.ok('audit/log/list', { ...ALL_TIME, entity_type: 'tracker', entity_id: s.trackerId })).list as Record<string, any>[];
    expect(list[0]!.changes).toEqual([{ entity_type: 'tracker', entity_id: s.trackerId, field: 'comment', before: '', after: 'x' }]);
    // Rows without changes answer an empty list.
    expect((await lastRow(t, 'account/auth')).changes).toEqual([]);
  });
});

describe('failed sign-ins', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  const failures = async () =>
    ((await t.ok('audit/log/list', { ...ALL_TIME, action: 'account/auth' })).list as Record<string, any>[]).filter((r) => r.result_code === 12);

  it('a wrong password is recorded for the account, password redacted; an unknown login is not (it has no dealer)', async () => {
    const staff = await createStaff(t, { trackers: ['read'] });
    expectError(await t.call('account/auth', { login: staff.login, password: 'wrong-one' }, null), 12);
    expectError(await t.call('account/auth', { login: 'nobody', password: 'wrong-one' }, null), 12);
    await vi.waitFor(async () => expect(await failures()).toHaveLength(1));
    const [row] = await failures();
    expect(row).toMatchObject({ login: staff.login, account_id: staff.id, account_type: 'staff', params: { login: staff.login, password: '[redacted]' } });
    expect(JSON.stringify(row)).not.toContain('wrong-one');
  });

  it('a flood writes at most the per-minute budget; the next row says how many were left out', async () => {
    // Many addresses, so that the throttle (per address) lets every attempt through.
    const n = FAILED_SIGN_IN_ROWS_PER_MINUTE + 5;
    for (let i = 0; i < n; i++) {
      const r = await t.backend.dispatch({ path: 'account/auth', params: { login: 'admin', password: `bad${i}` }, remoteAddress: `10.0.${i}.1` });
      expect((r.body as any).status.code).toBe(12);
    }
    await vi.waitFor(async () => expect(await failures()).toHaveLength(FAILED_SIGN_IN_ROWS_PER_MINUTE));
    t.clock.set('2026-03-15T10:01:30Z');
    await t.backend.dispatch({ path: 'account/auth', params: { login: 'admin', password: 'bad-late' }, remoteAddress: '10.9.9.1' });
    await vi.waitFor(async () => expect(await failures()).toHaveLength(FAILED_SIGN_IN_ROWS_PER_MINUTE + 1));
    expect((await failures())[0]!.params.suppressed).toBe(5);
  });
});

describe('audit/log/list account_type', () => {
  it("administrator: only the administrator's rows; staff: only staff rows; 7 for another value", async () => {
    const t = await openTestBackend();
    try {
      const staff = await createStaff(t, { users: ['read'] });
      const list = async (account_type: unknown) =>
        ((await t.ok('audit/log/list', { ...ALL_TIME, account_type })).list as Record<string, any>[]).map((r) => r.login);
      const admins = await list('administrator');
      expect(admins.length).toBeGreaterThan(0);
      expect(new Set(admins)).toEqual(new Set(['admin']));
      expect(new Set(await list('staff'))).toEqual(new Set([staff.login]));
      const bad = await t.call('audit/log/list', { ...ALL_TIME, account_type: 'root' });
      expect(bad.body.errors).toEqual([{ parameter: 'account_type', error: expect.any(String) }]);
    } finally {
      await t.close();
    }
  });
});
