import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../backend.js';
import { ADMIN_PASSWORD, addDealer, FixedClock, openTestBackend, seedBasics, type TestBackend } from '../../test-support/harness.js';
import { createStaff, createUser, expectError, expectInvalid, STAFF_PASSWORD } from '../../test-support/api-assertions.js';

/**
 * The audit trail: every successful write, every refusal for missing permission (13) and every
 * sign-in/sign-out has one row, written in the transaction of the change; other refusals have none.
 * audit/log/list filters and pages them for the caller's dealer.
 */

const ALL_TIME = { from: '2000-01-01 00:00:00', to: '2100-01-01 00:00:00' };

async function entries(t: TestBackend, params: Record<string, unknown> = {}) {
  return (await t.ok('audit/log/list', { ...ALL_TIME, ...params })).list as Record<string, any>[];
}

async function auditCount(t: TestBackend): Promise<number> {
  return (await t.ok('audit/log/list', ALL_TIME)).count as number;
}

describe('audit trail', () => {
  let t: TestBackend;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  beforeAll(async () => {
    t = await openTestBackend();
    seed = await seedBasics(t);
  });
  afterAll(async () => t.close());

  it('records the administrator’s sign-in (who, when, transport) without the password', async () => {
    const [signIn] = await entries(t, { action: 'account/auth' });
    expect(signIn).toMatchObject({
      time: '2026-03-15 10:00:00',
      login: 'admin',
      account_type: 'administrator',
      transport: 'ipc',
      remote_address: null,
      action: 'account/auth',
      params: { login: 'admin', password: '[redacted]' },
      result_code: 0,
    });
    expect(JSON.stringify(signIn)).not.toContain(ADMIN_PASSWORD);
  });

  it('records a create with the new entity’s id and the parameters, password redacted', async () => {
    const userId = await createUser(t, { first_name: 'Audited' });
    const [row] = await entries(t, { action: 'user/create', entity_type: 'user', entity_id: userId });
    expect(row.entities).toEqual([{ type: 'user', id: userId }]);
    expect(row.params.password).toBe('[redacted]');
    expect(row.params.user.first_name).toBe('Audited');
    expect(row.account_id).toBeGreaterThan(0);
  });

  it('records the ids an update names: tracker/move names the tracker and the new owner', async () => {
    await t.ok('tracker/move', { tracker_id: seed.trackerId, user_id: seed.otherUserId });
    const [row] = await entries(t, { action: 'tracker/move' });
    expect(row.entities).toEqual(
      expect.arrayContaining([
        { type: 'tracker', id: seed.trackerId },
        { type: 'user', id: seed.otherUserId },
      ]),
    );
    // The entity filter finds it from either side.
    expect((await entries(t, { entity_type: 'tracker', entity_id: seed.trackerId })).map((e) => e.action)).toContain('tracker/move');
    expect((await entries(t, { entity_type: 'user', entity_id: seed.otherUserId })).map((e) => e.action)).toContain('tracker/move');
  });

  it('records the source address of an HTTP call', async () => {
    const result = await t.backend.dispatch({
      path: 'tracker/settings/update',
      params: { tracker_id: seed.trackerId, label: 'Over HTTP' },
      hash: t.adminHash,
      remoteAddress: '192.0.2.7',
    });
    expect(result.body.success).toBe(true);
    const [row] = await entries(t, { action: 'tracker/settings/update' });
    expect(row).toMatchObject({ transport: 'http', remote_address: '192.0.2.7', params: { tracker_id: seed.trackerId, label: 'Over HTTP' } });
  });

  it('records a refusal for missing permission (13) and a staff sign-in/sign-out, with the staff login', async () => {
    const staff = await createStaff(t, { users: ['read'] });
    expectError(await t.call('user/change_password', { user_id: seed.userId, password: 'another1' }, staff.hash), 13);
    const [refusal] = await entries(t, { account_id: staff.id, action: 'user/change_password' });
    expect(refusal).toMatchObject({ login: staff.login, account_type: 'staff', result_code: 13, params: { password: '[redacted]' } });
    await t.ok('account/logout', {}, staff.hash);
    const actions = (await entries(t, { account_id: staff.id })).map((e) => e.action);
    expect(actions).toEqual(['account/logout', 'user/change_password', 'account/auth']);
    expect(JSON.stringify(await entries(t, { account_id: staff.id }))).not.toContain(STAFF_PASSWORD);
  });

  it('writes no row for any other refusal, nor for reads', async () => {
    const before = await auditCount(t);
    expectInvalid(await t.call('user/change_password', { user_id: seed.userId, password: 'x' }), ['password']);
    expectError(await t.call('user/change_password', { user_id: 999_999, password: 'another1' }), 201);
    expectError(await t.call('tracker/move', { tracker_id: 999_999, user_id: seed.userId }), 201);
    // Refused inside its transaction (the device id is taken): the rolled-back write leaves no row.
    const taken = (await t.ok('tracker/read', { tracker_id: seed.trackerId })).value.source.device_id as string;
    expectError(await t.call('tracker/register', { user_id: seed.userId, label: 'Dup', model: 'telfmb920', device_id: taken, tariff_id: seed.tariffId }), 224);
    expectError(await t.call('account/auth', { login: 'nobody-known', password: 'wrong' }, null), 12);
    await t.ok('tracker/list', {});
    await t.ok('user/read', { user_id: seed.userId });
    expect(await auditCount(t)).toBe(before);
  });

  it('filters by time range, account and action, newest first, and pages with count', async () => {
    t.clock.set('2026-03-20T08:00:00Z');
    await createUser(t);
    await createUser(t);
    await createUser(t);
    t.clock.set('2026-03-21T08:00:00Z');
    await createUser(t);
    const day = await t.ok('audit/log/list', { from: '2026-03-20', to: '2026-03-20 23:59:59', action: 'user/create' });
    expect(day.count).toBe(3);
    const page = await t.ok('audit/log/list', { from: '2026-03-20', to: '2026-03-21 23:59:59', limit: 2, offset: 1 });
    expect(page.count).toBe(4);
    expect(page.list.map((e: any) => e.time)).toEqual(['2026-03-20 08:00:00', '2026-03-20 08:00:00']);
    const all = await t.ok('audit/log/list', { from: '2026-03-20', to: '2026-03-21 23:59:59' });
    expect(all.list.map((e: any) => e.time)).toEqual(['2026-03-21 08:00:00', '2026-03-20 08:00:00', '2026-03-20 08:00:00', '2026-03-20 08:00:00']);
    expect(new Set(all.list.map((e: any) => e.id)).size).toBe(4);
  });

  it('needs audit: read (13, which is itself recorded); a staff login granted it reads the trail', async () => {
    const without = await createStaff(t, { users: ['read'] });
    expectError(await t.call('audit/log/list', ALL_TIME, without.hash), 13);
    const reader = await createStaff(t, { audit: ['read'] });
    const list = (await t.ok('audit/log/list', { ...ALL_TIME, account_id: without.id }, reader.hash)).list as Record<string, any>[];
    expect(list.map((e) => [e.action, e.result_code])).toEqual([
      ['audit/log/list', 13],
      ['account/auth', 0],
    ]);
  });

  it('another dealer sees none of these rows', async () => {
    const otherHash = await addDealer(t, 2);
    const list = (await t.ok('audit/log/list', ALL_TIME, otherHash)).list as Record<string, any>[];
    expect(list.map((e) => [e.login, e.action])).toEqual([['admin2', 'account/auth']]);
  });

  it('7 names every bad parameter; 212 above 1,000', async () => {
    expectInvalid(await t.call('audit/log/list', {}), ['from', 'to']);
    expectInvalid(await t.call('audit/log/list', { from: '2026-03-02', to: '2026-03-01' }), ['from']);
    expectInvalid(await t.call('audit/log/list', { ...ALL_TIME, entity_id: 5 }), ['entity_type']);
    expectInvalid(await t.call('audit/log/list', { ...ALL_TIME, entity_type: 'planet', action: 'DROP TABLE', account_id: 0 }), [
      'entity_type',
      'action',
      'account_id',
    ]);
    expectError(await t.call('audit/log/list', { ...ALL_TIME, limit: 1001 }), 212);
  });
});

describe('audit retention and durability', () => {
  // Embedded: the restart replays the data folder's journal; PostgreSQL (the test switch): the
  // reopened backend reads the same schema.
  it('an audited write and its row survive a restart together; rows past the retention are pruned', async () => {
    const clock = new FixedClock('2026-01-01T00:00:00Z');
    const t = await openTestBackend({ clock });
    const dir = t.dir;
    try {
      const userId = await createUser(t);
      // Close without a snapshot being relevant: the next open replays the journal.
      await t.backend.close();
      clock.set('2026-06-01T00:00:00Z');
      let reopened = await Backend.open({ dataDir: dir, databaseUrl: t.databaseUrl, clock, auditRetentionDays: 400 });
      const hash = (await reopened.dispatch({ path: 'account/auth', params: { login: 'admin', password: ADMIN_PASSWORD } })).body.hash as string;
      const created = await reopened.dispatch({ path: 'audit/log/list', params: { ...ALL_TIME, action: 'user/create' }, hash });
      expect((created.body.list as any[]).map((e) => e.entities)).toEqual([[{ type: 'user', id: userId }]]);
      await reopened.close();

      // 30 days' retention on 2026-06-01: the January rows go, the June sign-in stays.
      reopened = await Backend.open({ dataDir: dir, databaseUrl: t.databaseUrl, clock, auditRetentionDays: 30 });
      const hash2 = (await reopened.dispatch({ path: 'account/auth', params: { login: 'admin', password: ADMIN_PASSWORD } })).body.hash as string;
      const kept = await reopened.dispatch({ path: 'audit/log/list', params: ALL_TIME, hash: hash2 });
      expect((kept.body.list as any[]).map((e) => [e.time, e.action])).toEqual([
        ['2026-06-01 00:00:00', 'account/auth'],
        ['2026-06-01 00:00:00', 'account/auth'],
      ]);
      expect(await reopened.database.get('SELECT COUNT(*) AS n FROM audit_targets')).toEqual({ n: 0 });
      await reopened.close();
    } finally {
      await t.close();
    }
  });
});
