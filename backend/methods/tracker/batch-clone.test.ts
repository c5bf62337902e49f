import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, openTestBackend, seedBasics, type TestBackend } from '../../test-support/harness.js';
import { apiState, createStaff, createUser, expectError, expectInvalid, registerTracker } from '../../test-support/api-assertions.js';

describe('tracker/batch_clone', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  let second: number;
  beforeEach(async () => {
    t = await openTestBackend();
    s = await seedBasics(t);
    second = await registerTracker(t, s.userId, s.tariffId);
    await t.ok('tracker/settings/update', { tracker_id: second, label: 'Van 2' });
  });
  afterEach(async () => t.close());

  const read = async (id: number) => (await t.ok('tracker/read', { tracker_id: id })).value;
  const clones = async () => (await t.ok('tracker/list', { clones_filter: 'only_include_clones' })).list.map((x: any) => [x.id, x.user_id, x.label]);

  it("clones every tracker for the user, each with its original's label and source", async () => {
    const result = await t.call('tracker/batch_clone', { trackers: [second, s.trackerId], user_id: s.otherUserId });
    expect(result.httpStatus).toBe(200);
    expect(result.body).toEqual({
      success: true,
      list: [
        { tracker_id: second, id: expect.any(Number) },
        { tracker_id: s.trackerId, id: expect.any(Number) },
      ],
      skipped: [],
    });
    const [a, b] = result.body.list.map((x: any) => x.id);
    expect(await read(a)).toMatchObject({ clone: true, user_id: s.otherUserId, label: 'Van 2', source: { id: (await read(second)).source.id } });
    expect(await read(b)).toMatchObject({ clone: true, user_id: s.otherUserId, label: 'Truck 1', source: { id: (await read(s.trackerId)).source.id } });
    expect(await clones()).toEqual([
      [a, s.otherUserId, 'Van 2'],
      [b, s.otherUserId, 'Truck 1'],
    ]);
  });

  it('takes form text (JSON array, string ids and flag)', async () => {
    const body = await t.ok('tracker/batch_clone', { trackers: `[${s.trackerId}]`, user_id: String(s.otherUserId), ignore_existing: 'false' });
    expect(body.list).toEqual([{ tracker_id: s.trackerId, id: expect.any(Number) }]);
  });

  it('247 (HTTP 409) with the ids the user already has a clone of; nothing is created', async () => {
    await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'Old' });
    const before = await apiState(t);
    expectError(await t.call('tracker/batch_clone', { trackers: [second, s.trackerId], user_id: s.otherUserId }), 247, { list: [s.trackerId] });
    expectError(await t.call('tracker/batch_clone', { trackers: [second, s.trackerId], user_id: s.otherUserId, ignore_existing: false }), 247, {
      list: [s.trackerId],
    });
    expect(await apiState(t)).toEqual(before);
  });

  it('ignore_existing: skips what the user already has and clones the rest', async () => {
    const old = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'Old' })).id;
    const body = await t.ok('tracker/batch_clone', { trackers: [s.trackerId, second], user_id: s.otherUserId, ignore_existing: true });
    expect(body).toEqual({ success: true, list: [{ tracker_id: second, id: expect.any(Number) }], skipped: [s.trackerId] });
    expect((await clones()).map((c: any[]) => c[0])).toEqual([old, body.list[0].id]);
    // Everything already there: a success that creates nothing.
    const before = await apiState(t);
    expect(await t.ok('tracker/batch_clone', { trackers: [s.trackerId, second], user_id: s.otherUserId, ignore_existing: true })).toEqual({
      success: true,
      list: [],
      skipped: [s.trackerId, second],
    });
    expect(await apiState(t)).toEqual(before);
  });

  it("201 with every unknown or other dealer's id; nothing is created", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    const before = await apiState(t);
    expectError(await t.call('tracker/batch_clone', { trackers: [s.trackerId, 9999, foreign.trackerId], user_id: s.otherUserId }), 201, {
      list: [9999, foreign.trackerId],
    });
    expect(await apiState(t)).toEqual(before);
    expect((await t.ok('tracker/list', {}, admin2)).count).toBe(1);
  });

  it('219 (HTTP 403) with the clone ids in the list', async () => {
    const third = await createUser(t);
    const c = (await t.ok('tracker/clone', { tracker_id: second, user_id: third, label: 'C' })).id;
    const before = await apiState(t);
    expectError(await t.call('tracker/batch_clone', { trackers: [s.trackerId, c], user_id: s.otherUserId }), 219, { list: [c] });
    expect(await apiState(t)).toEqual(before);
  });

  it('252 with the corrupted ids in the list', async () => {
    await t.ok('tracker/corrupt', { tracker_id: second });
    const before = await apiState(t);
    expectError(await t.call('tracker/batch_clone', { trackers: [s.trackerId, second], user_id: s.otherUserId }), 252, { list: [second] });
    expect(await apiState(t)).toEqual(before);
  });

  it("246 for an unknown or other dealer's user, and with the ids the user already owns", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    const own = await registerTracker(t, s.otherUserId, s.tariffId);
    const before = await apiState(t);
    expectError(await t.call('tracker/batch_clone', { trackers: [s.trackerId], user_id: 999 }), 246);
    expectError(await t.call('tracker/batch_clone', { trackers: [s.trackerId], user_id: foreign.userId }), 246);
    expectError(await t.call('tracker/batch_clone', { trackers: [s.trackerId, own], user_id: s.otherUserId }), 246, { list: [own] });
    expect(await apiState(t)).toEqual(before);
    expect((await t.ok('tracker/list', {}, admin2)).count).toBe(1);
  });

  it('checks trackers before the user: 201 wins over 246', async () => {
    expectError(await t.call('tracker/batch_clone', { trackers: [9999], user_id: 999 }), 201, { list: [9999] });
  });

  it('13 without trackers: create, and the refusal changes nothing', async () => {
    const staff = await createStaff(t, { trackers: ['read', 'update', 'delete'], users: ['read'] });
    const before = await apiState(t);
    expectError(await t.call('tracker/batch_clone', { trackers: [s.trackerId], user_id: s.otherUserId }, staff.hash), 13);
    expect(await apiState(t)).toEqual(before);
    const allowed = await createStaff(t, { trackers: ['create'] });
    expect((await t.ok('tracker/batch_clone', { trackers: [s.trackerId], user_id: s.otherUserId }, allowed.hash)).list).toHaveLength(1);
  });

  it('names every bad parameter (7) and creates nothing', async () => {
    const before = await apiState(t);
    expectInvalid(await t.call('tracker/batch_clone', {}), ['trackers', 'user_id']);
    expectInvalid(await t.call('tracker/batch_clone', { trackers: [], user_id: s.otherUserId }), ['trackers']);
    expectInvalid(await t.call('tracker/batch_clone', { trackers: 'abc', user_id: s.otherUserId }), ['trackers']);
    expectInvalid(await t.call('tracker/batch_clone', { trackers: s.trackerId, user_id: s.otherUserId }), ['trackers']);
    expectInvalid(await t.call('tracker/batch_clone', { trackers: [s.trackerId, s.trackerId], user_id: s.otherUserId }), ['trackers']);
    expectInvalid(await t.call('tracker/batch_clone', { trackers: [s.trackerId, 0, 'a', -1, 2 ** 31], user_id: s.otherUserId }), [
      'trackers.1',
      'trackers.2',
      'trackers.3',
      'trackers.4',
    ]);
    expectInvalid(await t.call('tracker/batch_clone', { trackers: Array.from({ length: 501 }, (_, i) => i + 1), user_id: s.otherUserId }), ['trackers']);
    for (const bad of [0, -1, 'abc', '', 2 ** 31]) expectInvalid(await t.call('tracker/batch_clone', { trackers: [s.trackerId], user_id: bad }), ['user_id']);
    expectInvalid(await t.call('tracker/batch_clone', { trackers: [s.trackerId], user_id: s.otherUserId, ignore_existing: 'maybe' }), ['ignore_existing']);
    expect(await apiState(t)).toEqual(before);
  });

  it('the audit row names the originals, the user and every clone made', async () => {
    const body = await t.ok('tracker/batch_clone', { trackers: [s.trackerId, second], user_id: s.otherUserId });
    const made = body.list.map((x: any) => x.id);
    for (const id of [s.trackerId, second, ...made]) {
      const rows = (
        await t.ok('audit/log/list', {
          from: '2000-01-01 00:00:00',
          to: '2100-01-01 00:00:00',
          action: 'tracker/batch_clone',
          entity_type: 'tracker',
          entity_id: id,
        })
      ).list;
      expect(rows, `tracker ${id}`).toHaveLength(1);
    }
  });
});
