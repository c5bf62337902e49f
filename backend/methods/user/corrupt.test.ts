import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backend } from '../../backend.js';
import { DurableStore } from '../../storage/durable-store.js';
import { migrations } from '../../storage/migrations/index.js';
import { ADMIN_PASSWORD, addDealer, nextImei, openTestBackend, seedBasics, type TestBackend } from '../../test-support/harness.js';
import {
  allStaffPermissionsExcept,
  apiState,
  createStaff,
  createUser,
  expectError,
  expectInvalid,
  markSourceCorrupted,
  registerTracker,
} from '../../test-support/api-assertions.js';

/** Everything a refused user/corrupt could have touched, deleted users and raw flags included. */
async function fullState(t: TestBackend): Promise<unknown> {
  return {
    api: await apiState(t),
    users: await t.backend.database.all('SELECT id, login, deleted FROM users ORDER BY id'),
    trackers: await t.backend.database.all('SELECT id, deleted FROM trackers ORDER BY id'),
    sources: await t.backend.database.all('SELECT id, device_id, phone, corrupted FROM sources ORDER BY id'),
    corrupted: await t.backend.database.all('SELECT * FROM corrupted_tracking ORDER BY source_id'),
  };
}

describe('user/corrupt', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  let login: string;
  beforeEach(async () => {
    t = await openTestBackend();
    s = await seedBasics(t);
    login = (await t.ok('user/read', { user_id: s.userId })).value.login;
  });
  afterEach(async () => t.close());

  const sourceOf = async (trackerId: number) => (await t.ok('tracker/list', {})).list.find((x: any) => x.id === trackerId).source;

  it('marks the user and its trackers deleted, corrupts the sources of its originals, and frees their device ids, phones and the login', async () => {
    const deviceId = nextImei();
    const second = await registerTracker(t, s.userId, s.tariffId, { device_id: deviceId, phone: '4915112345678', label: 'Second' });
    // A clone the user holds of another user's tracker: hidden with the user, its source untouched.
    const foreignOriginal = await registerTracker(t, s.otherUserId, s.tariffId, { label: 'Theirs' });
    const heldClone = (await t.ok('tracker/clone', { tracker_id: foreignOriginal, user_id: s.userId, label: 'Held clone' })).id;
    const secondSource = (await sourceOf(second)).id;
    const folder = join(t.dir, 'tracking', String(secondSource));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'points.bin'), 'history');
    const usersBefore = (await t.ok('dealer/get_info')).value.users_count as number;

    expect(await t.ok('user/corrupt', { user_id: s.userId, login })).toEqual({ success: true });

    expectError(await t.call('user/read', { user_id: s.userId }), 201);
    expect((await t.ok('user/list')).list.map((u: any) => u.id)).toEqual([s.otherUserId]);
    const listed = new Map<number, any>((await t.ok('tracker/list')).list.map((x: any) => [x.id, x]));
    expect(listed.get(second)).toMatchObject({
      deleted: true,
      source: { corrupted: true, device_id: `${deviceId}#corrupted-${secondSource}`, phone: `4915112345678#corrupted-${secondSource}` },
    });
    expect(listed.get(s.trackerId)).toMatchObject({ deleted: true, source: { corrupted: true } });
    expect(listed.get(heldClone)).toMatchObject({ deleted: true, clone: true });
    expect('corrupted' in listed.get(heldClone).source).toBe(false);
    expect(listed.get(foreignOriginal)).toMatchObject({ deleted: false });
    expect('corrupted' in listed.get(foreignOriginal).source).toBe(false);
    expectError(await t.call('tracker/read', { tracker_id: second }), 252);

    // The tracking data is moved aside, never deleted (on PostgreSQL history is a table, whose
    // move aside backend/storage/pg-history.test.ts pins; the folder is not the store there).
    const aside = (await t.backend.database.get<{ moved_to: string }>('SELECT moved_to FROM corrupted_tracking WHERE source_id = ?', [secondSource]))!.moved_to;
    expect(aside).toBeTruthy();
    if (!t.databaseUrl) {
      expect(existsSync(folder)).toBe(false);
      expect(readFileSync(join(t.dir, 'tracking-corrupted', aside, 'points.bin'), 'utf8')).toBe('history');
    }

    // Device id, phone and login can be used again.
    const again = await registerTracker(t, s.otherUserId, s.tariffId, { device_id: deviceId, phone: '4915112345678' });
    expect((await t.ok('tracker/read', { tracker_id: again })).value.source).toMatchObject({ device_id: deviceId, phone: '4915112345678' });
    const reborn = await createUser(t, { login });
    expect((await t.ok('user/read', { user_id: reborn })).value).toMatchObject({ login, trackers_count: 0 });
    expect((await t.ok('dealer/get_info')).value.users_count).toBe(usersBefore);
  });

  it('a deleted user is not found by any method that takes a user', async () => {
    await t.ok('user/corrupt', { user_id: s.userId, login });
    const before = await fullState(t);
    expectError(await t.call('user/read', { user_id: s.userId }), 201);
    expectError(await t.call('user/update', { user: { id: s.userId, first_name: 'X' } }), 201);
    expectError(await t.call('user/change_password', { user_id: s.userId, password: 'another1' }), 201);
    expectError(await t.call('user/transaction/list', { user_id: s.userId, from: '2026-01-01', to: '2026-12-31' }), 201);
    expectError(await t.call('user/transaction/change_balance', { user_id: s.userId, amount: 5, type: 'balance', text: 'A payment' }), 201);
    expectError(await t.call('user/corrupt', { user_id: s.userId, login }), 201);
    expectError(await t.call('tracker/list', { user_id: s.userId }), 201);
    expectError(await t.call('tracker/register', { user_id: s.userId, label: 'x', model: 'telfmb920', device_id: nextImei(), tariff_id: s.tariffId }), 201);
    const other = await registerTracker(t, s.otherUserId, s.tariffId);
    const withOther = await fullState(t);
    expectError(await t.call('tracker/move', { tracker_id: other, user_id: s.userId }), 246);
    expectError(await t.call('tracker/clone', { tracker_id: other, user_id: s.userId, label: 'C' }), 246);
    expect(await fullState(t)).toEqual(withOther);
    expect(before).not.toEqual(withOther);
  });

  it('253 with the clone ids when one of its trackers has clones; nothing changes', async () => {
    const second = await registerTracker(t, s.userId, s.tariffId);
    const third = await createUser(t);
    const c1 = (await t.ok('tracker/clone', { tracker_id: second, user_id: s.otherUserId, label: 'C1' })).id;
    const c2 = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: third, label: 'C2' })).id;
    const before = await fullState(t);
    expectError(await t.call('user/corrupt', { user_id: s.userId, login }), 253, { list: [c1, c2].sort((a, b) => a - b) });
    expect(await fullState(t)).toEqual(before);
    await t.ok('tracker/batch_delete_clones', { trackers: [c1, c2] });
    await t.ok('user/corrupt', { user_id: s.userId, login });
  });

  it('252 with the tracker ids when one of its trackers is already corrupted; nothing changes', async () => {
    const second = await registerTracker(t, s.userId, s.tariffId);
    await t.ok('tracker/corrupt', { tracker_id: second });
    const before = await fullState(t);
    expectError(await t.call('user/corrupt', { user_id: s.userId, login }), 252, { list: [second] });
    expect(await fullState(t)).toEqual(before);
    // A clone it holds over a corrupted source counts too.
    const other = await registerTracker(t, s.otherUserId, s.tariffId);
    const clone = (await t.ok('tracker/clone', { tracker_id: other, user_id: (await createUser(t)) as number, label: 'C' })).id;
    const holder = (await t.ok('tracker/read', { tracker_id: clone })).value.user_id;
    await markSourceCorrupted(t, (await t.ok('tracker/read', { tracker_id: other })).value.source.id);
    const holderLogin = (await t.ok('user/read', { user_id: holder })).value.login;
    expectError(await t.call('user/corrupt', { user_id: holder, login: holderLogin }), 252, { list: [clone] });
  });

  it('253 is checked after 252', async () => {
    const c1 = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'C1' })).id;
    const second = await registerTracker(t, s.userId, s.tariffId);
    await t.ok('tracker/corrupt', { tracker_id: second });
    expectError(await t.call('user/corrupt', { user_id: s.userId, login }), 252, { list: [second] });
    expect(c1).toBeGreaterThan(0);
  });

  it("201 for an unknown user and another dealer's; nothing changes", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    const foreignLogin = (await t.ok('user/read', { user_id: foreign.userId }, admin2)).value.login;
    const before = await fullState(t);
    expectError(await t.call('user/corrupt', { user_id: 999, login }), 201);
    expectError(await t.call('user/corrupt', { user_id: foreign.userId, login: foreignLogin }), 201);
    expect(await fullState(t)).toEqual(before);
    expect((await t.ok('user/read', { user_id: foreign.userId }, admin2)).value.id).toBe(foreign.userId);
  });

  it('7 naming login when it is not the user’s login (case and spaces count); nothing changes', async () => {
    const before = await fullState(t);
    for (const wrong of [login.toUpperCase(), ` ${login}`, 'someone@example.com']) {
      expectInvalid(await t.call('user/corrupt', { user_id: s.userId, login: wrong }), ['login']);
    }
    expect(await fullState(t)).toEqual(before);
  });

  it('names every bad parameter (7)', async () => {
    const before = await fullState(t);
    expectInvalid(await t.call('user/corrupt', {}), ['user_id', 'login']);
    for (const bad of [0, -1, 2 ** 31, 'abc', '1.5']) expectInvalid(await t.call('user/corrupt', { user_id: bad, login }), ['user_id']);
    expectInvalid(await t.call('user/corrupt', { user_id: s.userId, login: '' }), ['login']);
    expectInvalid(await t.call('user/corrupt', { user_id: s.userId, login: 5 }), ['login']);
    expectInvalid(await t.call('user/corrupt', { user_id: s.userId, login: 'x'.repeat(101) }), ['login']);
    expect(await fullState(t)).toEqual(before);
  });

  it('13 (HTTP 403) without users: corrupt; a staff login holding it succeeds', async () => {
    const without = await createStaff(t, allStaffPermissionsExcept('users', 'corrupt'));
    const before = await fullState(t);
    expectError(await t.call('user/corrupt', { user_id: s.userId, login }, without.hash), 13);
    expect(await fullState(t)).toEqual(before);
    const withIt = await createStaff(t, { users: ['corrupt'] });
    expect(await t.ok('user/corrupt', { user_id: s.userId, login }, withIt.hash)).toEqual({ success: true });
  });

  it('the administrator holds users: corrupt', async () => {
    expect((await t.ok('account/get_permissions')).permissions.users).toContain('corrupt');
  });
});

describe('migration 022', () => {
  const quiet = { info: () => {}, error: () => {} };
  it('adds users: corrupt to the administrator of a folder written before, and keeps logins unique among users not deleted', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dealer-console-022-')), 'data');
    try {
      const first = await Backend.open({ dataDir: dir, adminPassword: ADMIN_PASSWORD, log: quiet });
      await first.close();
      // Taken back to the previous release: no deleted column, the old index, no users: corrupt.
      const old = await DurableStore.open(dir, migrations);
      await old.write((tx) => {
        tx.run("DELETE FROM _migrations WHERE id = '022-users-deleted'");
        tx.run('DROP INDEX users_login');
        tx.run('ALTER TABLE users DROP COLUMN deleted');
        tx.run('CREATE UNIQUE INDEX users_login ON users (dealer_id, login)');
        const row = tx.get<{ permissions: string }>('SELECT permissions FROM accounts WHERE is_admin = 1')!;
        const permissions = JSON.parse(row.permissions) as Record<string, string[]>;
        permissions.users = permissions.users!.filter((op) => op !== 'corrupt');
        tx.run('UPDATE accounts SET permissions = ? WHERE is_admin = 1', [JSON.stringify(permissions)]);
        tx.run(
          "INSERT INTO accounts (dealer_id, login, password_hash, permissions, is_admin, blocked, creation_date) VALUES (1, 'clerk', 'x', ?, 0, 0, '2026-01-01 00:00:00')",
          [JSON.stringify({ users: ['read'] })],
        );
      });
      await old.close();
      const upgraded = await Backend.open({ dataDir: dir, log: quiet });
      const perms = upgraded.store.all<{ login: string; permissions: string }>('SELECT login, permissions FROM accounts ORDER BY id');
      expect(JSON.parse(perms[0]!.permissions).users).toEqual(['create', 'read', 'update', 'delete', 'corrupt']);
      expect(JSON.parse(perms[1]!.permissions)).toEqual({ users: ['read'] });
      await upgraded.store.write((tx) => {
        tx.run("INSERT INTO users (dealer_id, login, legal_type, profile, creation_date, deleted) VALUES (1, 'a@x.com', 'individual', '{}', '2026-01-01', 1)");
        tx.run("INSERT INTO users (dealer_id, login, legal_type, profile, creation_date) VALUES (1, 'a@x.com', 'individual', '{}', '2026-01-01')");
      });
      const duplicate = async () =>
        upgraded.store.write((tx) =>
          tx.run("INSERT INTO users (dealer_id, login, legal_type, profile, creation_date) VALUES (1, 'a@x.com', 'individual', '{}', '2026-01-01')"),
        );
      await expect(duplicate()).rejects.toThrow(/UNIQUE/);
      await upgraded.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
