import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, nextImei, openTestBackend, seedBasics, type TestBackend } from '../../test-support/harness.js';
import { apiState, createStaff, expectError, expectInvalid } from '../../test-support/api-assertions.js';

describe('tracker/batch_register', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  beforeEach(async () => {
    t = await openTestBackend();
    s = await seedBasics(t);
  });
  afterEach(async () => t.close());

  const item = (fields: Record<string, unknown> = {}) => ({
    user_id: s.userId,
    label: 'Van',
    model: 'telfmb920',
    device_id: nextImei(),
    tariff_id: s.tariffId,
    ...fields,
  });
  const read = async (id: number) => (await t.ok('tracker/read', { tracker_id: id })).value;
  const refused = (code: number, description: string) => ({ error: { code, description } });

  it('registers every item in request order, with its label, phone and comment', async () => {
    const a = item({ label: 'Van 1', phone: '491701234567', comment: 'Left door' });
    const b = item({ label: 'Van 2', user_id: s.otherUserId });
    const body = await t.ok('tracker/batch_register', { trackers: [a, b] });
    expect(body).toEqual({ success: true, list: [{ id: expect.any(Number) }, { id: expect.any(Number) }] });
    const [first, second] = body.list.map((r: any) => r.id);
    expect(await read(first)).toMatchObject({
      label: 'Van 1',
      user_id: s.userId,
      comment: 'Left door',
      source: { device_id: a.device_id, phone: '491701234567' },
    });
    expect(await read(second)).toMatchObject({ label: 'Van 2', user_id: s.otherUserId, comment: '', source: { device_id: b.device_id } });
  });

  it('takes the trackers as JSON text (form encoding)', async () => {
    const body = await t.ok('tracker/batch_register', { trackers: JSON.stringify([item()]) });
    expect(body.list).toEqual([{ id: expect.any(Number) }]);
  });

  it('per item: 201, 220, 221, 223, 224 and 7 refuse only their item, the others are registered', async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    const small = (await t.ok('tariff/create', { tariff: { name: 'One', type: 'monthly', price: 1, device_limit: 2 } })).id;
    const taken = await read(s.trackerId);
    const phone = '491700000001';
    const list = [
      item({ user_id: 999 }),
      item({ user_id: foreign.userId }),
      item({ tariff_id: foreign.tariffId }),
      item({ model: 'no-such-model' }),
      item({ device_id: taken.source.device_id }),
      item({ phone }),
      item({ phone }),
      item({ model: undefined }),
      item({ user_id: s.otherUserId, tariff_id: small }),
      item({ user_id: s.otherUserId, tariff_id: small }),
      item({ user_id: s.otherUserId, tariff_id: small }),
    ];
    const dup = list[10]!.device_id;
    list.push(item({ device_id: dup }));
    const before = (await t.ok('tracker/list', {})).count;
    const body = await t.ok('tracker/batch_register', { trackers: list });
    expect(body.list).toEqual([
      refused(201, 'Not found in database'),
      refused(201, 'Not found in database'),
      refused(201, 'Not found in database'),
      refused(220, 'Unknown device model'),
      refused(224, 'Device ID already in use'),
      { id: expect.any(Number) },
      refused(223, 'Phone number already in use'),
      { error: { code: 7, description: 'Invalid parameters', errors: [{ parameter: 'model', error: 'Required (no bundle has this device id)' }] } },
      { id: expect.any(Number) },
      { id: expect.any(Number) },
      refused(221, 'Device limit exceeded'),
      // The refused item's device id was not registered: free again for a later item.
      { id: expect.any(Number) },
    ]);
    expect((await t.ok('tracker/list', {})).count).toBe(before + 4);
    expect((await t.ok('tracker/list', {}, admin2)).count).toBe(1);
  });

  it('a later item repeating a device id registered earlier in the call gets 224', async () => {
    const a = item();
    const body = await t.ok('tracker/batch_register', { trackers: [a, { ...a, label: 'Again' }] });
    expect(body.list).toEqual([{ id: expect.any(Number) }, refused(224, 'Device ID already in use')]);
  });

  it('13 without trackers: create, and the refusal changes nothing', async () => {
    const staff = await createStaff(t, { trackers: ['read', 'update', 'delete'], users: ['read'] });
    const before = await apiState(t);
    expectError(await t.call('tracker/batch_register', { trackers: [item()] }, staff.hash), 13);
    expect(await apiState(t)).toEqual(before);
    const allowed = await createStaff(t, { trackers: ['create'] });
    expect((await t.ok('tracker/batch_register', { trackers: [item()] }, allowed.hash)).list).toEqual([{ id: expect.any(Number) }]);
  });

  it("another dealer's users and plans are unknown (201), its trackers untouched", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    const before = await apiState(t, admin2);
    const body = await t.ok('tracker/batch_register', { trackers: [item({ user_id: foreign.userId, tariff_id: foreign.tariffId })] });
    expect(body.list).toEqual([refused(201, 'Not found in database')]);
    expect(await apiState(t, admin2)).toEqual(before);
  });

  it('names every bad parameter (7) and registers nothing, the good items neither', async () => {
    const before = await apiState(t);
    expectInvalid(await t.call('tracker/batch_register', {}), ['trackers']);
    expectInvalid(await t.call('tracker/batch_register', { trackers: [] }), ['trackers']);
    expectInvalid(await t.call('tracker/batch_register', { trackers: 'abc' }), ['trackers']);
    expectInvalid(await t.call('tracker/batch_register', { trackers: item() }), ['trackers']);
    expectInvalid(await t.call('tracker/batch_register', { trackers: [item(), item({ device_id: 'x' }), item({ label: '' }), item({ user_id: 0 })] }), [
      'trackers.1.device_id',
      'trackers.2.label',
      'trackers.3.user_id',
    ]);
    expectInvalid(await t.call('tracker/batch_register', { trackers: [item({ phone: 'abc', comment: 'x'.repeat(3001), tariff_id: -1 })] }), [
      'trackers.0.phone',
      'trackers.0.comment',
      'trackers.0.tariff_id',
    ]);
    expectInvalid(await t.call('tracker/batch_register', { trackers: Array.from({ length: 1001 }, () => item()) }), ['trackers']);
    expect(await apiState(t)).toEqual(before);
  });

  it('1,000 items are one call', async () => {
    const big = (await t.ok('tariff/create', { tariff: { name: 'Big', type: 'monthly', price: 1, device_limit: 5000 } })).id;
    const body = await t.ok('tracker/batch_register', { trackers: Array.from({ length: 1000 }, (_, i) => item({ label: `T${i}`, tariff_id: big })) });
    expect(body.list.filter((r: any) => 'id' in r)).toHaveLength(1000);
  });
});
