import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, openTestBackend, seedBasics, type TestBackend } from '../../test-support/harness.js';
import {
  apiState,
  createTariff,
  createUser,
  expectError,
  expectInvalid,
  markSourceCorrupted,
  registerTracker,
  setSourceColumns,
} from '../../test-support/api-assertions.js';

const BAD_IDS = [undefined, 0, -1, 2 ** 31, 'abc', '', 1.5];
const TRACKER_KEYS = [
  'clone',
  'comment',
  'creation_date',
  'dealer_id',
  'deleted',
  'group_id',
  'id',
  'label',
  'last_connection',
  'model_name',
  'owner_name',
  'source',
  'user_id',
];
const SOURCE_KEYS = ['blocked', 'connection_status', 'creation_date', 'device_id', 'id', 'model', 'phone', 'tariff_end_date', 'tariff_id'];

describe('tracker/read and the tracker object', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  beforeEach(async () => {
    t = await openTestBackend();
    s = await seedBasics(t);
  });
  afterEach(async () => t.close());

  const read = async (id: number) => (await t.ok('tracker/read', { tracker_id: id })).value;

  it('has exactly the documented keys; corrupted and avatar_file_name are absent when not set', async () => {
    const body = await t.ok('tracker/read', { tracker_id: s.trackerId });
    expect(Object.keys(body).sort()).toEqual(['success', 'value']);
    expect(Object.keys(body.value).sort()).toEqual(TRACKER_KEYS);
    expect(Object.keys(body.value.source).sort()).toEqual(SOURCE_KEYS);
    expect(body.value.creation_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.value.source.creation_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.value.source.tariff_end_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('shows avatar_file_name only when the tracker has one', async () => {
    await t.backend.database.transaction((tx) => tx.run("UPDATE trackers SET avatar_file_name = 'truck.png' WHERE id = ?", [s.trackerId]));
    t.backend.trackerIndex.refresh([s.trackerId]);
    await t.backend.trackerIndex.idle();
    const value = await read(s.trackerId);
    expect(value.avatar_file_name).toBe('truck.png');
    expect(Object.keys(value).sort()).toEqual([...TRACKER_KEYS, 'avatar_file_name'].sort());
  });

  it("a clone has its own id, label, owner and dates but the original's source", async () => {
    t.clock.advance(2 * 24 * 3600 * 1000);
    const { id } = await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'Shared' });
    const original = await read(s.trackerId);
    const clone = await read(id);
    expect(clone).toEqual({
      ...original,
      id,
      clone: true,
      label: 'Shared',
      user_id: s.otherUserId,
      creation_date: '2026-03-17',
      owner_name: 'Acme GmbH',
    });
    expect(clone.source).toEqual(original.source);
  });

  it('derives connection_status from the connection facts', async () => {
    const sourceId = (await read(s.trackerId)).source.id;
    const cases: [Record<string, string | number | null>, string][] = [
      [{ connected: 1, last_connection: '2026-03-15 09:59:00', last_data: '2026-03-15 09:58:00' }, 'active'],
      [{ connected: 1, last_connection: '2026-03-15 09:59:00', last_data: '2026-03-15 09:40:00' }, 'idle'],
      [{ connected: 0, last_connection: '2026-03-15 09:55:00', last_data: '2026-03-15 09:55:00' }, 'signal_lost'],
      [{ connected: 0, last_connection: '2026-03-15 09:00:00', last_data: '2026-03-15 09:00:00' }, 'offline'],
      [{ connected: 0, last_connection: null, last_data: null }, 'just_registered'],
    ];
    for (const [facts, status] of cases) {
      await setSourceColumns(t, sourceId, facts);
      const value = await read(s.trackerId);
      expect(value.source.connection_status, status).toBe(status);
      expect(value.last_connection).toBe(facts.last_connection);
    }
  });

  it("201 for unknown and other dealer's trackers, 7 for bad ids", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    expectError(await t.call('tracker/read', { tracker_id: 999 }), 201);
    expectError(await t.call('tracker/read', { tracker_id: foreign.trackerId }), 201);
    for (const bad of BAD_IDS) expectInvalid(await t.call('tracker/read', { tracker_id: bad }), ['tracker_id']);
  });

  it('252 for a corrupted tracker', async () => {
    await t.ok('tracker/corrupt', { tracker_id: s.trackerId });
    expectError(await t.call('tracker/read', { tracker_id: s.trackerId }), 252);
  });
});

describe('tracker/settings/update', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  beforeEach(async () => {
    t = await openTestBackend();
    s = await seedBasics(t);
  });
  afterEach(async () => t.close());

  const read = async (id: number) => (await t.ok('tracker/read', { tracker_id: id })).value;

  it('changes label, deleted and comment, each alone and together', async () => {
    const before = await read(s.trackerId);
    expect(await t.ok('tracker/settings/update', { tracker_id: s.trackerId, label: 'Van 7' })).toEqual({ success: true });
    expect(await read(s.trackerId)).toEqual({ ...before, label: 'Van 7' });
    await t.ok('tracker/settings/update', { tracker_id: s.trackerId, deleted: true });
    expect(await read(s.trackerId)).toEqual({ ...before, label: 'Van 7', deleted: true });
    await t.ok('tracker/settings/update', { tracker_id: s.trackerId, comment: 'c'.repeat(3000) });
    expect(await read(s.trackerId)).toEqual({ ...before, label: 'Van 7', deleted: true, comment: 'c'.repeat(3000) });
    await t.ok('tracker/settings/update', { tracker_id: String(s.trackerId), label: 'Van 8', deleted: 'false', comment: '' });
    expect(await read(s.trackerId)).toEqual({ ...before, label: 'Van 8' });
  });

  it('accepts a 60-character label with printable unicode and a multi-line comment', async () => {
    const label = `Grüße – ${'x'.repeat(52)}`;
    expect(label.length).toBe(60);
    await t.ok('tracker/settings/update', { tracker_id: s.trackerId, label, comment: 'line 1\nline 2' });
    expect(await read(s.trackerId)).toMatchObject({ label, comment: 'line 1\nline 2' });
  });

  it('changing a clone does not change its original', async () => {
    const { id } = await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'Clone' });
    await t.ok('tracker/settings/update', { tracker_id: id, label: 'Renamed clone', deleted: true, comment: 'c' });
    expect(await read(id)).toMatchObject({ label: 'Renamed clone', deleted: true, comment: 'c' });
    expect(await read(s.trackerId)).toMatchObject({ label: 'Truck 1', deleted: false, comment: '' });
  });

  it("201 for unknown and other dealer's trackers; nothing changes", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    expectError(await t.call('tracker/settings/update', { tracker_id: 999, label: 'X' }), 201);
    expectError(await t.call('tracker/settings/update', { tracker_id: foreign.trackerId, label: 'Hijacked', deleted: true }), 201);
    expect((await t.ok('tracker/read', { tracker_id: foreign.trackerId }, admin2)).value).toMatchObject({ label: 'Truck 1', deleted: false });
  });

  it('252 for a corrupted tracker', async () => {
    await t.ok('tracker/corrupt', { tracker_id: s.trackerId });
    const before = await apiState(t);
    expectError(await t.call('tracker/settings/update', { tracker_id: s.trackerId, label: 'Back', deleted: false }), 252);
    expect(await apiState(t)).toEqual(before);
  });

  it('names every bad parameter (7) and changes nothing', async () => {
    const before = await read(s.trackerId);
    for (const bad of BAD_IDS) expectInvalid(await t.call('tracker/settings/update', { tracker_id: bad, label: 'X' }), ['tracker_id']);
    expectInvalid(await t.call('tracker/settings/update', { tracker_id: 0, label: '<b>', comment: 'x'.repeat(3001), deleted: 'yes' }), [
      'tracker_id',
      'label',
      'comment',
      'deleted',
    ]);
    expectInvalid(await t.call('tracker/settings/update', { tracker_id: s.trackerId, label: 'x'.repeat(61) }), ['label']);
    for (const label of ['a\u0000b', 'tab\there', 'new\nline', 'del\u007f', 'c1\u0085', '', '   ', 'a>b', 42]) {
      expectInvalid(await t.call('tracker/settings/update', { tracker_id: s.trackerId, label }), ['label']);
    }
    expectInvalid(await t.call('tracker/settings/update', { tracker_id: s.trackerId, comment: 7 }), ['comment']);
    // None of label, deleted, comment: refused as 7.
    const none = await t.call('tracker/settings/update', { tracker_id: s.trackerId });
    expect(none.httpStatus).toBe(400);
    expect(none.body).toMatchObject({ success: false, status: { code: 7 }, errors: [expect.objectContaining({ error: expect.any(String) })] });
    expect(await read(s.trackerId)).toEqual(before);
  });
});

describe('tracker/source/update', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  let cloneId: number;
  beforeEach(async () => {
    t = await openTestBackend();
    s = await seedBasics(t);
    cloneId = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'Clone' })).id;
  });
  afterEach(async () => t.close());

  const blocked = async (id: number) => (await t.ok('tracker/read', { tracker_id: id })).value.source.blocked;

  it('blocks and unblocks the source: the original and its clones', async () => {
    const unrelated = await registerTracker(t, s.userId, s.tariffId);
    expect(await t.ok('tracker/source/update', { tracker_id: s.trackerId, blocked: true })).toEqual({ success: true });
    expect(await blocked(s.trackerId)).toBe(true);
    expect(await blocked(cloneId)).toBe(true);
    expect(await blocked(unrelated)).toBe(false);
    const listed = (await t.ok('tracker/list', { filter: 'clone' })).list;
    expect(listed[0].source.blocked).toBe(true);
    // Through the clone, from form text.
    await t.ok('tracker/source/update', { tracker_id: String(cloneId), blocked: 'false' });
    expect(await blocked(s.trackerId)).toBe(false);
    expect(await blocked(cloneId)).toBe(false);
  });

  it("201 for unknown and other dealer's trackers; 252 for a corrupted one", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    expectError(await t.call('tracker/source/update', { tracker_id: 999, blocked: true }), 201);
    expectError(await t.call('tracker/source/update', { tracker_id: foreign.trackerId, blocked: true }), 201);
    expect((await t.ok('tracker/read', { tracker_id: foreign.trackerId }, admin2)).value.source.blocked).toBe(false);
    const other = await registerTracker(t, await createUser(t), await createTariff(t));
    await t.ok('tracker/corrupt', { tracker_id: other });
    expectError(await t.call('tracker/source/update', { tracker_id: other, blocked: true }), 252);
    const sourceId = (await t.ok('tracker/read', { tracker_id: s.trackerId })).value.source.id;
    await markSourceCorrupted(t, sourceId);
    expectError(await t.call('tracker/source/update', { tracker_id: cloneId, blocked: true }), 252);
    const row = await t.backend.database.get<{ blocked: number }>('SELECT blocked FROM sources WHERE id = ?', [sourceId]);
    expect(row!.blocked).toBe(0);
  });

  it('names every bad parameter (7) and changes nothing', async () => {
    expectInvalid(await t.call('tracker/source/update', {}), ['tracker_id', 'blocked']);
    for (const bad of BAD_IDS) expectInvalid(await t.call('tracker/source/update', { tracker_id: bad, blocked: true }), ['tracker_id']);
    for (const bad of ['yes', '1', 1, 'TRUE', null])
      expectInvalid(await t.call('tracker/source/update', { tracker_id: s.trackerId, blocked: bad }), ['blocked']);
    expect(await blocked(s.trackerId)).toBe(false);
  });
});
