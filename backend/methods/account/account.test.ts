import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { createStaff, expectError, expectInvalid, STAFF_CATALOGUE, STAFF_PASSWORD } from '../../test-support/api-assertions.js';

// The staff catalogue (spelled out in api-assertions.ts) plus the administrator-only categories.
const ALL_ADMIN_PERMISSIONS = { ...STAFF_CATALOGUE, staff: ['create', 'read', 'update', 'delete'], billing: ['run'] };

const auth = (t: TestBackend, login: unknown, password: unknown) => t.call('account/auth', { login, password }, null);
const MINUTE = 60_000;
const DAY = 24 * 3600 * 1000;

describe('account/auth', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('signs the administrator in with a 32-hex hash and every permission', async () => {
    const result = await auth(t, 'admin', ADMIN_PASSWORD);
    expect(result.httpStatus).toBe(200);
    expect(Object.keys(result.body).sort()).toEqual(['hash', 'permissions', 'success']);
    expect(result.body.success).toBe(true);
    expect(result.body.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(result.body.permissions).toEqual(ALL_ADMIN_PERMISSIONS);
    // The new hash is a live session, different from the harness' one.
    expect(result.body.hash).not.toBe(t.adminHash);
    expect((await t.ok('account/get_permissions', {}, result.body.hash as string)).permissions).toEqual(ALL_ADMIN_PERMISSIONS);
  });

  it('needs no session hash: a garbage hash is ignored', async () => {
    const result = await t.call('account/auth', { login: 'admin', password: ADMIN_PASSWORD }, 'not-a-hash');
    expect(result.body.success).toBe(true);
  });

  it('answers a wrong password and an unknown login identically (12)', async () => {
    const wrongPassword = await auth(t, 'admin', 'wrong-password');
    const unknownLogin = await auth(t, 'nobody-here', ADMIN_PASSWORD);
    expectError(wrongPassword, 12);
    expectError(unknownLogin, 12);
    expect(wrongPassword).toEqual(unknownLogin);
  });

  it('rejects missing, empty and non-string credentials with 7 naming each', async () => {
    expectInvalid(await t.call('account/auth', {}, null), ['login', 'password']);
    expectInvalid(await auth(t, '', ''), ['login', 'password']);
    expectInvalid(await auth(t, 'admin', ''), ['password']);
    expectInvalid(await auth(t, ['admin'], 5), ['login', 'password']);
    expectInvalid(await auth(t, 'a'.repeat(101), ADMIN_PASSWORD), ['login']);
  });

  it('throttles a login after 5 failures (15, HTTP 429) even with the right password, until 15 minutes pass', async () => {
    for (let i = 0; i < 5; i++) expectError(await auth(t, 'admin', `wrong-${i}`), 12);
    expectError(await auth(t, 'admin', ADMIN_PASSWORD), 15);
    t.clock.advance(15 * MINUTE - 1000);
    expectError(await auth(t, 'admin', ADMIN_PASSWORD), 15);
    t.clock.advance(1000);
    const result = await auth(t, 'admin', ADMIN_PASSWORD);
    expect(result.body.success).toBe(true);
    // A success clears the count: one more failure is an ordinary 12.
    expectError(await auth(t, 'admin', 'wrong'), 12);
  });

  it('four failures do not throttle, and other logins are not affected by one login being throttled', async () => {
    for (let i = 0; i < 4; i++) expectError(await auth(t, 'admin', 'wrong'), 12);
    expect((await auth(t, 'admin', ADMIN_PASSWORD)).body.success).toBe(true);
    const staff = await createStaff(t, { trackers: ['read'] });
    for (let i = 0; i < 5; i++) expectError(await auth(t, staff.login, 'wrong'), 12);
    expectError(await auth(t, staff.login, STAFF_PASSWORD), 15);
    expect((await auth(t, 'admin', ADMIN_PASSWORD)).body.success).toBe(true);
  });

  it('counts failures in a sliding 15-minute window', async () => {
    expectError(await auth(t, 'admin', 'wrong'), 12);
    t.clock.advance(10 * MINUTE);
    for (let i = 0; i < 4; i++) expectError(await auth(t, 'admin', 'wrong'), 12);
    expectError(await auth(t, 'admin', ADMIN_PASSWORD), 15);
    // The first failure leaves the window: four remain, which is below the limit.
    t.clock.advance(5 * MINUTE);
    expect((await auth(t, 'admin', ADMIN_PASSWORD)).body.success).toBe(true);
  });

  it('throttles unknown logins the same way as known ones', async () => {
    for (let i = 0; i < 5; i++) expectError(await auth(t, 'ghost', 'wrong'), 12);
    expectError(await auth(t, 'ghost', 'wrong'), 15);
  });

  it('refuses a blocked staff login with 11 and ends its open session (4)', async () => {
    const staff = await createStaff(t, { trackers: ['read'] });
    await t.ok('staff/update', { staff_id: staff.id, blocked: true });
    expectError(await t.call('tracker/list', {}, staff.hash), 4);
    expectError(await auth(t, staff.login, STAFF_PASSWORD), 11);
    // The wrong password is still 12 for a blocked login (11 is only told to the right password).
    expectError(await auth(t, staff.login, 'wrong-password'), 12);
    await t.ok('staff/update', { staff_id: staff.id, blocked: false });
    expect((await auth(t, staff.login, STAFF_PASSWORD)).body.success).toBe(true);
  });

  it('refuses the administrator of a blocked dealer with 11', async () => {
    await t.backend.database.transaction((tx) => tx.run('UPDATE dealers SET blocked = 1 WHERE id = 1'));
    expectError(await auth(t, 'admin', ADMIN_PASSWORD), 11);
  });

  it('signs a staff login in with exactly its permissions', async () => {
    const staff = await createStaff(t, { users: ['read'], trackers: ['update', 'read'] });
    const result = await auth(t, staff.login, STAFF_PASSWORD);
    expect(result.body).toEqual({
      success: true,
      hash: expect.stringMatching(/^[0-9a-f]{32}$/),
      permissions: { trackers: ['read', 'update'], users: ['read'] },
    });
    expect(await t.ok('account/get_permissions', {}, staff.hash)).toEqual({ success: true, permissions: { trackers: ['read', 'update'], users: ['read'] } });
  });
});

describe('session hash', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('malformed hash → 3, missing hash → 3', async () => {
    for (const hash of ['xyz', 'a'.repeat(31), 'a'.repeat(33), 'g'.repeat(32), `${'a'.repeat(31)} `]) {
      expectError(await t.call('account/get_permissions', {}, hash), 3);
    }
    expectError(await t.call('account/get_permissions', {}, null), 3);
    const numeric = await t.backend.dispatch({ path: 'account/get_permissions', params: {}, hash: 12345 });
    expectError(numeric, 3);
  });

  it('unknown well-formed hash → 4', async () => {
    expectError(await t.call('account/get_permissions', {}, '0123456789abcdef0123456789abcdef'), 4);
  });

  it('accepts the hash in upper case', async () => {
    expect((await t.call('account/get_permissions', {}, t.adminHash.toUpperCase())).body.success).toBe(true);
  });

  it('session-level errors come before permission and parameter checks', async () => {
    expectError(await t.call('tracker/read', { tracker_id: 'abc' }, 'bad'), 3);
    expectError(await t.call('tracker/read', { tracker_id: 'abc' }, '0123456789abcdef0123456789abcdef'), 4);
  });

  it('expires after 30 days', async () => {
    const hash = await t.login('admin', ADMIN_PASSWORD);
    t.clock.advance(30 * DAY - 1000);
    expect((await t.call('account/get_permissions', {}, hash)).body.success).toBe(true);
    t.clock.advance(1000);
    expectError(await t.call('account/get_permissions', {}, hash), 4);
    expectError(await t.call('tracker/list', {}, hash), 4);
  });
});

describe('account/get_permissions and account/logout', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('get_permissions answers exactly {success, permissions}', async () => {
    expect(await t.ok('account/get_permissions')).toEqual({ success: true, permissions: ALL_ADMIN_PERMISSIONS });
  });

  it('get_permissions and logout need no permission: a staff login with none may call them', async () => {
    const staff = await createStaff(t, {});
    expect(await t.ok('account/get_permissions', {}, staff.hash)).toEqual({ success: true, permissions: {} });
    expect(await t.ok('account/logout', {}, staff.hash)).toEqual({ success: true });
  });

  it('logout ends only that session', async () => {
    const other = await t.login('admin', ADMIN_PASSWORD);
    expect(await t.ok('account/logout')).toEqual({ success: true });
    expectError(await t.call('account/get_permissions'), 4);
    expectError(await t.call('account/logout'), 4);
    expect((await t.call('account/get_permissions', {}, other)).body.success).toBe(true);
  });
});
