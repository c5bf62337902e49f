import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, openTestBackend, type TestBackend } from '../../../test-support/harness.js';
import { breakCheckDigit, bundleCount, expectError, expectInvalid, imeis, importBundles, importSimCards, staffWithoutBundles } from './test-support/helpers.js';

let t: TestBackend;
beforeEach(async () => {
  t = await openTestBackend();
});
afterEach(async () => t.close());

describe('tracker/bundle/import', () => {
  it('imports IMEIs given as strings or integers; the bundle object carries the equipment', async () => {
    const [a, b, c] = imeis(3);
    await t.ok('tracker/bundle/import', { imeis: [a, Number(b), c], equip_id: 11, factory_preset: true });
    const list = await t.ok('tracker/bundle/list', {});
    expect(list.count).toBe(3);
    expect(list.list.map((x: any) => x.imei)).toEqual([a, b, c]);
    expect(list.list[0]).toEqual({
      id: list.list[0].id,
      imei: a,
      model_code: 'concoxgt06n',
      equip_id: 11,
      equip_vendor: 'Concox',
      equip_name: 'GPS/GSM terminal Concox GT06N',
      equip_model: 'GT06N',
      iccid: null,
      assign_time: null,
      order_id: null,
      factory_preset: true,
      sim_card: null,
    });
  });

  it('takes query/form spellings: imeis as JSON text, booleans and ids as text', async () => {
    const [a, b] = imeis(2);
    await t.ok('tracker/bundle/import', { imeis: JSON.stringify([a, b]), equip_id: '19', factory_preset: 'false' });
    const value = (await t.ok('tracker/bundle/read', { imei: b })).value;
    expect(value).toMatchObject({ imei: b, equip_id: 19, model_code: 'sinotrackst901', factory_preset: false });
  });

  it('7 names every bad IMEI and every other bad parameter, and writes nothing', async () => {
    const [good, dup] = imeis(2);
    const result = await t.call('tracker/bundle/import', {
      imeis: [good, '12345', breakCheckDigit(dup), 'abcdefghijklmno', dup, dup, null, 1.5, { x: 1 }],
      equip_id: 'x',
      factory_preset: 'maybe',
    });
    expectInvalid(result, ['imeis[1]', 'imeis[2]', 'imeis[3]', 'imeis[5]', 'imeis[6]', 'imeis[7]', 'imeis[8]', 'equip_id', 'factory_preset']);
    const errors = Object.fromEntries((result.body.errors as any[]).map((e) => [e.parameter, e.error]));
    expect(errors['imeis[1]']).toBe('Must be 15 digits');
    expect(errors['imeis[2]']).toBe('Wrong check digit (Luhn)');
    expect(errors['imeis[5]']).toBe('Duplicate of imeis[4]');
    expect(await bundleCount(t)).toBe(0);
  });

  it('7 for a missing, empty, non-array or too long list', async () => {
    expectInvalid(await t.call('tracker/bundle/import', {}), ['imeis', 'equip_id', 'factory_preset']);
    expectInvalid(await t.call('tracker/bundle/import', { imeis: [], equip_id: 1, factory_preset: true }), ['imeis']);
    expectInvalid(await t.call('tracker/bundle/import', { imeis: 'not a list', equip_id: 1, factory_preset: true }), ['imeis']);
    expectInvalid(await t.call('tracker/bundle/import', { imeis: imeis(10_001), equip_id: 1, factory_preset: true }), ['imeis']);
    expect(await bundleCount(t)).toBe(0);
  });

  it('204 for unknown equipment, nothing written', async () => {
    expectError(await t.call('tracker/bundle/import', { imeis: imeis(2), equip_id: 999, factory_preset: false }), 204);
    expect(await bundleCount(t)).toBe(0);
  });

  it('247 lists every IMEI that already exists, nothing written; IMEIs are unique per dealer', async () => {
    const existing = imeis(3);
    await t.ok('tracker/bundle/import', { imeis: existing, equip_id: 1, factory_preset: false });
    const fresh = imeis(2);
    const result = await t.call('tracker/bundle/import', { imeis: [fresh[0], existing[2], fresh[1], existing[0]], equip_id: 2, factory_preset: false });
    expectError(result, 247, { list: [existing[2], existing[0]] });
    expect(await bundleCount(t)).toBe(3);
    // Another dealer's stock is its own: the same IMEIs import there.
    const other = await addDealer(t, 2);
    await t.ok('tracker/bundle/import', { imeis: existing, equip_id: 1, factory_preset: false }, other);
    expect(await bundleCount(t, other)).toBe(3);
  });
});

describe('tracker/bundle/list', () => {
  it('filters over id, imei, model_code, iccid and assign_time; counts ignore paging', async () => {
    const teltonika = await importBundles(t, 3, 1);
    const concox = await importBundles(t, 2, 11);
    const [sim] = await importSimCards(t, 1);
    t.clock.set('2026-04-02T08:30:00Z');
    await t.ok('tracker/bundle/assign', { bundle_id: concox[1]!.id, iccid: sim });

    const byModel = await t.ok('tracker/bundle/list', { filter: 'CONCOX' });
    expect(byModel.count).toBe(2);
    expect(byModel.list.map((b: any) => b.id)).toEqual(concox.map((b) => b.id));

    const byImei = await t.ok('tracker/bundle/list', { filter: teltonika[1]!.imei.slice(8) });
    expect(byImei.list.map((b: any) => b.id)).toEqual([teltonika[1]!.id]);

    const byIccid = await t.ok('tracker/bundle/list', { filter: sim!.slice(-6) });
    expect(byIccid.list.map((b: any) => b.id)).toEqual([concox[1]!.id]);

    const byTime = await t.ok('tracker/bundle/list', { filter: '2026-04-02 08:30' });
    expect(byTime.list.map((b: any) => b.id)).toEqual([concox[1]!.id]);

    const byId = await t.ok('tracker/bundle/list', { filter: String(teltonika[2]!.id) });
    expect(byId.list.map((b: any) => b.id)).toContain(teltonika[2]!.id);

    const none = await t.ok('tracker/bundle/list', { filter: 'no-such-thing_%' });
    expect(none).toEqual({ success: true, list: [], count: 0 });

    const page = await t.ok('tracker/bundle/list', { offset: 1, limit: 2 });
    expect(page.count).toBe(5);
    expect(page.list.map((b: any) => b.id)).toEqual([teltonika[1]!.id, teltonika[2]!.id]);
  });

  it('orders by each documented column, both directions', async () => {
    const a = await importBundles(t, 2, 19);
    const b = await importBundles(t, 2, 1);
    const all = [...a, ...b];
    const ids = async (params: Record<string, unknown>) => (await t.ok('tracker/bundle/list', params)).list.map((x: any) => x.id);
    expect(await ids({ order_by: 'id', ascending: false })).toEqual(all.map((x) => x.id).reverse());
    expect(await ids({ order_by: 'model_code' })).toEqual(
      [...a, ...b].sort((x, y) => x.model_code.localeCompare(y.model_code) || x.id - y.id).map((x) => x.id),
    );
    expect(await ids({ order_by: 'imei', ascending: false })).toEqual([...all].sort((x, y) => y.imei.localeCompare(x.imei)).map((x) => x.id));
    const [sim] = await importSimCards(t, 1);
    await t.ok('tracker/bundle/assign', { bundle_id: a[1]!.id, iccid: sim });
    expect((await ids({ order_by: 'iccid', ascending: false }))[0]).toBe(a[1]!.id);
    expect((await ids({ order_by: 'assign_time', ascending: false }))[0]).toBe(a[1]!.id);
    const order = (await t.ok('order/create', { order: { payer: 'Acme' } })).id;
    await t.ok('tracker/bundle/order/assign', { bundle_id: b[0]!.id, order_id: order });
    expect((await ids({ order_by: 'order_id', ascending: false }))[0]).toBe(b[0]!.id);
    // The copy-pasted clones_filter parameter is accepted and has no effect.
    expect(await ids({ clones_filter: 'exclude_clones' })).toEqual(all.map((x) => x.id));
  });

  it("orders by the later docs' tracker-list values, each mapped to a bundle column", async () => {
    const a = await importBundles(t, 2, 19);
    const b = await importBundles(t, 2, 1);
    const all = [...a, ...b];
    const ids = async (params: Record<string, unknown>) => (await t.ok('tracker/bundle/list', params)).list.map((x: any) => x.id);
    const sorted = (key: (x: Record<string, any>) => string) => [...all].sort((x, y) => key(x).localeCompare(key(y)) || x.id - y.id).map((x) => x.id as number);
    // device_id → imei, model → model_code, label → the equipment's name, both directions
    expect(await ids({ order_by: 'device_id' })).toEqual(sorted((x) => x.imei));
    expect(await ids({ order_by: 'device_id', ascending: false })).toEqual(sorted((x) => x.imei).reverse());
    expect(await ids({ order_by: 'model' })).toEqual(await ids({ order_by: 'model_code' }));
    expect(await ids({ order_by: 'model' })).toEqual(sorted((x) => x.model_code));
    expect(await ids({ order_by: 'label' })).toEqual(sorted((x) => x.equip_name));
    // status and comment: a bundle has neither, so the default order (id)
    expect(await ids({ order_by: 'status' })).toEqual(all.map((x) => x.id));
    expect(await ids({ order_by: 'comment', ascending: false })).toEqual(all.map((x) => x.id).reverse());

    // creation_date → assign_time; phone → the SIM card's phone (bundles without a SIM sort first)
    const [first, second] = await importSimCards(t, 2);
    t.clock.set('2026-03-16T10:00:00Z');
    await t.ok('tracker/bundle/assign', { bundle_id: b[1]!.id, iccid: first });
    t.clock.set('2026-03-17T10:00:00Z');
    await t.ok('tracker/bundle/assign', { bundle_id: a[0]!.id, iccid: second });
    expect((await ids({ order_by: 'creation_date', ascending: false })).slice(0, 2)).toEqual([a[0]!.id, b[1]!.id]);
    expect((await ids({ order_by: 'phone', ascending: false })).slice(0, 2)).toEqual([a[0]!.id, b[1]!.id]);
    expect((await ids({ order_by: 'phone' })).slice(2)).toEqual([b[1]!.id, a[0]!.id]);

    // user_id → the user of the bundle's order
    const early = (await t.ok('user/create', { user: { login: 'early@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    const late = (await t.ok('user/create', { user: { login: 'late@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    const lateOrder = (await t.ok('order/create', { order: { payer: 'Late', user_id: late } })).id;
    const earlyOrder = (await t.ok('order/create', { order: { payer: 'Early', user_id: early } })).id;
    await t.ok('tracker/bundle/order/assign', { bundle_id: a[1]!.id, order_id: lateOrder });
    await t.ok('tracker/bundle/order/assign', { bundle_id: b[0]!.id, order_id: earlyOrder });
    expect((await ids({ order_by: 'user_id', ascending: false })).slice(0, 2)).toEqual([a[1]!.id, b[0]!.id]);
  });

  it('7 for a bad order_by, paging or clones_filter', async () => {
    expectInvalid(await t.call('tracker/bundle/list', { order_by: 'name', limit: 0, offset: -1, clones_filter: 'x', ascending: 'yes' }), [
      'order_by',
      'limit',
      'offset',
      'clones_filter',
      'ascending',
    ]);
  });

  it("lists only the dealer's bundles", async () => {
    await importBundles(t, 2);
    const other = await addDealer(t, 2);
    expect(await t.ok('tracker/bundle/list', {}, other)).toEqual({ success: true, list: [], count: 0 });
  });
});

describe('tracker/bundle/read', () => {
  it('reads by IMEI as a string or an integer', async () => {
    const [bundle] = await importBundles(t, 1);
    expect((await t.ok('tracker/bundle/read', { imei: bundle!.imei })).value).toEqual(bundle);
    expect((await t.ok('tracker/bundle/read', { imei: Number(bundle!.imei) })).value).toEqual(bundle);
  });

  it("201 for an unknown IMEI or another dealer's bundle; 7 for a malformed one", async () => {
    const [bundle] = await importBundles(t, 1);
    expectError(await t.call('tracker/bundle/read', { imei: imeis(1)[0] }), 201);
    const other = await addDealer(t, 2);
    expectError(await t.call('tracker/bundle/read', { imei: bundle!.imei }, other), 201);
    expectInvalid(await t.call('tracker/bundle/read', {}), ['imei']);
    expectInvalid(await t.call('tracker/bundle/read', { imei: '35630704244101' }), ['imei']);
    expectInvalid(await t.call('tracker/bundle/read', { imei: breakCheckDigit(bundle!.imei) }), ['imei']);
  });
});

describe('tracker/bundle/update', () => {
  it('changes the equipment and with it the model code', async () => {
    const [bundle] = await importBundles(t, 1, 1);
    await t.ok('tracker/bundle/update', { bundle_id: bundle!.id, equip_id: 20 });
    expect((await t.ok('tracker/bundle/read', { imei: bundle!.imei })).value).toMatchObject({
      equip_id: 20,
      model_code: 'sinotrackst902',
      equip_model: 'ST-902',
      equip_vendor: 'SinoTrack',
    });
  });

  it("201 unknown or another dealer's bundle, 204 unknown equipment, 7 bad parameters", async () => {
    const [bundle] = await importBundles(t, 1, 1);
    expectError(await t.call('tracker/bundle/update', { bundle_id: bundle!.id + 100, equip_id: 2 }), 201);
    expectError(await t.call('tracker/bundle/update', { bundle_id: bundle!.id, equip_id: 999 }), 204);
    const other = await addDealer(t, 2);
    expectError(await t.call('tracker/bundle/update', { bundle_id: bundle!.id, equip_id: 2 }, other), 201);
    expectInvalid(await t.call('tracker/bundle/update', { bundle_id: 0, equip_id: 'abc' }), ['bundle_id', 'equip_id']);
    expectInvalid(await t.call('tracker/bundle/update', {}), ['bundle_id', 'equip_id']);
    expect((await t.ok('tracker/bundle/read', { imei: bundle!.imei })).value.equip_id).toBe(1);
  });
});

describe('tracker/bundle/assign', () => {
  it('puts a SIM card into the bundle, stamps assign_time; omitting, null or empty iccid takes it out', async () => {
    const [bundle] = await importBundles(t, 1);
    const [iccid] = await importSimCards(t, 1);
    const sim = (await t.ok('sim_card/list', { filter: iccid })).list[0];
    t.clock.set('2026-03-20T12:00:00Z');
    await t.ok('tracker/bundle/assign', { bundle_id: bundle!.id, iccid });
    const value = (await t.ok('tracker/bundle/read', { imei: bundle!.imei })).value;
    expect(value).toMatchObject({
      iccid,
      assign_time: '2026-03-20 12:00:00',
      sim_card: { phone: sim.phone, iccid, apn: 'internet', blocked: false, deleted: false },
    });
    for (const detach of [{}, { iccid: null }, { iccid: '' }]) {
      await t.ok('tracker/bundle/assign', { bundle_id: bundle!.id, ...detach });
      expect((await t.ok('tracker/bundle/read', { imei: bundle!.imei })).value).toMatchObject({ iccid: null, sim_card: null, assign_time: null });
      await t.ok('tracker/bundle/assign', { bundle_id: bundle!.id, iccid });
    }
    await t.ok('tracker/bundle/assign', { bundle_id: bundle!.id });
    // Detaching a bundle without a SIM card is a no-op success.
    await t.ok('tracker/bundle/assign', { bundle_id: bundle!.id });
  });

  it('replaces the SIM card of a bundle; the old one is free again', async () => {
    const [a, b] = await importBundles(t, 2);
    const [first, second] = await importSimCards(t, 2);
    await t.ok('tracker/bundle/assign', { bundle_id: a!.id, iccid: first });
    await t.ok('tracker/bundle/assign', { bundle_id: a!.id, iccid: second });
    expect((await t.ok('tracker/bundle/read', { imei: a!.imei })).value.iccid).toBe(second);
    await t.ok('tracker/bundle/assign', { bundle_id: b!.id, iccid: first });
    expect((await t.ok('tracker/bundle/read', { imei: b!.imei })).value.iccid).toBe(first);
  });

  it('201, 226, 250, 208, 247, 223 and 7, each leaving the bundles as they were', async () => {
    const [a, b] = await importBundles(t, 2);
    const [free, blocked, deleted, held] = await importSimCards(t, 4);
    await t.ok('sim_card/update', { iccid: blocked, blocked: true });
    await t.ok('sim_card/update', { iccid: deleted, deleted: true });
    await t.ok('tracker/bundle/assign', { bundle_id: b!.id, iccid: held });
    const before = await t.ok('tracker/bundle/list', {});

    expectError(await t.call('tracker/bundle/assign', { bundle_id: b!.id + 100, iccid: free }), 201);
    expectError(await t.call('tracker/bundle/assign', { bundle_id: a!.id, iccid: '89490220000000000000' }), 226);
    expectError(await t.call('tracker/bundle/assign', { bundle_id: a!.id, iccid: deleted }), 250);
    expectError(await t.call('tracker/bundle/assign', { bundle_id: a!.id, iccid: blocked }), 208);
    expectError(await t.call('tracker/bundle/assign', { bundle_id: b!.id, iccid: held }), 247);
    expectError(await t.call('tracker/bundle/assign', { bundle_id: a!.id, iccid: held }), 223, { bundle_id: b!.id });
    expectInvalid(await t.call('tracker/bundle/assign', { bundle_id: 'x', iccid: 'ab' }), ['bundle_id', 'iccid']);
    expectInvalid(await t.call('tracker/bundle/assign', { bundle_id: a!.id, iccid: '1'.repeat(21) }), ['iccid']);
    expectInvalid(await t.call('tracker/bundle/assign', { bundle_id: a!.id, iccid: '8949\n0220' }), ['iccid']);
    expectInvalid(await t.call('tracker/bundle/assign', { bundle_id: a!.id, iccid: 89490220 }), ['iccid']);
    expectInvalid(await t.call('tracker/bundle/assign', { iccid: free }), ['bundle_id']);

    expect(await t.ok('tracker/bundle/list', {})).toEqual(before);
  });

  it("another dealer's bundle is 201 and its SIM card 226", async () => {
    const [mine] = await importBundles(t, 1);
    const [myIccid] = await importSimCards(t, 1);
    const other = await addDealer(t, 2);
    const [theirs] = await importBundles(t, 1, 1, other);
    const [theirIccid] = await importSimCards(t, 1, other);
    expectError(await t.call('tracker/bundle/assign', { bundle_id: mine!.id, iccid: theirIccid }, other), 201);
    expectError(await t.call('tracker/bundle/assign', { bundle_id: theirs!.id, iccid: myIccid }, other), 226);
    expectError(await t.call('tracker/bundle/assign', { bundle_id: mine!.id, iccid: theirIccid }), 226);
  });

  it('a SIM card blocked or deleted after assignment stays in the bundle, flagged', async () => {
    const [bundle] = await importBundles(t, 1);
    const [iccid] = await importSimCards(t, 1);
    await t.ok('tracker/bundle/assign', { bundle_id: bundle!.id, iccid });
    await t.ok('sim_card/update', { iccid, blocked: true, deleted: true });
    expect((await t.ok('tracker/bundle/read', { imei: bundle!.imei })).value.sim_card).toMatchObject({ iccid, blocked: true, deleted: true });
    expectError(await t.call('tracker/bundle/assign', { bundle_id: bundle!.id, iccid }), 250);
  });
});

describe('tracker/bundle/order/assign', () => {
  it('ships a bundle against an order and takes it off with null', async () => {
    const [a, b] = await importBundles(t, 2);
    const orderId = (await t.ok('order/create', { order: { payer: 'Leonard Bernstein', amount: 2 } })).id;
    await t.ok('tracker/bundle/order/assign', { bundle_id: a!.id, order_id: orderId });
    await t.ok('tracker/bundle/order/assign', { bundle_id: b!.id, order_id: String(orderId) });
    expect((await t.ok('order/read', { order_id: orderId })).value.bundles.map((x: any) => x.id)).toEqual([a!.id, b!.id]);
    expect((await t.ok('tracker/bundle/read', { imei: a!.imei })).value.order_id).toBe(orderId);
    await t.ok('tracker/bundle/order/assign', { bundle_id: a!.id, order_id: null });
    await t.ok('tracker/bundle/order/assign', { bundle_id: b!.id, order_id: '' });
    expect((await t.ok('order/read', { order_id: orderId })).value.bundles).toEqual([]);
    expect((await t.ok('tracker/bundle/read', { imei: a!.imei })).value.order_id).toBeNull();
  });

  it("201 unknown or another dealer's bundle, 204 unknown or another dealer's order, 7 bad or missing parameters", async () => {
    const [bundle] = await importBundles(t, 1);
    const orderId = (await t.ok('order/create', { order: {} })).id;
    const other = await addDealer(t, 2);
    const theirOrder = (await t.ok('order/create', { order: {} }, other)).id;
    expectError(await t.call('tracker/bundle/order/assign', { bundle_id: bundle!.id + 100, order_id: orderId }), 201);
    expectError(await t.call('tracker/bundle/order/assign', { bundle_id: bundle!.id, order_id: orderId }, other), 201);
    expectError(await t.call('tracker/bundle/order/assign', { bundle_id: bundle!.id, order_id: orderId + 100 }), 204);
    expectError(await t.call('tracker/bundle/order/assign', { bundle_id: bundle!.id, order_id: theirOrder }), 204);
    expectInvalid(await t.call('tracker/bundle/order/assign', { bundle_id: bundle!.id }), ['order_id']);
    expectInvalid(await t.call('tracker/bundle/order/assign', { bundle_id: -1, order_id: 'abc' }), ['bundle_id', 'order_id']);
    expect((await t.ok('tracker/bundle/read', { imei: bundle!.imei })).value.order_id).toBeNull();
  });
});

describe('permissions', () => {
  it('13 for a staff login without tracker_bundles, on every method', async () => {
    const [bundle] = await importBundles(t, 1);
    const [iccid] = await importSimCards(t, 1);
    const orderId = (await t.ok('order/create', { order: {} })).id;
    const staff = await staffWithoutBundles(t);
    const calls: [string, Record<string, unknown>][] = [
      ['tracker/bundle/import', { imeis: imeis(1), equip_id: 1, factory_preset: false }],
      ['tracker/bundle/list', {}],
      ['tracker/bundle/read', { imei: bundle!.imei }],
      ['tracker/bundle/update', { bundle_id: bundle!.id, equip_id: 2 }],
      ['tracker/bundle/assign', { bundle_id: bundle!.id, iccid }],
      ['tracker/bundle/order/assign', { bundle_id: bundle!.id, order_id: orderId }],
      ['sim_card/import', { sim_cards: [{ iccid: '8949000000000000001' }] }],
      ['sim_card/list', {}],
      ['sim_card/update', { iccid, blocked: true }],
      ['equipment/list', {}],
      ['order/create', { order: {} }],
      ['order/list', {}],
      ['order/read', { order_id: orderId }],
    ];
    for (const [path, params] of calls) expectError(await t.call(path, params, staff), 13);
    // Nothing changed.
    expect((await t.ok('tracker/bundle/read', { imei: bundle!.imei })).value).toEqual(bundle);
    expect(await bundleCount(t)).toBe(1);
  });

  it('read-only bundle staff can list and read but not import, update or assign', async () => {
    const [bundle] = await importBundles(t, 1);
    const staff = await staffWithoutBundles(t, { tracker_bundles: ['read'] });
    await t.ok('tracker/bundle/list', {}, staff);
    await t.ok('tracker/bundle/read', { imei: bundle!.imei }, staff);
    await t.ok('equipment/list', {}, staff);
    expectError(await t.call('tracker/bundle/import', { imeis: imeis(1), equip_id: 1, factory_preset: false }, staff), 13);
    expectError(await t.call('tracker/bundle/update', { bundle_id: bundle!.id, equip_id: 2 }, staff), 13);
    expectError(await t.call('tracker/bundle/assign', { bundle_id: bundle!.id }, staff), 13);
  });
});
