import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { apiState, createTariff, expectError, expectInvalid } from '../../test-support/api-assertions.js';

const PREMIUM = {
  name: 'Premium',
  group_id: 3,
  active: false,
  type: 'monthly',
  price: 12.55,
  early_change_price: 23,
  device_limit: 2000,
  has_reports: false,
  store_period: '3m',
  device_type: 'tracker',
  proportional_charge: true,
  service_prices: { incoming_sms: 0.3, outgoing_sms: 0.3, service_sms: 0.2, phone_call: 0.6, traffic: 0.09 },
  doc_type: 2,
};

const ids = (body: Record<string, any>) => (body.list as { id: number }[]).map((x) => x.id);

describe('tariff/create and tariff/read', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('creates a tariff and reads back exactly the object', async () => {
    const created = await t.ok('tariff/create', { tariff: PREMIUM });
    expect(Object.keys(created).sort()).toEqual(['id', 'success']);
    expect(await t.ok('tariff/read', { tariff_id: created.id })).toEqual({ success: true, value: { id: created.id, ...PREMIUM } });
  });

  it('fills documented defaults for omitted optional fields', async () => {
    const { id } = await t.ok('tariff/create', { tariff: { name: 'Lite', type: 'activeday', price: 0.5, device_limit: 5 } });
    expect((await t.ok('tariff/read', { tariff_id: id })).value).toEqual({
      id,
      name: 'Lite',
      group_id: 0,
      active: true,
      type: 'activeday',
      price: 0.5,
      early_change_price: null,
      device_limit: 5,
      has_reports: true,
      store_period: '1y',
      device_type: 'tracker',
      proportional_charge: false,
      service_prices: { incoming_sms: 0, outgoing_sms: 0, service_sms: 0, phone_call: 0, traffic: 0 },
      doc_type: 0,
    });
  });

  it('accepts the tariff object as JSON text with string numbers (form encoding)', async () => {
    const { id } = await t.ok('tariff/create', { tariff: JSON.stringify({ ...PREMIUM, name: 'Form' }) });
    expect((await t.ok('tariff/read', { tariff_id: String(id) })).value).toEqual({ id, ...PREMIUM, name: 'Form' });
  });

  it('214 when the device type does not support the tariff type', async () => {
    expectError(await t.call('tariff/create', { tariff: { ...PREMIUM, device_type: 'camera', type: 'activeday' } }), 214);
    expectError(await t.call('tariff/create', { tariff: { ...PREMIUM, device_type: 'socket', type: 'everyday' } }), 214);
    expect((await t.ok('tariff/list')).count).toBe(0);
    expect((await t.ok('tariff/create', { tariff: { ...PREMIUM, device_type: 'camera', type: 'monthly' } })).id).toEqual(expect.any(Number));
  });

  it('244 for a name the dealer already uses (after trimming); another dealer may use it', async () => {
    await t.ok('tariff/create', { tariff: PREMIUM });
    const before = await apiState(t);
    expectError(await t.call('tariff/create', { tariff: { ...PREMIUM, price: 1 } }), 244);
    expectError(await t.call('tariff/create', { tariff: { ...PREMIUM, name: '  Premium ' } }), 244);
    expect(await apiState(t)).toEqual(before);
    const admin2 = await addDealer(t, 2);
    expect((await t.ok('tariff/create', { tariff: PREMIUM }, admin2)).id).toEqual(expect.any(Number));
  });

  it('names every bad parameter (7) and creates nothing', async () => {
    expectInvalid(await t.call('tariff/create', {}), ['tariff']);
    expectInvalid(await t.call('tariff/create', { tariff: 'nope' }), ['tariff']);
    expectInvalid(await t.call('tariff/create', { tariff: {} }), ['tariff.name', 'tariff.type', 'tariff.price', 'tariff.device_limit']);
    expectInvalid(
      await t.call('tariff/create', {
        tariff: {
          name: '   ',
          type: 'weekly',
          price: -1,
          device_limit: 1.5,
          group_id: -1,
          active: 'maybe',
          early_change_price: 'abc',
          store_period: '10w',
          device_type: 'drone',
          doc_type: 4,
          service_prices: { incoming_sms: -1 },
        },
      }),
      [
        'tariff.name',
        'tariff.type',
        'tariff.price',
        'tariff.device_limit',
        'tariff.group_id',
        'tariff.active',
        'tariff.early_change_price',
        'tariff.store_period',
        'tariff.device_type',
        'tariff.doc_type',
        'tariff.service_prices.incoming_sms',
        'tariff.service_prices.outgoing_sms',
        'tariff.service_prices.service_sms',
        'tariff.service_prices.phone_call',
        'tariff.service_prices.traffic',
      ],
    );
    expectInvalid(await t.call('tariff/create', { tariff: { ...PREMIUM, name: 'n'.repeat(101) } }), ['tariff.name']);
    expect((await t.ok('tariff/list')).count).toBe(0);
  });

  it("tariff/read: 201 for unknown and other dealer's tariffs, 7 for bad ids", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await createTariff(t, {}, admin2);
    expectError(await t.call('tariff/read', { tariff_id: 999 }), 201);
    expectError(await t.call('tariff/read', { tariff_id: foreign }), 201);
    for (const bad of [undefined, 0, -1, 2 ** 31, 'abc']) expectInvalid(await t.call('tariff/read', { tariff_id: bad }), ['tariff_id']);
  });
});

describe('tariff/update', () => {
  let t: TestBackend;
  let id: number;
  beforeEach(async () => {
    t = await openTestBackend();
    id = (await t.ok('tariff/create', { tariff: PREMIUM })).id;
  });
  afterEach(async () => t.close());

  it('replaces the tariff; device_type is ignored', async () => {
    const changed = { ...PREMIUM, name: 'Premium+', price: 15, type: 'everyday', early_change_price: null, doc_type: 1, device_type: 'camera' };
    expect(await t.ok('tariff/update', { tariff: { id, ...changed } })).toEqual({ success: true });
    expect((await t.ok('tariff/read', { tariff_id: id })).value).toEqual({ id, ...changed, device_type: 'tracker' });
  });

  it('methods/tariff/tariff-params.ts:29 — an update without doc_type (which Navixy clients never send) keeps the stored doc_type', async () => {
    const { doc_type: _omitted, ...navixyObject } = PREMIUM;
    await t.ok('tariff/update', { tariff: { id, ...navixyObject, price: 14 } });
    expect((await t.ok('tariff/read', { tariff_id: id })).value).toMatchObject({ price: 14, doc_type: 2 });
  });

  it("keeps its own name without 244; 244 for another tariff's name", async () => {
    await t.ok('tariff/update', { tariff: { id, ...PREMIUM, price: 13 } });
    const other = await createTariff(t, { name: 'Basic' });
    const before = await apiState(t);
    expectError(await t.call('tariff/update', { tariff: { id: other, ...PREMIUM, price: 1 } }), 244);
    expect(await apiState(t)).toEqual(before);
  });

  it('214 when the stored device type does not support the new type', async () => {
    const camera = await createTariff(t, { device_type: 'camera', name: 'Cam' });
    expectError(await t.call('tariff/update', { tariff: { id: camera, ...PREMIUM, name: 'Cam', type: 'activeday' } }), 214);
    expect((await t.ok('tariff/read', { tariff_id: camera })).value.type).toBe('monthly');
  });

  it("201 for unknown and other dealer's tariffs", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await createTariff(t, { name: 'Theirs' }, admin2);
    expectError(await t.call('tariff/update', { tariff: { id: 999, ...PREMIUM } }), 201);
    expectError(await t.call('tariff/update', { tariff: { id: foreign, ...PREMIUM, name: 'Hijacked' } }), 201);
    expect((await t.ok('tariff/read', { tariff_id: foreign }, admin2)).value.name).toBe('Theirs');
  });

  it('names every bad parameter (7)', async () => {
    expectInvalid(await t.call('tariff/update', {}), ['tariff']);
    expectInvalid(await t.call('tariff/update', { tariff: { ...PREMIUM } }), ['tariff.id']);
    for (const bad of [0, -1, 2 ** 31, 'abc']) expectInvalid(await t.call('tariff/update', { tariff: { ...PREMIUM, id: bad } }), ['tariff.id']);
    expectInvalid(await t.call('tariff/update', { tariff: { ...PREMIUM, id, price: 'free', device_limit: -1 } }), ['tariff.price', 'tariff.device_limit']);
    expect((await t.ok('tariff/read', { tariff_id: id })).value).toEqual({ id, ...PREMIUM });
  });
});

describe('tariff/list', () => {
  let t: TestBackend;
  let a: number;
  let b: number;
  let c: number;
  beforeEach(async () => {
    t = await openTestBackend();
    a = await createTariff(t, { name: 'beta', price: 70, group_id: 2, device_type: 'tracker' });
    b = await createTariff(t, { name: 'Alpha', price: 40, group_id: 3, device_type: 'socket' });
    c = await createTariff(t, { name: 'Gamma', price: 56.5, group_id: 1, device_type: 'camera' });
  });
  afterEach(async () => t.close());

  it('answers list, wholesale_service_prices and count', async () => {
    const body = await t.ok('tariff/list');
    expect(Object.keys(body).sort()).toEqual(['count', 'list', 'success', 'wholesale_service_prices']);
    expect(body.count).toBe(3);
    expect(ids(body)).toEqual([a, b, c]);
    expect(body.list[1]).toEqual((await t.ok('tariff/read', { tariff_id: b })).value);
    expect(Object.keys(body.wholesale_service_prices).sort()).toEqual(['incoming_sms', 'outgoing_sms', 'phone_call', 'service_sms', 'traffic']);
  });

  it('orders by each documented column, ascending and descending', async () => {
    const expected: Record<string, number[]> = {
      id: [a, b, c],
      name: [b, a, c],
      device_type: [c, b, a],
      group_id: [c, a, b],
      price: [b, c, a],
    };
    for (const [orderBy, order] of Object.entries(expected)) {
      expect(ids(await t.ok('tariff/list', { order_by: orderBy })), orderBy).toEqual(order);
      expect(ids(await t.ok('tariff/list', { order_by: orderBy, ascending: 'false' })), `${orderBy} desc`).toEqual([...order].reverse());
    }
  });

  it('filters by device_type and by substring of id, name, price, device_type', async () => {
    expect(ids(await t.ok('tariff/list', { device_type: 'camera' }))).toEqual([c]);
    expect(ids(await t.ok('tariff/list', { filter: 'ALPH' }))).toEqual([b]);
    expect(ids(await t.ok('tariff/list', { filter: '56.5' }))).toEqual([c]);
    expect(ids(await t.ok('tariff/list', { filter: 'sock' }))).toEqual([b]);
    expect(ids(await t.ok('tariff/list', { filter: String(c) }))).toEqual([c]);
    expect(await t.ok('tariff/list', { filter: 'nothing-like-this' })).toMatchObject({ list: [], count: 0 });
  });

  it('pages; count ignores paging; offset past the end is empty', async () => {
    expect(await t.ok('tariff/list', { offset: 1, limit: 1 })).toMatchObject({ count: 3, list: [expect.objectContaining({ id: b })] });
    expect(await t.ok('tariff/list', { offset: 5 })).toMatchObject({ count: 3, list: [] });
  });

  it("lists only the calling dealer's tariffs", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await createTariff(t, { name: 'beta' }, admin2);
    expect(ids(await t.ok('tariff/list', {}, admin2))).toEqual([foreign]);
    expect(ids(await t.ok('tariff/list', { filter: 'beta' }))).toEqual([a]);
  });

  it('names every bad parameter (7)', async () => {
    expectInvalid(await t.call('tariff/list', { limit: 0, offset: -1, order_by: 'cost', ascending: 'up', device_type: 'drone' }), [
      'limit',
      'offset',
      'order_by',
      'ascending',
      'device_type',
    ]);
    expectError(await t.call('tariff/list', { limit: 1001 }), 212);
  });
});
