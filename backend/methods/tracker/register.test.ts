import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, nextImei, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { apiState, createTariff, createUser, expectError, expectInvalid } from '../../test-support/api-assertions.js';

describe('tracker/register', () => {
  let t: TestBackend;
  let userId: number;
  let tariffId: number;
  beforeEach(async () => {
    t = await openTestBackend();
    userId = await createUser(t, { first_name: 'Ann', last_name: 'Smith' });
    tariffId = await createTariff(t, { type: 'monthly' });
  });
  afterEach(async () => t.close());

  const register = (params: Record<string, unknown>, hash?: string) =>
    t.call('tracker/register', { user_id: userId, label: 'Truck 1', model: 'telfmb920', device_id: nextImei(), tariff_id: tariffId, ...params }, hash);

  it('registers a tracker: {success, id}, and reads back every field', async () => {
    const deviceId = nextImei();
    const result = await register({ device_id: deviceId, phone: '491761234567' });
    expect(result.httpStatus).toBe(200);
    expect(result.body).toEqual({ success: true, id: expect.any(Number) });
    const value = (await t.ok('tracker/read', { tracker_id: result.body.id })).value;
    expect(value).toEqual({
      id: result.body.id,
      clone: false,
      comment: '',
      creation_date: '2026-03-15',
      group_id: 0,
      dealer_id: 1,
      deleted: false,
      label: 'Truck 1',
      user_id: userId,
      source: {
        id: expect.any(Number),
        device_id: deviceId,
        model: 'telfmb920',
        blocked: false,
        tariff_id: tariffId,
        creation_date: '2026-03-15',
        // The first period is due on the day of registration (the daily billing run charges it).
        tariff_end_date: '2026-03-15',
        connection_status: 'just_registered',
        phone: '491761234567',
      },
      model_name: 'Teltonika FMB920',
      last_connection: null,
      owner_name: 'Ann Smith',
    });
  });

  it('makes the first period due today for monthly and everyday tariffs, and none for activeday', async () => {
    const everyday = await createTariff(t, { type: 'everyday' });
    const activeday = await createTariff(t, { type: 'activeday' });
    const e = (await register({ tariff_id: everyday })).body.id;
    const a = (await register({ tariff_id: activeday })).body.id;
    expect((await t.ok('tracker/read', { tracker_id: e })).value.source).toMatchObject({ tariff_id: everyday, tariff_end_date: '2026-03-15' });
    expect((await t.ok('tracker/read', { tracker_id: a })).value.source).toMatchObject({ tariff_id: activeday, tariff_end_date: null });
  });

  it("without tariff_id uses the user's default tariff, then the dealer's, else 7 naming tariff_id", async () => {
    const expectInvalidTariff = await register({ tariff_id: undefined });
    expectInvalid(expectInvalidTariff, ['tariff_id']);
    const dealerDefault = await createTariff(t);
    await t.backend.database.transaction((tx) =>
      tx.run("UPDATE tariff_defaults SET tariff_id = ? WHERE dealer_id = 1 AND device_type = 'tracker'", [dealerDefault]),
    );
    const viaDealer = (await register({ tariff_id: undefined })).body.id;
    expect((await t.ok('tracker/read', { tracker_id: viaDealer })).value.source.tariff_id).toBe(dealerDefault);
    const userDefault = await createTariff(t);
    await t.ok('user/update', { user: { id: userId, default_tariff_id: userDefault } });
    const viaUser = (await register({ tariff_id: undefined })).body.id;
    expect((await t.ok('tracker/read', { tracker_id: viaUser })).value.source.tariff_id).toBe(userDefault);
    // An explicit tariff_id wins over both defaults.
    const explicit = (await register({})).body.id;
    expect((await t.ok('tracker/read', { tracker_id: explicit })).value.source.tariff_id).toBe(tariffId);
  });

  it("201 for an unknown or other dealer's user or tariff, and a non-tracker tariff; nothing registered", async () => {
    const admin2 = await addDealer(t, 2);
    const foreignUser = await createUser(t, {}, admin2);
    const foreignTariff = await createTariff(t, {}, admin2);
    const camera = await createTariff(t, { device_type: 'camera' });
    const before = await apiState(t);
    expectError(await register({ user_id: 999 }), 201);
    expectError(await register({ user_id: foreignUser }), 201);
    expectError(await register({ tariff_id: 999 }), 201);
    expectError(await register({ tariff_id: foreignTariff }), 201);
    expectError(await register({ tariff_id: camera }), 201);
    expect(await apiState(t)).toEqual(before);
    expect((await t.ok('tracker/list', {}, admin2)).count).toBe(0);
  });

  it('220 for an unknown model', async () => {
    expectError(await register({ model: 'nosuchmodel' }), 220);
    expect((await t.ok('tracker/list')).count).toBe(0);
  });

  it("221 (HTTP 403) when the user reached the tariff's device limit", async () => {
    const small = await createTariff(t, { device_limit: 1 });
    await register({ tariff_id: small });
    const before = await apiState(t);
    expectError(await register({ tariff_id: small }), 221);
    expect(await apiState(t)).toEqual(before);
    // Another user on the same tariff has room of their own.
    const other = await createUser(t);
    expect((await register({ user_id: other, tariff_id: small })).body.success).toBe(true);
  });

  it('224 for a device id in use, 223 for a phone in use (any user of the dealer or another dealer)', async () => {
    const deviceId = nextImei();
    await register({ device_id: deviceId, phone: '4917600000001' });
    const other = await createUser(t);
    const before = await apiState(t);
    expectError(await register({ user_id: other, device_id: deviceId }), 224);
    expectError(await register({ user_id: other, phone: '4917600000001' }), 223);
    expect(await apiState(t)).toEqual(before);
    const admin2 = await addDealer(t, 2);
    const foreignUser = await createUser(t, {}, admin2);
    const foreignTariff = await createTariff(t, {}, admin2);
    expectError(await register({ user_id: foreignUser, tariff_id: foreignTariff, device_id: deviceId }, admin2), 224);
    expectError(await register({ user_id: foreignUser, tariff_id: foreignTariff, phone: '4917600000001' }, admin2), 223);
  });

  it('an empty phone means no phone, and phone-less devices do not clash', async () => {
    const a = (await register({ phone: '' })).body.id;
    const b = (await register({ phone: null })).body.id;
    expect((await t.ok('tracker/read', { tracker_id: a })).value.source.phone).toBeNull();
    expect((await t.ok('tracker/read', { tracker_id: b })).value.source.phone).toBeNull();
  });

  it('names every bad parameter (7) and registers nothing', async () => {
    // model may come from a bundle with this IMEI, so its absence is only found once the others are valid.
    expectInvalid(await t.call('tracker/register', {}), ['user_id', 'label', 'device_id']);
    expectInvalid(await register({ model: undefined }), ['model']);
    expectInvalid(await register({ user_id: 0, label: '<b>', model: '', device_id: 'ab', phone: 'abc', tariff_id: -1 }), [
      'user_id',
      'label',
      'model',
      'device_id',
      'phone',
      'tariff_id',
    ]);
    expectInvalid(await register({ user_id: 2 ** 31, label: 'x'.repeat(61), model: 'm'.repeat(65), device_id: 'has space', phone: '1234', tariff_id: 'abc' }), [
      'user_id',
      'label',
      'model',
      'device_id',
      'phone',
      'tariff_id',
    ]);
    expectInvalid(await register({ user_id: 'abc', label: 'bad\u0007bell', device_id: 'd'.repeat(65) }), ['user_id', 'label', 'device_id']);
    expectInvalid(await register({ label: '   ' }), ['label']);
    expectInvalid(await register({ label: '' }), ['label']);
    expect((await t.ok('tracker/list')).count).toBe(0);
  });
});

describe('tracker/list_models', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('lists {code, name, vendor, protocol, has_gsm} sorted by vendor then name', async () => {
    const body = await t.ok('tracker/list_models');
    expect(Object.keys(body).sort()).toEqual(['list', 'success']);
    const list = body.list as { code: string; name: string; vendor: string; protocol: string; has_gsm: boolean }[];
    expect(list.length).toBeGreaterThan(10);
    for (const m of list) expect(Object.keys(m).sort()).toEqual(['code', 'has_gsm', 'name', 'protocol', 'vendor']);
    expect(list).toContainEqual({ code: 'telfmb920', name: 'Teltonika FMB920', vendor: 'Teltonika', protocol: 'teltonika', has_gsm: true });
    expect(list).toContainEqual({ code: 'navixymobile', name: 'Navixy Mobile Tracker (Android)', vendor: 'Navixy', protocol: 'mobile', has_gsm: false });
    const keys = list.map((m) => `${m.vendor}\u0000${m.name}`);
    expect(keys).toEqual([...keys].sort());
    // Every listed code can be registered.
    const userId = await createUser(t);
    const tariffId = await createTariff(t);
    const models = list.slice(0, 3);
    for (const m of models) {
      const { id } = await t.ok('tracker/register', { user_id: userId, label: m.code, model: m.code, device_id: nextImei(), tariff_id: tariffId });
      expect((await t.ok('tracker/read', { tracker_id: id })).value).toMatchObject({ model_name: m.name, source: { model: m.code } });
    }
  });
});
