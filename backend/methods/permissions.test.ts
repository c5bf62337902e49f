import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextImei, openTestBackend, type TestBackend } from '../test-support/harness.js';
import { allStaffPermissionsExcept, apiState, createStaff, createTariff, createUser, expectError, registerTracker } from '../test-support/api-assertions.js';

/**
 * Every core method refuses a staff login that lacks any one of its required permissions with 13
 * (HTTP 403) and changes nothing; a staff login holding exactly the required permissions succeeds.
 * `params` builds valid parameters afresh for each call (the success call consumes them).
 */
interface Case {
  path: string;
  required: Record<string, string[]>;
  params: (t: TestBackend) => Promise<Record<string, unknown>>;
}

let counter = 0;
const unique = () => `${++counter}${Math.random().toString(36).slice(2, 7)}`;

async function tracker(t: TestBackend): Promise<number> {
  return registerTracker(t, await createUser(t), await createTariff(t));
}

async function clone(t: TestBackend): Promise<number> {
  return (await t.ok('tracker/clone', { tracker_id: await tracker(t), user_id: await createUser(t), label: 'Clone' })).id as number;
}

const cases: Case[] = [
  { path: 'staff/create', required: { staff: ['create'] }, params: async () => ({ login: `s${unique()}`, password: 'longpassword', permissions: {} }) },
  { path: 'staff/list', required: { staff: ['read'] }, params: async () => ({}) },
  {
    path: 'staff/update',
    required: { staff: ['update'] },
    params: async (t) => ({ staff_id: (await createStaff(t, {})).id, permissions: { users: ['read'] } }),
  },
  { path: 'staff/delete', required: { staff: ['delete'] }, params: async (t) => ({ staff_id: (await createStaff(t, {})).id }) },
  {
    path: 'user/create',
    required: { users: ['create'] },
    params: async () => ({ user: { login: `p${unique()}@example.com`, legal_type: 'individual' }, password: 'secret1' }),
  },
  { path: 'user/list', required: { users: ['read'] }, params: async () => ({}) },
  { path: 'user/read', required: { users: ['read'] }, params: async (t) => ({ user_id: await createUser(t) }) },
  { path: 'user/update', required: { users: ['update'] }, params: async (t) => ({ user: { id: await createUser(t), first_name: 'Changed' } }) },
  { path: 'user/change_password', required: { users: ['update'] }, params: async (t) => ({ user_id: await createUser(t), password: 'another1' }) },
  {
    path: 'user/upload',
    required: { users: ['create'] },
    params: async () => ({ file: Buffer.from(`login,legal_type\nup${unique()}@example.com,individual`).toString('base64') }),
  },
  {
    path: 'user/corrupt',
    required: { users: ['corrupt'] },
    params: async (t) => {
      const userId = await createUser(t);
      return { user_id: userId, login: (await t.ok('user/read', { user_id: userId })).value.login };
    },
  },
  {
    path: 'tariff/create',
    required: { tariffs: ['create'] },
    params: async () => ({ tariff: { name: `T${unique()}`, type: 'monthly', price: 1, device_limit: 10 } }),
  },
  { path: 'tariff/list', required: { tariffs: ['read'] }, params: async () => ({}) },
  { path: 'tariff/read', required: { tariffs: ['read'] }, params: async (t) => ({ tariff_id: await createTariff(t) }) },
  {
    path: 'tariff/update',
    required: { tariffs: ['update'] },
    params: async (t) => ({ tariff: { id: await createTariff(t), name: `U${unique()}`, type: 'monthly', price: 99, device_limit: 10 } }),
  },
  { path: 'tracker/list_models', required: { trackers: ['read'] }, params: async () => ({}) },
  {
    path: 'tracker/register',
    required: { trackers: ['create'] },
    params: async (t) => ({ user_id: await createUser(t), tariff_id: await createTariff(t), label: 'New', model: 'telfmb920', device_id: nextImei() }),
  },
  { path: 'tracker/list', required: { trackers: ['read'] }, params: async () => ({}) },
  { path: 'tracker/read', required: { trackers: ['read'] }, params: async (t) => ({ tracker_id: await tracker(t) }) },
  {
    path: 'tracker/settings/update',
    required: { trackers: ['update'] },
    params: async (t) => ({ tracker_id: await tracker(t), label: 'Renamed', deleted: true }),
  },
  { path: 'tracker/source/update', required: { trackers: ['update'] }, params: async (t) => ({ tracker_id: await tracker(t), blocked: true }) },
  {
    path: 'tracker/clone',
    required: { trackers: ['create'] },
    params: async (t) => ({ tracker_id: await tracker(t), user_id: await createUser(t), label: 'C' }),
  },
  {
    path: 'tracker/batch_register',
    required: { trackers: ['create'] },
    params: async (t) => ({
      trackers: [{ user_id: await createUser(t), tariff_id: await createTariff(t), label: 'B', model: 'telfmb920', device_id: nextImei() }],
    }),
  },
  {
    path: 'tracker/batch_clone',
    required: { trackers: ['create'] },
    params: async (t) => ({ trackers: [await tracker(t), await tracker(t)], user_id: await createUser(t) }),
  },
  { path: 'tracker/delete_clone', required: { trackers: ['delete'] }, params: async (t) => ({ tracker_id: await clone(t) }) },
  { path: 'tracker/batch_delete_clones', required: { trackers: ['delete'] }, params: async (t) => ({ trackers: [await clone(t), await clone(t)] }) },
  { path: 'tracker/move', required: { trackers: ['create', 'delete'] }, params: async (t) => ({ tracker_id: await tracker(t), user_id: await createUser(t) }) },
  { path: 'tracker/corrupt', required: { trackers: ['corrupt'] }, params: async (t) => ({ tracker_id: await tracker(t) }) },
];

describe('permission refusal (13) for every core method', () => {
  let t: TestBackend;
  beforeAll(async () => {
    t = await openTestBackend();
  });
  afterAll(async () => t.close());

  for (const c of cases) {
    for (const [category, ops] of Object.entries(c.required)) {
      for (const op of ops) {
        it(`${c.path} without ${category}: ${op} → 13, HTTP 403, nothing changed`, async () => {
          const params = await c.params(t);
          const staff = await createStaff(t, allStaffPermissionsExcept(category, op));
          const before = await apiState(t);
          expectError(await t.call(c.path, params, staff.hash), 13);
          expect(await apiState(t)).toEqual(before);
          // The same call from the administrator goes through: the refusal was about permissions.
          expect((await t.call(c.path, params)).body.success).toBe(true);
        });
      }
    }
    const adminOnly = Object.keys(c.required).some((category) => category === 'staff');
    if (!adminOnly) {
      it(`${c.path} succeeds for a staff login holding exactly ${JSON.stringify(c.required)}`, async () => {
        const staff = await createStaff(t, c.required);
        const result = await t.call(c.path, await c.params(t), staff.hash);
        expect(result.httpStatus).toBe(200);
        expect(result.body.success).toBe(true);
      });
    }
  }

  it('checks permissions before parameters: bad parameters without permission are 13', async () => {
    const staff = await createStaff(t, {});
    expectError(await t.call('tracker/read', { tracker_id: 'abc' }, staff.hash), 13);
    expectError(await t.call('user/create', {}, staff.hash), 13);
  });

  it('a permission of another category with the same operation does not count', async () => {
    const staff = await createStaff(t, { users: ['read', 'create', 'update', 'delete'], tariffs: ['read'] });
    expectError(await t.call('tracker/list', {}, staff.hash), 13);
    expectError(await t.call('tracker/delete_clone', { tracker_id: await clone(t) }, staff.hash), 13);
  });
});
