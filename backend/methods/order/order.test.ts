import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { expectError, expectInvalid, importBundles, importSimCards, staffWithoutBundles } from '../tracker/bundle/test-support/helpers.js';

let t: TestBackend;
beforeEach(async () => {
  t = await openTestBackend();
});
afterEach(async () => t.close());

const createUser = async (hash = t.adminHash) =>
  (
    await t.ok(
      'user/create',
      { user: { login: `o${Math.random().toString(36).slice(2)}@example.com`, legal_type: 'individual', first_name: 'Leonard' }, password: 'secret1' },
      hash,
    )
  ).id as number;

describe('order/create and order/read', () => {
  it('creates an order and reads it with its bundles', async () => {
    const userId = await createUser();
    const { id } = await t.ok('order/create', {
      order: {
        user_id: userId,
        amount: 2,
        sum: 343.5,
        payer: 'Leonard Bernstein',
        recipient: 'Leonard Bernstein',
        contacts: '+49 341 000000',
        place: '04105 Leipzig, Tieckstrasse 2',
        comment: 'Two trackers',
      },
    });
    const [a, b] = await importBundles(t, 2, 10);
    const [iccid] = await importSimCards(t, 1);
    await t.ok('tracker/bundle/assign', { bundle_id: a!.id, iccid });
    await t.ok('tracker/bundle/order/assign', { bundle_id: a!.id, order_id: id });
    await t.ok('tracker/bundle/order/assign', { bundle_id: b!.id, order_id: id });
    const { value } = await t.ok('order/read', { order_id: id });
    const bundleA = (await t.ok('tracker/bundle/read', { imei: a!.imei })).value;
    expect(value).toEqual({
      id,
      user_id: userId,
      seller_id: 1,
      amount: 2,
      sum: 343.5,
      type: 'equip',
      payer: 'Leonard Bernstein',
      recipient: 'Leonard Bernstein',
      contacts: '+49 341 000000',
      place: '04105 Leipzig, Tieckstrasse 2',
      comment: 'Two trackers',
      creation_time: '2026-03-15 10:00:00',
      status: 'created',
      bundles_count: 2,
      bundles: [bundleA, { ...b, order_id: id }],
    });
    expect(bundleA).toMatchObject({
      equip_id: 10,
      equip_vendor: 'Teltonika',
      equip_name: 'GPS/GSM terminal Teltonika FM1100',
      equip_model: 'FM1100',
      model_code: 'telfm1100',
      iccid,
      order_id: id,
    });
  });

  it('fills defaults for a minimal order', async () => {
    const { id } = await t.ok('order/create', { order: {} });
    expect((await t.ok('order/read', { order_id: String(id) })).value).toMatchObject({
      id,
      user_id: null,
      amount: 1,
      sum: 0,
      payer: '',
      status: 'created',
      bundles: [],
    });
    // Form encoding: the order object as JSON text.
    const second = await t.ok('order/create', { order: JSON.stringify({ payer: 'Acme', sum: '10.25' }) });
    expect((await t.ok('order/read', { order_id: second.id })).value).toMatchObject({ payer: 'Acme', sum: 10.25 });
  });

  it("201 unknown or another dealer's order; 204 unknown or another dealer's user; 7 bad fields", async () => {
    const { id } = await t.ok('order/create', { order: {} });
    expectError(await t.call('order/read', { order_id: id + 100 }), 201);
    const other = await addDealer(t, 2);
    expectError(await t.call('order/read', { order_id: id }, other), 201);
    expectInvalid(await t.call('order/read', {}), ['order_id']);
    const userId = await createUser();
    expectError(await t.call('order/create', { order: { user_id: userId } }, other), 204);
    expectError(await t.call('order/create', { order: { user_id: userId + 100 } }), 204);
    expectInvalid(await t.call('order/create', { order: { amount: 0, sum: -1, payer: 'x'.repeat(256), comment: 7, user_id: 'me' } }), [
      'order.amount',
      'order.sum',
      'order.payer',
      'order.comment',
      'order.user_id',
    ]);
    expectInvalid(await t.call('order/create', { order: { sum: 1.234 } }), ['order.sum']);
    expectInvalid(await t.call('order/create', {}), ['order']);
    expect((await t.ok('order/list', {})).count).toBe(1);
  });
});

describe('order/list', () => {
  it('lists, filters, orders and pages the dealer’s orders', async () => {
    const ids: number[] = [];
    for (const [payer, sum] of [
      ['Acme GmbH', 30],
      ['Bernstein', 10],
      ['Acme Ltd', 20],
    ] as const) {
      ids.push((await t.ok('order/create', { order: { payer, sum } })).id);
    }
    const [bundle] = await importBundles(t, 1);
    await t.ok('tracker/bundle/order/assign', { bundle_id: bundle!.id, order_id: ids[1] });
    const all = await t.ok('order/list', {});
    expect(all.count).toBe(3);
    expect(all.list.map((o: any) => o.id)).toEqual(ids);
    expect(all.list[1]).toMatchObject({ payer: 'Bernstein', sum: 10, bundles_count: 1 });
    expect(all.list[1].bundles).toBeUndefined();
    expect((await t.ok('order/list', { filter: 'acme' })).list.map((o: any) => o.id)).toEqual([ids[0], ids[2]]);
    expect((await t.ok('order/list', { order_by: 'sum' })).list.map((o: any) => o.id)).toEqual([ids[1], ids[2], ids[0]]);
    const page = await t.ok('order/list', { ascending: false, offset: 1, limit: 1 });
    expect(page.count).toBe(3);
    expect(page.list.map((o: any) => o.id)).toEqual([ids[1]]);
    expectInvalid(await t.call('order/list', { order_by: 'payer' }), ['order_by']);
    const other = await addDealer(t, 2);
    expect(await t.ok('order/list', {}, other)).toEqual({ success: true, list: [], count: 0 });
  });

  it('13 without tracker_bundles', async () => {
    const { id } = await t.ok('order/create', { order: {} });
    const staff = await staffWithoutBundles(t);
    expectError(await t.call('order/list', {}, staff), 13);
    expectError(await t.call('order/read', { order_id: id }, staff), 13);
    expectError(await t.call('order/create', { order: {} }, staff), 13);
    const readOnly = await staffWithoutBundles(t, { tracker_bundles: ['read'] });
    await t.ok('order/read', { order_id: id }, readOnly);
    expectError(await t.call('order/create', { order: {} }, readOnly), 13);
  });
});
