import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, openTestBackend, seedBasics, type TestBackend } from '../../test-support/harness.js';
import {
  apiState,
  createUser,
  expectError,
  expectInvalid,
  insertRule,
  insertVehicle,
  markSourceCorrupted,
  registerTracker,
} from '../../test-support/api-assertions.js';

const BAD_IDS = [undefined, 0, -1, 2 ** 31, 'abc', ''];

describe('tracker/clone', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  beforeEach(async () => {
    t = await openTestBackend();
    s = await seedBasics(t);
    await t.ok('tracker/settings/update', { tracker_id: s.trackerId, comment: 'original comment' });
  });
  afterEach(async () => t.close());

  const read = async (id: number) => (await t.ok('tracker/read', { tracker_id: id })).value;

  it("creates a clone for another user that shares the original's source", async () => {
    const result = await t.call('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'Courier' });
    expect(result.httpStatus).toBe(200);
    expect(result.body).toEqual({ success: true, id: expect.any(Number) });
    const clone = await read(result.body.id);
    const original = await read(s.trackerId);
    expect(clone).toMatchObject({ id: result.body.id, clone: true, label: 'Courier', user_id: s.otherUserId, deleted: false, dealer_id: 1 });
    for (const key of ['id', 'device_id', 'model', 'phone', 'blocked', 'tariff_id'] as const) expect(clone.source[key], key).toEqual(original.source[key]);
    expect(original).toMatchObject({ clone: false, user_id: s.userId, label: 'Truck 1', comment: 'original comment' });
    expect((await t.ok('tracker/list')).count).toBe(2);
  });

  it('clones for several users from form text', async () => {
    const third = await createUser(t);
    const a = (await t.ok('tracker/clone', { tracker_id: String(s.trackerId), user_id: String(s.otherUserId), label: 'A' })).id;
    const b = (await t.ok('tracker/clone', { tracker_id: String(s.trackerId), user_id: String(third), label: 'B' })).id;
    expect((await t.ok('tracker/list', { clones_filter: 'only_include_clones' })).list.map((x: any) => [x.id, x.user_id])).toEqual([
      [a, s.otherUserId],
      [b, third],
    ]);
  });

  it('219 (HTTP 403) for a clone of a clone', async () => {
    const { id } = await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'C' });
    const third = await createUser(t);
    const before = await apiState(t);
    expectError(await t.call('tracker/clone', { tracker_id: id, user_id: third, label: 'CC' }), 219);
    expect(await apiState(t)).toEqual(before);
  });

  it("201 for unknown and other dealer's trackers", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    const before = await apiState(t);
    expectError(await t.call('tracker/clone', { tracker_id: 999, user_id: s.otherUserId, label: 'X' }), 201);
    expectError(await t.call('tracker/clone', { tracker_id: foreign.trackerId, user_id: s.otherUserId, label: 'X' }), 201);
    expect(await apiState(t)).toEqual(before);
    expect((await t.ok('tracker/list', {}, admin2)).count).toBe(1);
  });

  it("246 for the original's owner, an unknown user and another dealer's user", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    const before = await apiState(t);
    expectError(await t.call('tracker/clone', { tracker_id: s.trackerId, user_id: s.userId, label: 'X' }), 246);
    expectError(await t.call('tracker/clone', { tracker_id: s.trackerId, user_id: 999, label: 'X' }), 246);
    expectError(await t.call('tracker/clone', { tracker_id: s.trackerId, user_id: foreign.userId, label: 'X' }), 246);
    expect(await apiState(t)).toEqual(before);
    expect((await t.ok('tracker/list', {}, admin2)).count).toBe(1);
  });

  it('247 (HTTP 409) when the user already has a clone of this tracker', async () => {
    await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'First' });
    const before = await apiState(t);
    expectError(await t.call('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'Second' }), 247);
    expect(await apiState(t)).toEqual(before);
  });

  it('252 for a corrupted tracker', async () => {
    await t.ok('tracker/corrupt', { tracker_id: s.trackerId });
    const before = await apiState(t);
    expectError(await t.call('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'X' }), 252);
    expect(await apiState(t)).toEqual(before);
  });

  it('names every bad parameter (7)', async () => {
    expectInvalid(await t.call('tracker/clone', {}), ['tracker_id', 'user_id', 'label']);
    for (const bad of BAD_IDS) expectInvalid(await t.call('tracker/clone', { tracker_id: bad, user_id: bad, label: 'X' }), ['tracker_id', 'user_id']);
    for (const label of ['<b>', 'x'.repeat(61), 'a\u0001b', '', '  ']) {
      expectInvalid(await t.call('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label }), ['label']);
    }
    expect((await t.ok('tracker/list')).count).toBe(1);
  });
});

describe('tracker/delete_clone', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  let cloneId: number;
  beforeEach(async () => {
    t = await openTestBackend();
    s = await seedBasics(t);
    cloneId = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'Clone' })).id;
  });
  afterEach(async () => t.close());

  it('deletes the clone and keeps the original; the user may get a new clone', async () => {
    expect(await t.ok('tracker/delete_clone', { tracker_id: cloneId })).toEqual({ success: true });
    expect((await t.ok('tracker/list')).list.map((x: any) => x.id)).toEqual([s.trackerId]);
    expectError(await t.call('tracker/read', { tracker_id: cloneId }), 201);
    expectError(await t.call('tracker/delete_clone', { tracker_id: cloneId }), 201);
    expect((await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'Again' })).id).not.toBe(cloneId);
  });

  it("201 for unknown and other dealer's trackers", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    const foreignClone = (await t.ok('tracker/clone', { tracker_id: foreign.trackerId, user_id: foreign.otherUserId, label: 'C' }, admin2)).id;
    expectError(await t.call('tracker/delete_clone', { tracker_id: 999 }), 201);
    expectError(await t.call('tracker/delete_clone', { tracker_id: foreignClone }), 201);
    expect((await t.ok('tracker/list', {}, admin2)).count).toBe(2);
  });

  it('249 (HTTP 403) for an original', async () => {
    const before = await apiState(t);
    expectError(await t.call('tracker/delete_clone', { tracker_id: s.trackerId }), 249);
    expect(await apiState(t)).toEqual(before);
  });

  it('203 with rules: [ids] when rules use the clone; then with vehicles: [ids]', async () => {
    const r1 = await insertRule(t, 1, s.otherUserId, [cloneId]);
    const r2 = await insertRule(t, 1, s.otherUserId, [cloneId, s.trackerId]);
    const vehicle = await insertVehicle(t, 1, s.otherUserId, cloneId);
    const before = await apiState(t);
    expectError(await t.call('tracker/delete_clone', { tracker_id: cloneId }), 203, { rules: [r1, r2] });
    await t.backend.database.transaction((tx) => tx.run('DELETE FROM rule_trackers WHERE tracker_id = ?', [cloneId]));
    expectError(await t.call('tracker/delete_clone', { tracker_id: cloneId }), 203, { vehicles: [vehicle] });
    expect(await apiState(t)).toEqual(before);
    await t.backend.database.transaction((tx) => tx.run('UPDATE vehicles SET tracker_id = NULL WHERE id = ?', [vehicle]));
    expect(await t.ok('tracker/delete_clone', { tracker_id: cloneId })).toEqual({ success: true });
  });

  it("252 when the clone's source is corrupted", async () => {
    await markSourceCorrupted(t, (await t.ok('tracker/read', { tracker_id: s.trackerId })).value.source.id);
    expectError(await t.call('tracker/delete_clone', { tracker_id: cloneId }), 252);
    expect((await t.ok('tracker/list', { clones_filter: 'only_include_clones' })).count).toBe(1);
  });

  it('names a bad tracker_id (7)', async () => {
    for (const bad of BAD_IDS) expectInvalid(await t.call('tracker/delete_clone', { tracker_id: bad }), ['tracker_id']);
    expect((await t.ok('tracker/list')).count).toBe(2);
  });
});

describe('tracker/batch_delete_clones', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  beforeEach(async () => {
    t = await openTestBackend();
    s = await seedBasics(t);
  });
  afterEach(async () => t.close());

  it('deletes what it can and reports every other id with its reason, in order', async () => {
    const third = await createUser(t);
    const c1 = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'c1' })).id;
    const c2 = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: third, label: 'c2' })).id;
    const ruled = (await t.ok('tracker/clone', { tracker_id: await registerTracker(t, s.userId, s.tariffId), user_id: third, label: 'ruled' })).id;
    await insertRule(t, 1, third, [ruled]);
    const corruptedOriginal = await registerTracker(t, s.userId, s.tariffId);
    const corruptedClone = (await t.ok('tracker/clone', { tracker_id: corruptedOriginal, user_id: third, label: 'bad' })).id;
    await markSourceCorrupted(t, (await t.ok('tracker/read', { tracker_id: corruptedOriginal })).value.source.id);
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    const foreignClone = (await t.ok('tracker/clone', { tracker_id: foreign.trackerId, user_id: foreign.otherUserId, label: 'f' }, admin2)).id;

    const result = await t.call('tracker/batch_delete_clones', { trackers: [c1, s.trackerId, 9999, foreignClone, c1, corruptedClone, ruled, c2] });
    expect(result.httpStatus).toBe(200);
    expect(result.body).toEqual({
      success: true,
      deleted_count: 2,
      not_deleted_count: 6,
      not_deleted_trackers: [
        { id: s.trackerId, error: 'Not a clone' },
        { id: 9999, error: 'Entity not found' },
        { id: foreignClone, error: 'Entity not found' },
        { id: c1, error: 'Already deleted' },
        { id: corruptedClone, error: 'Device already corrupted' },
        { id: ruled, error: 'Delete entity associated with' },
      ],
    });
    const left = (await t.ok('tracker/list', { clones_filter: 'only_include_clones' })).list.map((x: any) => x.id);
    expect(left).toEqual([ruled, corruptedClone]);
    expect((await t.ok('tracker/list', {}, admin2)).count).toBe(2);
  });

  it('all deleted: no not_deleted_trackers key', async () => {
    const c1 = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'c1' })).id;
    expect(await t.ok('tracker/batch_delete_clones', { trackers: [c1] })).toEqual({ success: true, deleted_count: 1, not_deleted_count: 0 });
    expect((await t.ok('tracker/list')).count).toBe(1);
  });

  it('none deleted is still a success', async () => {
    expect(await t.ok('tracker/batch_delete_clones', { trackers: [s.trackerId] })).toEqual({
      success: true,
      deleted_count: 0,
      not_deleted_count: 1,
      not_deleted_trackers: [{ id: s.trackerId, error: 'Not a clone' }],
    });
  });

  it('takes the id list as JSON text', async () => {
    const c1 = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'c1' })).id;
    expect(await t.ok('tracker/batch_delete_clones', { trackers: `[${c1}]` })).toEqual({ success: true, deleted_count: 1, not_deleted_count: 0 });
  });

  it('names bad parameters (7) and deletes nothing', async () => {
    const c1 = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'c1' })).id;
    expectInvalid(await t.call('tracker/batch_delete_clones', {}), ['trackers']);
    expectInvalid(await t.call('tracker/batch_delete_clones', { trackers: [] }), ['trackers']);
    expectInvalid(await t.call('tracker/batch_delete_clones', { trackers: 'abc' }), ['trackers']);
    expectInvalid(await t.call('tracker/batch_delete_clones', { trackers: c1 }), ['trackers']);
    expectInvalid(await t.call('tracker/batch_delete_clones', { trackers: [c1, 0, 'a', -1, 2 ** 31] }), [
      'trackers.1',
      'trackers.2',
      'trackers.3',
      'trackers.4',
    ]);
    expectInvalid(await t.call('tracker/batch_delete_clones', { trackers: Array.from({ length: 1001 }, (_, i) => i + 1) }), ['trackers']);
    expect((await t.ok('tracker/list')).count).toBe(2);
  });
});
