import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, openTestBackend, seedBasics, type TestBackend } from '../../test-support/harness.js';
import { createTariff, createUser, expectError, expectInvalid, setSourceColumns, startIdsAfter } from '../../test-support/api-assertions.js';

const ids = (body: Record<string, any>) => (body.list as { id: number }[]).map((x) => x.id);

/**
 * Four trackers whose ids, source ids and user ids share no digits (sequences moved apart), so
 * each filter below can match through one field only:
 *   t1 1001 src 701 user A  'delta'   telfmb920      dev-c-9 5559997 tariff T1 comment 'b'  2026-03-16
 *   t2 1002 src 702 user B  'Alpha'   concoxgt06n    dev-a-9 5559995 tariff T2 comment 'C'  2026-03-17
 *   t3 1003 src 703 user A  'charlie' sinotrackst901 dev-b-9 (none)  tariff T1 comment 'a'  2026-03-15
 *   c4 1004 src 701 user B  'Bravo'   clone of t1                                comment ''  2026-03-18
 */
describe('tracker/list', () => {
  let t: TestBackend;
  let userA: number;
  let userB: number;
  let tariff1: number;
  let tariff2: number;
  let t1: number;
  let t2: number;
  let t3: number;
  let c4: number;

  beforeEach(async () => {
    t = await openTestBackend();
    await startIdsAfter(t, { trackers: 1000, sources: 700, users: 500 });
    userA = await createUser(t, { login: 'ann@example.com', first_name: 'Ann' });
    userB = await createUser(t, { login: 'acme@example.com', legal_type: 'legal_entity', legal_name: 'Acme' });
    tariff1 = await createTariff(t);
    tariff2 = await createTariff(t);
    const register = async (
      at: string,
      userId: number,
      label: string,
      model: string,
      deviceId: string,
      phone: string | null,
      tariffId: number,
      comment: string,
    ) => {
      t.clock.set(at);
      const { id } = await t.ok('tracker/register', { user_id: userId, label, model, device_id: deviceId, phone, tariff_id: tariffId });
      await t.ok('tracker/settings/update', { tracker_id: id, comment });
      return id as number;
    };
    t1 = await register('2026-03-16T10:00:00Z', userA, 'delta', 'telfmb920', 'dev-c-9', '5559997', tariff1, 'b');
    t2 = await register('2026-03-17T10:00:00Z', userB, 'Alpha', 'concoxgt06n', 'dev-a-9', '5559995', tariff2, 'C');
    t3 = await register('2026-03-15T10:00:00Z', userA, 'charlie', 'sinotrackst901', 'dev-b-9', null, tariff1, 'a');
    t.clock.set('2026-03-18T10:00:00Z');
    c4 = (await t.ok('tracker/clone', { tracker_id: t1, user_id: userB, label: 'Bravo' })).id;
  });
  afterEach(async () => t.close());

  it('the fixture has the ids it claims', () => {
    expect([userA, userB, t1, t2, t3, c4]).toEqual([501, 502, 1001, 1002, 1003, 1004]);
  });

  it('lists every tracker of the dealer by id with count, each as tracker/read shows it', async () => {
    const body = await t.ok('tracker/list');
    expect(Object.keys(body).sort()).toEqual(['count', 'list', 'success']);
    expect(ids(body)).toEqual([t1, t2, t3, c4]);
    expect(body.count).toBe(4);
    for (const item of body.list) expect(item).toEqual((await t.ok('tracker/read', { tracker_id: item.id })).value);
    expect(body.list.map((x: any) => x.source.id)).toEqual([701, 702, 703, 701]);
  });

  it('orders by every order_by value, ascending and descending', async () => {
    const expected: Record<string, number[]> = {
      id: [t1, t2, t3, c4],
      label: [t2, c4, t3, t1],
      model: [t2, t3, t1, c4],
      device_id: [t2, t3, t1, c4],
      phone: [t3, t2, t1, c4],
      creation_date: [t3, t1, t2, c4],
      user_id: [t1, t3, t2, c4],
      comment: [c4, t3, t1, t2],
    };
    for (const [orderBy, order] of Object.entries(expected)) {
      expect(ids(await t.ok('tracker/list', { order_by: orderBy })), orderBy).toEqual(order);
      expect(ids(await t.ok('tracker/list', { order_by: orderBy, ascending: 'true' })), orderBy).toEqual(order);
      expect(ids(await t.ok('tracker/list', { order_by: orderBy, ascending: false })), `${orderBy} desc`).toEqual([...order].reverse());
    }
  });

  it('orders by status: active, idle, signal_lost, offline, just_registered', async () => {
    t.clock.set('2026-03-18T10:00:00Z');
    const t5 = (await t.ok('tracker/register', { user_id: userA, label: 'new', model: 'telfmb920', device_id: 'dev-e-9', tariff_id: tariff1 })).id;
    const t6 = (await t.ok('tracker/register', { user_id: userA, label: 'lost', model: 'telfmb920', device_id: 'dev-f-9', tariff_id: tariff1 })).id;
    const src6 = (await t.ok('tracker/read', { tracker_id: t6 })).value.source.id;
    await setSourceColumns(t, 701, { connected: 0, last_connection: '2026-03-18 08:00:00', last_data: '2026-03-18 08:00:00' });
    await setSourceColumns(t, 702, { connected: 1, last_connection: '2026-03-18 09:59:00', last_data: '2026-03-18 09:59:00' });
    await setSourceColumns(t, 703, { connected: 1, last_connection: '2026-03-18 09:59:00', last_data: '2026-03-18 09:00:00' });
    await setSourceColumns(t, src6, { connected: 0, last_connection: '2026-03-18 09:58:00', last_data: '2026-03-18 09:58:00' });
    const body = await t.ok('tracker/list', { order_by: 'status' });
    expect(ids(body)).toEqual([t2, t3, t6, t1, c4, t5]);
    expect(body.list.map((x: any) => x.source.connection_status)).toEqual(['active', 'idle', 'signal_lost', 'offline', 'offline', 'just_registered']);
    expect(ids(await t.ok('tracker/list', { order_by: 'status', ascending: false }))).toEqual([t5, c4, t1, t6, t3, t2]);
  });

  it('filters by a case-insensitive substring of id, label, source.id, device_id, model, phone, user_id', async () => {
    const cases: [string, string, number[]][] = [
      ['id', '1004', [c4]],
      ['label', 'ALPH', [t2]],
      ['source.id', '703', [t3]],
      ['source.device_id', 'DEV-B', [t3]],
      ['source.model', 'SinoTrack', [t3]],
      ['source.model (code, not name)', 'gt06n', [t2]],
      ['source.phone', '5559995', [t2]],
      ['user_id', '502', [t2, c4]],
      ['several fields', 'dev-', [t1, t2, t3, c4]],
    ];
    for (const [field, filter, expected] of cases) {
      const body = await t.ok('tracker/list', { filter });
      expect(ids(body), field).toEqual(expected);
      expect(body.count, field).toBe(expected.length);
    }
  });

  it('does not filter on other fields (comment, owner name, model name)', async () => {
    await t.ok('tracker/settings/update', { tracker_id: t1, comment: 'zzcomment' });
    expect((await t.ok('tracker/list', { filter: 'zzcomment' })).count).toBe(0);
    expect((await t.ok('tracker/list', { filter: 'Acme' })).count).toBe(0);
    expect((await t.ok('tracker/list', { filter: 'ST-901' })).count).toBe(0);
    expect((await t.ok('tracker/list', { filter: '   ' })).count).toBe(4);
  });

  it("filters by user_id and tariff_id (a clone goes with its source's tariff)", async () => {
    expect(ids(await t.ok('tracker/list', { user_id: userA }))).toEqual([t1, t3]);
    expect(ids(await t.ok('tracker/list', { user_id: String(userB) }))).toEqual([t2, c4]);
    expect(ids(await t.ok('tracker/list', { tariff_id: tariff1 }))).toEqual([t1, t3, c4]);
    expect(ids(await t.ok('tracker/list', { tariff_id: tariff2 }))).toEqual([t2]);
    expect(await t.ok('tracker/list', { tariff_id: await createTariff(t) })).toMatchObject({ list: [], count: 0 });
    expect(await t.ok('tracker/list', { user_id: await createUser(t) })).toMatchObject({ list: [], count: 0 });
    expect(ids(await t.ok('tracker/list', { user_id: userB, tariff_id: tariff1 }))).toEqual([c4]);
  });

  it("201 when user_id or tariff_id is unknown or another dealer's", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    expectError(await t.call('tracker/list', { user_id: 9999 }), 201);
    expectError(await t.call('tracker/list', { user_id: foreign.userId }), 201);
    expectError(await t.call('tracker/list', { tariff_id: 9999 }), 201);
    expectError(await t.call('tracker/list', { tariff_id: foreign.tariffId }), 201);
  });

  it('clones_filter: not_set, exclude_clones, only_include_clones and include_clones_only', async () => {
    expect(ids(await t.ok('tracker/list', { clones_filter: 'not_set' }))).toEqual([t1, t2, t3, c4]);
    expect(ids(await t.ok('tracker/list', { clones_filter: 'exclude_clones' }))).toEqual([t1, t2, t3]);
    expect(ids(await t.ok('tracker/list', { clones_filter: 'only_include_clones' }))).toEqual([c4]);
    expect(await t.ok('tracker/list', { clones_filter: 'include_clones_only' })).toMatchObject({ count: 1, list: [{ id: c4, clone: true }] });
    expect(ids(await t.ok('tracker/list', { clones_filter: 'exclude_clones', user_id: userB }))).toEqual([t2]);
  });

  it('pages with offset and limit; count ignores paging; offset past the end is empty', async () => {
    expect(await t.ok('tracker/list', { offset: 1, limit: 2 })).toMatchObject({ count: 4, list: [{ id: t2 }, { id: t3 }] });
    expect(ids(await t.ok('tracker/list', { offset: '3', limit: '1000' }))).toEqual([c4]);
    expect(await t.ok('tracker/list', { offset: 4 })).toEqual({ success: true, list: [], count: 4 });
    expect(await t.ok('tracker/list', { offset: 1000, limit: 5 })).toEqual({ success: true, list: [], count: 4 });
    expect(await t.ok('tracker/list', { filter: 'dev-', order_by: 'label', offset: 1, limit: 1 })).toMatchObject({ count: 4, list: [{ id: c4 }] });
    expect(await t.ok('tracker/list', { user_id: userA, limit: 1 })).toMatchObject({ count: 2, list: [{ id: t1 }] });
  });

  it('reflects writes at once: relabel, move and deletion flags', async () => {
    await t.ok('tracker/settings/update', { tracker_id: t1, label: 'aardvark', deleted: true });
    expect(ids(await t.ok('tracker/list', { order_by: 'label' }))).toEqual([t1, t2, c4, t3]);
    expect((await t.ok('tracker/list', { filter: 'aardvark' })).list[0].deleted).toBe(true);
    await t.ok('tracker/move', { tracker_id: t3, user_id: userB });
    expect(ids(await t.ok('tracker/list', { order_by: 'user_id' }))).toEqual([t1, t2, t3, c4]);
    expect(ids(await t.ok('tracker/list', { user_id: userA }))).toEqual([t1]);
    await t.ok('tracker/delete_clone', { tracker_id: c4 });
    expect(ids(await t.ok('tracker/list', { order_by: 'label' }))).toEqual([t1, t2, t3]);
    expect(ids(await t.ok('tracker/list', { order_by: 'user_id', ascending: false }))).toEqual([t3, t2, t1]);
    expect((await t.ok('tracker/list', { order_by: 'device_id' })).count).toBe(3);
  });

  it("lists only the calling dealer's trackers", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    expect(ids(await t.ok('tracker/list', {}, admin2))).toEqual([foreign.trackerId]);
    expect(ids(await t.ok('tracker/list'))).toEqual([t1, t2, t3, c4]);
  });

  it('names every bad parameter (7)', async () => {
    expectInvalid(
      await t.call('tracker/list', {
        limit: 0,
        offset: -1,
        order_by: 'owner',
        ascending: 'yes',
        clones_filter: 'all',
        user_id: 0,
        tariff_id: 'abc',
        filter: 'f'.repeat(201),
      }),
      ['limit', 'offset', 'order_by', 'ascending', 'clones_filter', 'user_id', 'tariff_id', 'filter'],
    );
    expectInvalid(await t.call('tracker/list', { user_id: 2 ** 31, tariff_id: -1 }), ['user_id', 'tariff_id']);
    expectError(await t.call('tracker/list', { limit: 1001 }), 212);
    expectError(await t.call('tracker/list', { limit: '1001', user_id: 2 ** 31 }), 212);
    expectInvalid(await t.call('tracker/list', { limit: '1.5', offset: 'abc', filter: 5 }), ['limit', 'offset', 'filter']);
  });
});
