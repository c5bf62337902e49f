import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { expectError, expectInvalid, iccids, importBundles, nextPhone, staffWithoutBundles } from '../tracker/bundle/test-support/helpers.js';

let t: TestBackend;
beforeEach(async () => {
  t = await openTestBackend();
});
afterEach(async () => t.close());

const simCount = async (hash = t.adminHash) => (await t.ok('sim_card/list', { limit: 1 }, hash)).count as number;

describe('sim_card/import', () => {
  it('imports SIM cards with optional phone and apn', async () => {
    const [a, b, c] = iccids(3);
    const phone = nextPhone();
    await t.ok('sim_card/import', { sim_cards: [{ iccid: a, phone, apn: 'internet.t-mobile' }, { iccid: b }, { iccid: c, phone: null, apn: null }] });
    const list = await t.ok('sim_card/list', {});
    expect(list).toEqual({
      success: true,
      count: 3,
      list: [
        { iccid: a, phone, apn: 'internet.t-mobile', blocked: false, deleted: false, bundle_id: null },
        { iccid: b, phone: null, apn: null, blocked: false, deleted: false, bundle_id: null },
        { iccid: c, phone: null, apn: null, blocked: false, deleted: false, bundle_id: null },
      ],
    });
  });

  it('takes the list as JSON text (query/form encoding)', async () => {
    const [a] = iccids(1);
    await t.ok('sim_card/import', { sim_cards: JSON.stringify([{ iccid: a, phone: nextPhone() }]) });
    expect(await simCount()).toBe(1);
  });

  it('7 names every bad or repeated field, nothing written', async () => {
    const [a, b] = iccids(2);
    const phone = nextPhone();
    const result = await t.call('sim_card/import', {
      sim_cards: [
        { iccid: a, phone },
        { iccid: 'ab' },
        { iccid: '1'.repeat(21), phone: '12ab' },
        { iccid: a },
        { iccid: b, phone, apn: '' },
        'not an object',
        { phone: nextPhone(), apn: 'x\u0007' },
      ],
    });
    expectInvalid(result, [
      'sim_cards[1].iccid',
      'sim_cards[2].iccid',
      'sim_cards[2].phone',
      'sim_cards[3].iccid',
      'sim_cards[4].phone',
      'sim_cards[5]',
      'sim_cards[6].iccid',
      'sim_cards[6].apn',
    ]);
    const errors = Object.fromEntries((result.body.errors as any[]).map((e) => [e.parameter, e.error]));
    expect(errors['sim_cards[3].iccid']).toBe('Duplicate of sim_cards[0].iccid');
    expect(errors['sim_cards[4].phone']).toBe('Duplicate of sim_cards[0].phone');
    expect(await simCount()).toBe(0);
    expectInvalid(await t.call('sim_card/import', { sim_cards: [] }), ['sim_cards']);
    expectInvalid(await t.call('sim_card/import', {}), ['sim_cards']);
  });

  it('247 lists every ICCID that exists; 223 every phone in use; nothing written; unique per dealer', async () => {
    const [a, b, c, d] = iccids(4);
    const phone = nextPhone();
    await t.ok('sim_card/import', { sim_cards: [{ iccid: a, phone }, { iccid: b }] });
    expectError(await t.call('sim_card/import', { sim_cards: [{ iccid: c }, { iccid: b }, { iccid: a }] }), 247, { list: [b, a] });
    expectError(await t.call('sim_card/import', { sim_cards: [{ iccid: c }, { iccid: d, phone }] }), 223, { list: [phone] });
    expect(await simCount()).toBe(2);
    const other = await addDealer(t, 2);
    await t.ok('sim_card/import', { sim_cards: [{ iccid: a, phone }] }, other);
    expect(await simCount(other)).toBe(1);
  });

  it('a deleted SIM card frees its phone', async () => {
    const [a, b] = iccids(2);
    const phone = nextPhone();
    await t.ok('sim_card/import', { sim_cards: [{ iccid: a, phone }] });
    await t.ok('sim_card/update', { iccid: a, deleted: true });
    await t.ok('sim_card/import', { sim_cards: [{ iccid: b, phone }] });
    // Bringing the old card back would put the phone on two cards.
    expectError(await t.call('sim_card/update', { iccid: a, deleted: false }), 223);
  });

  it('imports 10,000 SIM cards at once', async () => {
    const list = iccids(10_000).map((iccid) => ({ iccid, phone: nextPhone(), apn: 'internet' }));
    await t.ok('sim_card/import', { sim_cards: list });
    expect(await simCount()).toBe(10_000);
  });
});

describe('sim_card/list', () => {
  it('filters over iccid, phone and apn, pages, orders and shows the holding bundle', async () => {
    const [a, b, c] = iccids(3);
    await t.ok('sim_card/import', {
      sim_cards: [
        { iccid: a, phone: '4917000000001', apn: 'web.vodafone.de' },
        { iccid: b, phone: '4917000000002', apn: 'internet.telekom' },
        { iccid: c, phone: '4917000000003', apn: 'INTERNET.TELEKOM' },
      ],
    });
    const [bundle] = await importBundles(t, 1);
    await t.ok('tracker/bundle/assign', { bundle_id: bundle!.id, iccid: b });
    const iccidsOf = async (params: Record<string, unknown>) => (await t.ok('sim_card/list', params)).list.map((s: any) => s.iccid);
    expect(await iccidsOf({ filter: 'telekom' })).toEqual([b, c]);
    expect(await iccidsOf({ filter: '0000003' })).toEqual([c]);
    expect(await iccidsOf({ filter: a.slice(-5) })).toEqual([a]);
    expect(await iccidsOf({ order_by: 'phone', ascending: false })).toEqual([c, b, a]);
    expect(await iccidsOf({ order_by: 'bundle_id', ascending: false })).toEqual([b, c, a]);
    const page = await t.ok('sim_card/list', { offset: 2, limit: 1 });
    expect(page.count).toBe(3);
    expect(page.list.map((s: any) => s.iccid)).toEqual([c]);
    expect((await t.ok('sim_card/list', { filter: b })).list[0].bundle_id).toBe(bundle!.id);
    expectInvalid(await t.call('sim_card/list', { order_by: 'id', limit: 0 }), ['order_by', 'limit']);
    const other = await addDealer(t, 2);
    expect(await t.ok('sim_card/list', {}, other)).toEqual({ success: true, list: [], count: 0 });
  });
});

describe('sim_card/update', () => {
  it('changes blocked, deleted, phone and apn; each may be left out', async () => {
    const [a] = iccids(1);
    await t.ok('sim_card/import', { sim_cards: [{ iccid: a, phone: '4917100000001', apn: 'old' }] });
    await t.ok('sim_card/update', { iccid: a, blocked: true });
    await t.ok('sim_card/update', { iccid: a, phone: '4917100000002', apn: 'new' });
    expect((await t.ok('sim_card/list', {})).list[0]).toEqual({
      iccid: a,
      phone: '4917100000002',
      apn: 'new',
      blocked: true,
      deleted: false,
      bundle_id: null,
    });
    await t.ok('sim_card/update', { iccid: a, blocked: 'false', deleted: 'true', phone: '', apn: null });
    expect((await t.ok('sim_card/list', {})).list[0]).toMatchObject({ phone: null, apn: null, blocked: false, deleted: true });
  });

  it("201 unknown or another dealer's ICCID, 223 phone in use, 7 bad or no fields", async () => {
    const [a, b] = iccids(2);
    await t.ok('sim_card/import', {
      sim_cards: [
        { iccid: a, phone: '4917200000001' },
        { iccid: b, phone: '4917200000002' },
      ],
    });
    expectError(await t.call('sim_card/update', { iccid: '894900000000000000', blocked: true }), 201);
    const other = await addDealer(t, 2);
    expectError(await t.call('sim_card/update', { iccid: a, blocked: true }, other), 201);
    expectError(await t.call('sim_card/update', { iccid: a, phone: '4917200000002' }), 223);
    expectInvalid(await t.call('sim_card/update', { iccid: a }), ['blocked']);
    expectInvalid(await t.call('sim_card/update', { iccid: 'x', blocked: 'no', phone: '+49', apn: 5 }), ['iccid', 'blocked', 'phone', 'apn']);
    expect((await t.ok('sim_card/list', { filter: a })).list[0]).toMatchObject({ phone: '4917200000001', blocked: false });
  });

  it('13 without tracker_bundles: update', async () => {
    const [a] = iccids(1);
    await t.ok('sim_card/import', { sim_cards: [{ iccid: a }] });
    const staff = await staffWithoutBundles(t, { tracker_bundles: ['read', 'create'] });
    await t.ok('sim_card/list', {}, staff);
    expectError(await t.call('sim_card/update', { iccid: a, blocked: true }, staff), 13);
    const readOnly = await staffWithoutBundles(t, { tracker_bundles: ['read'] });
    expectError(await t.call('sim_card/import', { sim_cards: [{ iccid: iccids(1)[0] }] }, readOnly), 13);
  });
});
