import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { apiState, createTariff, createUser, expectError, expectInvalid, registerTracker } from '../../test-support/api-assertions.js';
import { verifyPassword } from '../../accounts/passwords.js';

const FULL_USER = {
  login: 'ann@example.com',
  activated: true,
  verified: false,
  first_name: 'Ann',
  middle_name: 'B.',
  last_name: 'Smith',
  legal_name: 'Smith Logistics',
  legal_type: 'sole_trader',
  phone: '491761234567',
  post_country: 'Germany',
  post_index: '61169',
  post_region: 'Hessen',
  post_city: 'Wiesbaden',
  post_street_address: 'Marienplatz 2',
  registered_country: 'Austria',
  registered_index: '1010',
  registered_region: 'Wien',
  registered_city: 'Vienna',
  registered_street_address: 'Ring 1',
  state_reg_num: 'EIN123',
  tin: 'DE123456789',
  okpo_code: '12345678',
  iec: '770101001',
};

describe('user/create and user/read', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('creates a user and reads back the exact user object', async () => {
    const created = await t.ok('user/create', { user: FULL_USER, password: 'secret1', time_zone: 'Europe/Berlin', locale: 'de_DE' });
    expect(Object.keys(created).sort()).toEqual(['id', 'success']);
    const read = await t.ok('user/read', { user_id: created.id });
    expect(read.value).toEqual({
      ...FULL_USER,
      id: created.id,
      dealer_id: 1,
      balance: 0,
      bonus: 0,
      creation_date: '2026-03-15 10:00:00',
      trackers_count: 0,
      comment: '',
      default_tariff_id: null,
    });
  });

  it("counts the user's trackers in trackers_count", async () => {
    const userId = await createUser(t);
    const tariffId = await createTariff(t);
    await registerTracker(t, userId, tariffId);
    await registerTracker(t, userId, tariffId);
    expect((await t.ok('user/read', { user_id: userId })).value.trackers_count).toBe(2);
  });

  it('defaults verified to activated', async () => {
    const inactive = await createUser(t, { activated: false });
    expect((await t.ok('user/read', { user_id: inactive })).value).toMatchObject({ activated: false, verified: false });
    const plain = await createUser(t);
    expect((await t.ok('user/read', { user_id: plain })).value).toMatchObject({ activated: true, verified: true });
  });

  it('methods/user/read.ts:11 — read returns the discount object next to value (user doc)', async () => {
    const discount = { value: 5.5, min_trackers: 10, end_date: '2027-03-01', strategy: 'sum_with_progressive' };
    const { id } = await t.ok('user/create', { user: { ...FULL_USER }, password: 'secret1', discount });
    expect(await t.ok('user/read', { user_id: id })).toEqual({ success: true, value: expect.any(Object), discount });
  });

  it('refuses a login already in use by this dealer (206) and creates nothing', async () => {
    await t.ok('user/create', { user: FULL_USER, password: 'secret1' });
    const before = await apiState(t);
    expectError(await t.call('user/create', { user: { ...FULL_USER, first_name: 'Other' }, password: 'secret2' }), 206);
    expect(await apiState(t)).toEqual(before);
  });

  it("201 for a default_tariff_id that is unknown or another dealer's", async () => {
    const admin2 = await addDealer(t, 2);
    const foreignTariff = await createTariff(t, {}, admin2);
    expectError(await t.call('user/create', { user: { ...FULL_USER, default_tariff_id: 999 }, password: 'secret1' }), 201);
    expectError(await t.call('user/create', { user: { ...FULL_USER, default_tariff_id: foreignTariff }, password: 'secret1' }), 201);
    expect((await t.ok('user/list')).count).toBe(0);
  });

  it('names every bad parameter (7) and creates nothing', async () => {
    expectInvalid(await t.call('user/create', {}), ['user', 'password']);
    expectInvalid(await t.call('user/create', { user: 'abc', password: 'secret1' }), ['user']);
    expectInvalid(await t.call('user/create', { user: { login: 'not-an-email', legal_type: 'company', phone: '12ab' }, password: '12345' }), [
      'user.login',
      'user.legal_type',
      'user.phone',
      'password',
    ]);
    expectInvalid(
      await t.call('user/create', {
        user: { ...FULL_USER, state_reg_num: 'x'.repeat(16), activated: 'maybe' },
        password: 'x'.repeat(21),
        time_zone: 'Not a zone!',
        locale: 'english',
        discount: { value: 101, min_trackers: -1, strategy: 'best', end_date: '01.03.2027' },
      }),
      [
        'user.state_reg_num',
        'user.activated',
        'password',
        'time_zone',
        'locale',
        'discount.value',
        'discount.min_trackers',
        'discount.strategy',
        'discount.end_date',
      ],
    );
    expectInvalid(await t.call('user/create', { user: FULL_USER, password: 'sec\u0001ret' }), ['password']);
    expect((await t.ok('user/list')).count).toBe(0);
  });

  it("user/read: 201 for unknown and other dealer's users, 7 for bad ids", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await createUser(t, {}, admin2);
    expectError(await t.call('user/read', { user_id: 999 }), 201);
    expectError(await t.call('user/read', { user_id: foreign }), 201);
    for (const bad of [undefined, 0, -1, 2 ** 31, 'abc', '1.5']) expectInvalid(await t.call('user/read', { user_id: bad }), ['user_id']);
    expect((await t.ok('user/read', { user_id: String(foreign) }, admin2)).value.id).toBe(foreign);
  });
});

describe('user/update', () => {
  let t: TestBackend;
  let userId: number;
  beforeEach(async () => {
    t = await openTestBackend();
    userId = (await t.ok('user/create', { user: FULL_USER, password: 'secret1' })).id;
  });
  afterEach(async () => t.close());

  it('changes the given fields and keeps the others', async () => {
    const before = (await t.ok('user/read', { user_id: userId })).value;
    expect(await t.ok('user/update', { user: { id: userId, first_name: 'Anna', phone: '4917600000000', login: 'anna@example.com' } })).toEqual({
      success: true,
    });
    const after = (await t.ok('user/read', { user_id: userId })).value;
    expect(after).toEqual({ ...before, first_name: 'Anna', phone: '4917600000000', login: 'anna@example.com' });
  });

  it('ignores read-only fields (balance, bonus, creation_date, dealer_id)', async () => {
    const before = (await t.ok('user/read', { user_id: userId })).value;
    await t.ok('user/update', {
      user: { id: userId, balance: 1000, bonus: 50, creation_date: '2000-01-01 00:00:00', dealer_id: 7, trackers_count: 9, tin: 'NEW' },
    });
    expect((await t.ok('user/read', { user_id: userId })).value).toEqual({ ...before, tin: 'NEW' });
  });

  it('sets verified equal to activated when verified is not passed', async () => {
    await t.ok('user/update', { user: { id: userId, activated: true, verified: true } });
    expect((await t.ok('user/read', { user_id: userId })).value).toMatchObject({ activated: true, verified: true });
    await t.ok('user/update', { user: { id: userId, activated: false } });
    expect((await t.ok('user/read', { user_id: userId })).value).toMatchObject({ activated: false, verified: false });
    await t.ok('user/update', { user: { id: userId, activated: true, verified: false } });
    expect((await t.ok('user/read', { user_id: userId })).value).toMatchObject({ activated: true, verified: false });
  });

  it('ignores a changed legal_type (the docs: it will not be changed) and applies the rest of the update', async () => {
    await t.ok('user/update', { user: { id: userId, legal_type: 'sole_trader', first_name: 'Same' } });
    await t.ok('user/update', { user: { id: userId, legal_type: 'individual', first_name: 'Changed' } });
    expect((await t.ok('user/read', { user_id: userId })).value).toMatchObject({ legal_type: 'sole_trader', first_name: 'Changed' });
    // A value outside the three legal types is still a bad parameter, and nothing changes.
    const before = await apiState(t);
    expectInvalid(await t.call('user/update', { user: { id: userId, legal_type: 'company', first_name: 'X' } }), ['user.legal_type']);
    expect(await apiState(t)).toEqual(before);
  });

  it('206 for a login used by another user; the own login is fine', async () => {
    const other = await createUser(t, { login: 'bob@example.com' });
    await t.ok('user/update', { user: { id: userId, login: FULL_USER.login } });
    const before = await apiState(t);
    expectError(await t.call('user/update', { user: { id: userId, login: 'bob@example.com', first_name: 'X' } }), 206);
    expect(await apiState(t)).toEqual(before);
    expect((await t.ok('user/read', { user_id: other })).value.login).toBe('bob@example.com');
  });

  it("201 for an unknown user, another dealer's user and an unknown default_tariff_id", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await createUser(t, { first_name: 'Foreign' }, admin2);
    expectError(await t.call('user/update', { user: { id: 999, first_name: 'X' } }), 201);
    expectError(await t.call('user/update', { user: { id: foreign, first_name: 'X' } }), 201);
    expectError(await t.call('user/update', { user: { id: userId, default_tariff_id: 999 } }), 201);
    expect((await t.ok('user/read', { user_id: foreign }, admin2)).value.first_name).toBe('Foreign');
    expect((await t.ok('user/read', { user_id: userId })).value.default_tariff_id).toBeNull();
  });

  it('sets and clears default_tariff_id', async () => {
    const tariffId = await createTariff(t);
    await t.ok('user/update', { user: { id: userId, default_tariff_id: tariffId } });
    expect((await t.ok('user/read', { user_id: userId })).value.default_tariff_id).toBe(tariffId);
    await t.ok('user/update', { user: { id: userId, default_tariff_id: null } });
    expect((await t.ok('user/read', { user_id: userId })).value.default_tariff_id).toBeNull();
  });

  it('names every bad parameter (7)', async () => {
    expectInvalid(await t.call('user/update', {}), ['user']);
    expectInvalid(await t.call('user/update', { user: { first_name: 'X' } }), ['user.id']);
    for (const bad of [0, -1, 2 ** 31, 'abc']) expectInvalid(await t.call('user/update', { user: { id: bad } }), ['user.id']);
    expectInvalid(await t.call('user/update', { user: { id: userId, login: 'nope', phone: '1', verified: 'no', tin: 'x'.repeat(31) } }), [
      'user.login',
      'user.phone',
      'user.verified',
      'user.tin',
    ]);
    expect((await t.ok('user/read', { user_id: userId })).value.login).toBe(FULL_USER.login);
  });

  it('methods/user/update.ts:12 — the documented discount parameter is stored (it is silently dropped)', async () => {
    const discount = { value: 10, min_trackers: 1, end_date: null, strategy: 'no_summing' };
    await t.ok('user/update', { user: { id: userId }, discount });
    const row = await t.backend.database.get<{ discount: string | null }>('SELECT discount FROM users WHERE id = ?', [userId]);
    expect(JSON.parse(row!.discount ?? 'null')).toEqual(discount);
  });
});

describe('user/change_password', () => {
  let t: TestBackend;
  let userId: number;
  beforeEach(async () => {
    t = await openTestBackend();
    userId = await createUser(t);
  });
  afterEach(async () => t.close());
  const storedHash = async () =>
    (await t.backend.database.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', [userId]))!.password_hash;

  it('stores the new password hashed; the old one no longer verifies', async () => {
    const old = await storedHash();
    expect(await t.ok('user/change_password', { user_id: userId, password: 'new-pass 7' })).toEqual({ success: true });
    const fresh = await storedHash();
    expect(fresh).not.toBe(old);
    expect(fresh).not.toContain('new-pass 7');
    expect(await verifyPassword('new-pass 7', fresh)).toBe(true);
    expect(await verifyPassword('secret1', fresh)).toBe(false);
  });

  it("201 for an unknown user and another dealer's user; nothing changes", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await createUser(t, { login: 'foreign@example.com' }, admin2);
    const before = await apiState(t);
    const foreignHash = (await t.backend.database.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', [foreign]))!.password_hash;
    expectError(await t.call('user/change_password', { user_id: 999999, password: 'another1' }), 201);
    expectError(await t.call('user/change_password', { user_id: foreign, password: 'another1' }), 201);
    expect(await apiState(t)).toEqual(before);
    expect((await t.backend.database.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', [foreign]))!.password_hash).toBe(
      foreignHash,
    );
  });

  it('7 names each bad parameter: a password outside 6 to 20 printable characters, a bad id; nothing changes', async () => {
    const old = await storedHash();
    expectInvalid(await t.call('user/change_password', { user_id: userId, password: '12345' }), ['password']);
    expectInvalid(await t.call('user/change_password', { user_id: userId, password: 'x'.repeat(21) }), ['password']);
    expectInvalid(await t.call('user/change_password', { user_id: userId, password: 'tab\there' }), ['password']);
    expectInvalid(await t.call('user/change_password', { user_id: 'abc' }), ['user_id', 'password']);
    expect(await storedHash()).toBe(old);
  });
});
