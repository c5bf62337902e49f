import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, addDealer, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { apiState, createStaff, expectError, expectInvalid, STAFF_PASSWORD } from '../../test-support/api-assertions.js';

const auth = (t: TestBackend, login: string, password: string) => t.call('account/auth', { login, password }, null);

describe('staff/create and staff/list', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('creates a staff login and lists it with normalized permissions and no password', async () => {
    const created = await t.ok('staff/create', {
      login: 'clerk@shop',
      password: 'longpassword',
      permissions: { users: ['update', 'read'], trackers: ['read'] },
    });
    expect(Object.keys(created).sort()).toEqual(['id', 'success']);
    expect(created.id).toEqual(expect.any(Number));
    const list = await t.ok('staff/list');
    expect(list).toEqual({
      success: true,
      list: [
        {
          id: created.id,
          login: 'clerk@shop',
          permissions: { trackers: ['read'], users: ['read', 'update'] },
          blocked: false,
          creation_date: '2026-03-15 10:00:00',
        },
      ],
      count: 1,
    });
    // The administrator is not a staff member and is never listed.
    expect(JSON.stringify(list)).not.toContain('scrypt');
  });

  it('accepts permissions as JSON text (form encoding)', async () => {
    const { id } = await t.ok('staff/create', { login: 'formclerk', password: 'longpassword', permissions: '{"tariffs":["read"]}' });
    expect((await t.ok('staff/list')).list).toEqual([expect.objectContaining({ id, permissions: { tariffs: ['read'] } })]);
  });

  it('refuses a login already in use (206), the administrator login included', async () => {
    await t.ok('staff/create', { login: 'clerk', password: 'longpassword', permissions: {} });
    const before = await apiState(t);
    expectError(await t.call('staff/create', { login: 'clerk', password: 'otherpassword', permissions: {} }), 206);
    expectError(await t.call('staff/create', { login: 'admin', password: 'otherpassword', permissions: {} }), 206);
    expect(await apiState(t)).toEqual(before);
    // The first clerk's password still works: nothing was overwritten.
    expect((await auth(t, 'clerk', 'longpassword')).body.success).toBe(true);
  });

  it('refuses the staff and billing categories (7) and creates nothing', async () => {
    expectInvalid(await t.call('staff/create', { login: 'c1', password: 'longpassword', permissions: { staff: ['read'] } }), ['login', 'permissions.staff']);
    expectInvalid(await t.call('staff/create', { login: 'clerk', password: 'longpassword', permissions: { billing: ['run'] } }), ['permissions.billing']);
    expectInvalid(
      await t.call('staff/create', { login: 'clerk', password: 'longpassword', permissions: { staff: ['create'], billing: ['run'], trackers: ['read'] } }),
      ['permissions.staff', 'permissions.billing'],
    );
    expect((await t.ok('staff/list')).count).toBe(0);
    expectError(await auth(t, 'clerk', 'longpassword'), 12);
  });

  it('names every bad parameter (7)', async () => {
    expectInvalid(await t.call('staff/create', {}), ['login', 'password', 'permissions']);
    expectInvalid(await t.call('staff/create', { login: 'ab', password: 'short', permissions: 'abc' }), ['login', 'password', 'permissions']);
    expectInvalid(await t.call('staff/create', { login: 'a b', password: 'pass\u0001word1', permissions: [] }), ['login', 'password', 'permissions']);
    expectInvalid(await t.call('staff/create', { login: 'x'.repeat(65), password: 'p'.repeat(101), permissions: { trackers: 'read' } }), [
      'login',
      'password',
      'permissions.trackers',
    ]);
    expectInvalid(await t.call('staff/create', { login: 'clerk', password: 'longpassword', permissions: { nosuch: ['read'], trackers: ['fly'] } }), [
      'permissions.nosuch',
      'permissions.trackers',
    ]);
    expect((await t.ok('staff/list')).count).toBe(0);
  });

  it("lists only the calling dealer's staff", async () => {
    const admin2 = await addDealer(t, 2);
    await createStaff(t, { trackers: ['read'] });
    const other = await createStaff(t, { users: ['read'] }, admin2);
    const list2 = await t.ok('staff/list', {}, admin2);
    expect(list2.count).toBe(1);
    expect(list2.list.map((s: { id: number }) => s.id)).toEqual([other.id]);
    expect((await t.ok('staff/list')).list.map((s: { id: number }) => s.id)).not.toContain(other.id);
  });
});

describe('staff/update', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('changes permissions; the open session gets them at once', async () => {
    const staff = await createStaff(t, { trackers: ['read'] });
    expect(await t.ok('staff/update', { staff_id: staff.id, permissions: { users: ['read'] } })).toEqual({ success: true });
    expect((await t.ok('account/get_permissions', {}, staff.hash)).permissions).toEqual({ users: ['read'] });
    expectError(await t.call('tracker/list', {}, staff.hash), 13);
    expect((await t.ok('staff/list')).list[0].permissions).toEqual({ users: ['read'] });
  });

  it('a new password ends the open sessions and replaces the old password', async () => {
    const staff = await createStaff(t, { trackers: ['read'] });
    await t.ok('staff/update', { staff_id: staff.id, password: 'brand-new-password' });
    expectError(await t.call('tracker/list', {}, staff.hash), 4);
    expectError(await auth(t, staff.login, STAFF_PASSWORD), 12);
    expect((await auth(t, staff.login, 'brand-new-password')).body.success).toBe(true);
  });

  it('a permissions-only change keeps the session open', async () => {
    const staff = await createStaff(t, { trackers: ['read'] });
    await t.ok('staff/update', { staff_id: staff.id, permissions: { trackers: ['read', 'update'] } });
    expect((await t.call('tracker/list', {}, staff.hash)).body.success).toBe(true);
  });

  it('blocks and unblocks (also from form text)', async () => {
    const staff = await createStaff(t, { trackers: ['read'] });
    await t.ok('staff/update', { staff_id: String(staff.id), blocked: 'true' });
    expect((await t.ok('staff/list')).list[0].blocked).toBe(true);
    expectError(await t.call('tracker/list', {}, staff.hash), 4);
    await t.ok('staff/update', { staff_id: staff.id, blocked: 'false' });
    expect((await t.ok('staff/list')).list[0].blocked).toBe(false);
  });

  it("201 for an unknown id, the administrator and another dealer's staff; nothing changes", async () => {
    const admin2 = await addDealer(t, 2);
    const other = await createStaff(t, { users: ['read'] }, admin2);
    const before = await apiState(t);
    const before2 = await t.ok('staff/list', {}, admin2);
    expectError(await t.call('staff/update', { staff_id: 999, blocked: true }), 201);
    expectError(await t.call('staff/update', { staff_id: 1, blocked: true }), 201);
    expectError(await t.call('staff/update', { staff_id: other.id, blocked: true, password: 'another-password' }), 201);
    expect(await apiState(t)).toEqual(before);
    expect(await t.ok('staff/list', {}, admin2)).toEqual(before2);
    expect((await t.call('tracker/list', {}, t.adminHash)).body.success).toBe(true);
    expect((await t.call('user/list', {}, other.hash)).body.success).toBe(true);
    expect((await auth(t, 'admin', ADMIN_PASSWORD)).body.success).toBe(true);
  });

  it('names every bad parameter (7)', async () => {
    const staff = await createStaff(t, { trackers: ['read'] });
    expectInvalid(await t.call('staff/update', {}), ['staff_id']);
    for (const bad of [0, -1, 2 ** 31, 'abc', 1.5]) expectInvalid(await t.call('staff/update', { staff_id: bad }), ['staff_id']);
    expectInvalid(await t.call('staff/update', { staff_id: staff.id, permissions: { staff: ['update'] }, password: 'short', blocked: 'yes' }), [
      'permissions.staff',
      'password',
      'blocked',
    ]);
    expect((await t.ok('staff/list')).list[0]).toMatchObject({ permissions: { trackers: ['read'] }, blocked: false });
    expect((await t.call('tracker/list', {}, staff.hash)).body.success).toBe(true);
  });
});

describe('staff/delete', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('deletes the login and its sessions', async () => {
    const staff = await createStaff(t, { trackers: ['read'] });
    const keep = await createStaff(t, { trackers: ['read'] });
    expect(await t.ok('staff/delete', { staff_id: staff.id })).toEqual({ success: true });
    expect((await t.ok('staff/list')).list.map((s: { id: number }) => s.id)).toEqual([keep.id]);
    expectError(await t.call('tracker/list', {}, staff.hash), 4);
    expectError(await auth(t, staff.login, STAFF_PASSWORD), 12);
    expect((await t.call('tracker/list', {}, keep.hash)).body.success).toBe(true);
    // Deleting it again: not found.
    expectError(await t.call('staff/delete', { staff_id: staff.id }), 201);
  });

  it("201 for an unknown id, the administrator and another dealer's staff", async () => {
    const admin2 = await addDealer(t, 2);
    const other = await createStaff(t, { users: ['read'] }, admin2);
    expectError(await t.call('staff/delete', { staff_id: 999 }), 201);
    expectError(await t.call('staff/delete', { staff_id: 1 }), 201);
    expectError(await t.call('staff/delete', { staff_id: other.id }), 201);
    expect((await t.ok('staff/list', {}, admin2)).count).toBe(1);
    expect((await t.call('user/list', {}, other.hash)).body.success).toBe(true);
    expect((await t.call('account/get_permissions')).body.success).toBe(true);
  });

  it('names a bad staff_id (7)', async () => {
    for (const bad of [undefined, 0, -1, 2 ** 31, 'abc', '']) expectInvalid(await t.call('staff/delete', { staff_id: bad }), ['staff_id']);
  });
});
