import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { createUser, expectError, expectInvalid } from '../../test-support/api-assertions.js';

const ids = (body: Record<string, any>) => (body.list as { id: number }[]).map((u) => u.id);

describe('user/list', () => {
  let t: TestBackend;
  let u1: number;
  let u2: number;
  let u3: number;
  beforeEach(async () => {
    t = await openTestBackend();
    u1 = await createUser(t, { login: 'c@x.com', last_name: 'Brown', phone: '5550000003', post_city: 'Zurich' });
    u2 = await createUser(t, { login: 'a@x.com', last_name: 'adams', phone: '5550000001', post_city: 'berlin' });
    u3 = await createUser(t, { login: 'b@x.com', last_name: 'Clark', phone: '5550000002', post_city: 'Aachen', activated: false });
    // Balances are read-only in the API: set them directly.
    await t.backend.database.transaction(async (tx) => {
      await tx.run('UPDATE users SET balance_cents = ?, bonus_cents = ? WHERE id = ?', [500, 100, u1]);
      await tx.run('UPDATE users SET balance_cents = ?, bonus_cents = ? WHERE id = ?', [100, 300, u2]);
      await tx.run('UPDATE users SET balance_cents = ?, bonus_cents = ? WHERE id = ?', [300, 200, u3]);
    });
  });
  afterEach(async () => t.close());

  it('lists every user of the dealer with count, ordered by id by default', async () => {
    const body = await t.ok('user/list');
    expect(Object.keys(body).sort()).toEqual(['count', 'list', 'success']);
    expect(ids(body)).toEqual([u1, u2, u3]);
    expect(body.count).toBe(3);
    expect(body.list[0]).toEqual((await t.ok('user/read', { user_id: u1 })).value);
    expect(body.list[0].balance).toBe(5);
  });

  it('orders by each documented column, ascending and descending', async () => {
    const expected: Record<string, number[]> = {
      id: [u1, u2, u3],
      login: [u2, u3, u1],
      last_name: [u2, u1, u3],
      balance: [u2, u3, u1],
      bonus: [u1, u3, u2],
      phone: [u2, u3, u1],
      post_city: [u3, u2, u1],
    };
    for (const [orderBy, order] of Object.entries(expected)) {
      expect(ids(await t.ok('user/list', { order_by: orderBy })), orderBy).toEqual(order);
      expect(ids(await t.ok('user/list', { order_by: orderBy, ascending: true })), orderBy).toEqual(order);
      expect(ids(await t.ok('user/list', { order_by: orderBy, ascending: false })), `${orderBy} desc`).toEqual([...order].reverse());
    }
  });

  it('hide_inactive leaves out users that are not activated', async () => {
    const body = await t.ok('user/list', { hide_inactive: true });
    expect(ids(body)).toEqual([u1, u2]);
    expect(body.count).toBe(2);
    expect(ids(await t.ok('user/list', { hide_inactive: 'false' }))).toEqual([u1, u2, u3]);
  });

  it('pages with offset and limit; count ignores paging; offset past the end is empty', async () => {
    expect(await t.ok('user/list', { offset: 1, limit: 1 })).toMatchObject({ count: 3, list: [expect.objectContaining({ id: u2 })] });
    expect(await t.ok('user/list', { offset: 3 })).toMatchObject({ count: 3, list: [] });
    expect(await t.ok('user/list', { offset: 100, limit: 10 })).toMatchObject({ count: 3, list: [] });
    expect(ids(await t.ok('user/list', { offset: '0', limit: '2', ascending: 'false' }))).toEqual([u3, u2]);
  });

  it('an omitted limit returns every matching row, past the 1,000 maximum of a page', async () => {
    await t.backend.database.transaction(async (tx) => {
      for (let i = 0; i < 1200; i++) {
        await tx.run(
          `INSERT INTO users (dealer_id, login, activated, verified, legal_type, profile, creation_date, comment)
           SELECT dealer_id, ?, activated, verified, legal_type, profile, creation_date, comment FROM users WHERE id = ?`,
          [`bulk${i}@example.com`, u1],
        );
      }
    });
    const all = await t.ok('user/list', {});
    expect(all.count).toBe(1203);
    expect(all.list).toHaveLength(1203);
    expect(new Set(ids(all)).size).toBe(1203);
    expect((await t.ok('user/list', { offset: 1200 })).list).toHaveLength(3);
    expect((await t.ok('user/list', { limit: 1000 })).list).toHaveLength(1000);
  });

  it('filters by a case-insensitive substring of each documented field', async () => {
    const fields = [
      'login',
      'last_name',
      'first_name',
      'middle_name',
      'post_city',
      'post_region',
      'post_country',
      'post_index',
      'post_street_address',
      'registered_country',
      'registered_index',
      'registered_region',
      'registered_city',
      'registered_street_address',
      'tin',
      'iec',
      'legal_name',
    ];
    const made: Record<string, number> = {};
    const token = (i: number) => `Zq${String(i).padStart(2, '0')}Q`;
    for (const [i, field] of fields.entries()) {
      const value = field === 'login' ? `${token(i)}@example.com` : token(i);
      made[field] = await createUser(t, { [field]: value, ...(field === 'legal_name' ? { legal_type: 'legal_entity' } : {}) });
    }
    for (const [i, field] of fields.entries()) {
      const body = await t.ok('user/list', { filter: token(i).toLowerCase() });
      expect(ids(body), field).toEqual([made[field]]);
      expect(body.count, field).toBe(1);
    }
    const byPhone = await t.ok('user/list', { filter: '5550000002' });
    expect(ids(byPhone)).toEqual([u3]);
  });

  it('filters by id', async () => {
    const t2 = await openTestBackend();
    try {
      const made: number[] = [];
      for (let i = 0; i < 12; i++) made.push(await createUser(t2, { login: `n${'abcdefghijkl'[i]}@example.com`, first_name: 'Nodigits' }));
      expect(ids(await t2.ok('user/list', { filter: String(made[11]) }))).toEqual([made[11]]);
      expect(ids(await t2.ok('user/list', { filter: '1' }))).toEqual(made.filter((id) => String(id).includes('1')));
    } finally {
      await t2.close();
    }
  });

  it('treats % and _ in the filter literally and ignores a blank filter', async () => {
    const underscored = await createUser(t, { last_name: 'a_b' });
    await createUser(t, { last_name: 'axb' });
    expect((await t.ok('user/list', { filter: '%' })).count).toBe(0);
    expect(ids(await t.ok('user/list', { filter: 'a_b' }))).toEqual([underscored]);
    expect((await t.ok('user/list', { filter: '   ' })).count).toBe(5);
  });

  it('storage/repositories/users.ts:122 — the filter matches the profile JSON text (field names, undocumented fields)', async () => {
    await createUser(t, { okpo_code: 'okpo-only-777' });
    // "legal_name" is a field name, not any user's value; okpo_code is not a documented filter field.
    expect((await t.ok('user/list', { filter: 'legal_name' })).count).toBe(0);
    expect((await t.ok('user/list', { filter: 'okpo-only-777' })).count).toBe(0);
    expect((await t.ok('user/list', { filter: '_' })).count).toBe(0);
  });

  it("lists only the calling dealer's users", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await createUser(t, { login: 'a@x.com' }, admin2);
    expect(ids(await t.ok('user/list', {}, admin2))).toEqual([foreign]);
    expect(ids(await t.ok('user/list', { filter: 'a@x.com' }))).toEqual([u2]);
  });

  it('names every bad parameter (7)', async () => {
    expectInvalid(await t.call('user/list', { limit: 0, offset: -1, order_by: 'balance2', ascending: 'yes', hide_inactive: 'x', filter: 'f'.repeat(201) }), [
      'limit',
      'offset',
      'order_by',
      'ascending',
      'hide_inactive',
      'filter',
    ]);
    expectError(await t.call('user/list', { limit: 1001 }), 212);
    expectError(await t.call('user/list', { limit: '5000', offset: -1 }), 212);
    expectInvalid(await t.call('user/list', { limit: 'abc', offset: 2 ** 31 }), ['limit', 'offset']);
  });
});
