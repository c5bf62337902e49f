import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, openTestBackend, seedBasics, type TestBackend } from '../../test-support/harness.js';
import { apiState, createUser, expectError, expectInvalid, insertRule, insertVehicle, registerTracker } from '../../test-support/api-assertions.js';

const BAD_IDS = [undefined, 0, -1, 2 ** 31, 'abc', ''];

describe('tracker/move', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  beforeEach(async () => {
    t = await openTestBackend();
    s = await seedBasics(t);
  });
  afterEach(async () => t.close());

  const read = async (id: number) => (await t.ok('tracker/read', { tracker_id: id })).value;
  const trackersCount = async (userId: number) => (await t.ok('user/read', { user_id: userId })).value.trackers_count;

  it('gives the tracker to another user; everything else stays', async () => {
    const before = await read(s.trackerId);
    expect(await t.ok('tracker/move', { tracker_id: s.trackerId, user_id: s.otherUserId })).toEqual({ success: true });
    expect(await read(s.trackerId)).toEqual({ ...before, user_id: s.otherUserId, owner_name: 'Acme GmbH' });
    expect(await trackersCount(s.userId)).toBe(0);
    expect(await trackersCount(s.otherUserId)).toBe(1);
    expect((await t.ok('tracker/list', { user_id: s.otherUserId })).list.map((x: any) => x.id)).toEqual([s.trackerId]);
  });

  it('unbinds the tracker from its rules and vehicles; its clones and their bindings stay', async () => {
    const third = await createUser(t);
    const cloneId = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: third, label: 'C' })).id;
    const rule = await insertRule(t, 1, s.userId, [s.trackerId]);
    const cloneRule = await insertRule(t, 1, third, [cloneId]);
    const vehicle = await insertVehicle(t, 1, s.userId, s.trackerId);
    await t.ok('tracker/move', { tracker_id: String(s.trackerId), user_id: String(s.otherUserId) });
    const bindings = await t.backend.database.all<{ rule_id: number; tracker_id: number }>('SELECT rule_id, tracker_id FROM rule_trackers ORDER BY rule_id');
    expect(bindings).toEqual([{ rule_id: cloneRule, tracker_id: cloneId }]);
    expect(rule).not.toBe(cloneRule);
    expect((await t.backend.database.get<{ tracker_id: number | null }>('SELECT tracker_id FROM vehicles WHERE id = ?', [vehicle]))!.tracker_id).toBeNull();
    expect(await read(cloneId)).toMatchObject({ user_id: third, clone: true });
    // The clone's binding still blocks its deletion.
    expectError(await t.call('tracker/delete_clone', { tracker_id: cloneId }), 203, { rules: [cloneRule] });
  });

  it('219 (HTTP 403) for a clone', async () => {
    const cloneId = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'C' })).id;
    const third = await createUser(t);
    const before = await apiState(t);
    expectError(await t.call('tracker/move', { tracker_id: cloneId, user_id: third }), 219);
    expect(await apiState(t)).toEqual(before);
  });

  it("201 for unknown and other dealer's trackers", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    expectError(await t.call('tracker/move', { tracker_id: 999, user_id: s.otherUserId }), 201);
    expectError(await t.call('tracker/move', { tracker_id: foreign.trackerId, user_id: s.otherUserId }), 201);
    expect((await t.ok('tracker/read', { tracker_id: foreign.trackerId }, admin2)).value.user_id).toBe(foreign.userId);
  });

  it("246 for the current owner, an unknown user and another dealer's user", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    const before = await apiState(t);
    expectError(await t.call('tracker/move', { tracker_id: s.trackerId, user_id: s.userId }), 246);
    expectError(await t.call('tracker/move', { tracker_id: s.trackerId, user_id: 999 }), 246);
    expectError(await t.call('tracker/move', { tracker_id: s.trackerId, user_id: foreign.userId }), 246);
    expect(await apiState(t)).toEqual(before);
    expect((await t.ok('tracker/list', { user_id: foreign.userId }, admin2)).count).toBe(1);
  });

  it('247 (HTTP 409) when the new owner holds a clone of the tracker', async () => {
    await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'C' });
    const before = await apiState(t);
    expectError(await t.call('tracker/move', { tracker_id: s.trackerId, user_id: s.otherUserId }), 247);
    expect(await apiState(t)).toEqual(before);
  });

  it('252 for a corrupted tracker', async () => {
    await t.ok('tracker/corrupt', { tracker_id: s.trackerId });
    const before = await apiState(t);
    expectError(await t.call('tracker/move', { tracker_id: s.trackerId, user_id: s.otherUserId }), 252);
    expect(await apiState(t)).toEqual(before);
  });

  it('names every bad parameter (7)', async () => {
    expectInvalid(await t.call('tracker/move', {}), ['tracker_id', 'user_id']);
    for (const bad of BAD_IDS) expectInvalid(await t.call('tracker/move', { tracker_id: bad, user_id: bad }), ['tracker_id', 'user_id']);
    expect((await read(s.trackerId)).user_id).toBe(s.userId);
  });
});

describe('tracker/corrupt', () => {
  let t: TestBackend;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  let deviceId: string;
  let sourceId: number;
  beforeEach(async () => {
    t = await openTestBackend();
    s = await seedBasics(t);
    deviceId = '356307042441013';
    const registered = await registerTracker(t, s.userId, s.tariffId, { device_id: deviceId, phone: '4915112345678', label: 'Doomed' });
    s = { ...s, trackerId: registered };
    sourceId = (await t.ok('tracker/read', { tracker_id: registered })).value.source.id;
  });
  afterEach(async () => t.close());

  it('corrupt_clones false: 253 with the clone ids while clones exist; nothing changes', async () => {
    const third = await createUser(t);
    const c1 = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'C1' })).id;
    const c2 = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: third, label: 'C2' })).id;
    const before = await apiState(t);
    expectError(await t.call('tracker/corrupt', { tracker_id: s.trackerId, corrupt_clones: false }), 253, { list: [c1, c2] });
    expectError(await t.call('tracker/corrupt', { tracker_id: s.trackerId, corrupt_clones: 'false' }), 253, { list: [c1, c2] });
    expect(await apiState(t)).toEqual(before);
    await t.ok('tracker/batch_delete_clones', { trackers: [c1] });
    expectError(await t.call('tracker/corrupt', { tracker_id: s.trackerId, corrupt_clones: false }), 253, { list: [c2] });
  });

  it('corrupt_clones true, and by default: the clones are marked deleted with the tracker over the corrupted source', async () => {
    const c1 = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'C1' })).id;
    const other = await registerTracker(t, s.userId, s.tariffId, { label: 'Other' });
    const c2 = (await t.ok('tracker/clone', { tracker_id: other, user_id: s.otherUserId, label: 'C2' })).id;
    expect(await t.ok('tracker/corrupt', { tracker_id: s.trackerId })).toEqual({ success: true });
    expect(await t.ok('tracker/corrupt', { tracker_id: other, corrupt_clones: true })).toEqual({ success: true });
    const listed = new Map<number, any>((await t.ok('tracker/list')).list.map((x: any) => [x.id, x]));
    for (const id of [s.trackerId, c1, other, c2]) expect(listed.get(id), String(id)).toMatchObject({ deleted: true, source: { corrupted: true } });
    expect(listed.get(c1).source.device_id).toBe(`${deviceId}#corrupted-${sourceId}`);
    expectError(await t.call('tracker/read', { tracker_id: c1 }), 252);
    expectError(await t.call('tracker/delete_clone', { tracker_id: c1 }), 252);
    expect((await t.ok('user/read', { user_id: s.otherUserId })).value.trackers_count).toBe(0);
  });

  it('marks the tracker deleted and corrupted, renames device id and phone, and frees them for a new registration', async () => {
    expect(await t.ok('tracker/corrupt', { tracker_id: s.trackerId })).toEqual({ success: true });
    const [listed] = (await t.ok('tracker/list', { filter: 'Doomed' })).list;
    expect(listed).toMatchObject({
      id: s.trackerId,
      deleted: true,
      source: { id: sourceId, corrupted: true, device_id: `${deviceId}#corrupted-${sourceId}`, phone: `4915112345678#corrupted-${sourceId}` },
    });
    expectError(await t.call('tracker/read', { tracker_id: s.trackerId }), 252);
    expectError(await t.call('tracker/corrupt', { tracker_id: s.trackerId }), 252);

    const again = await registerTracker(t, s.otherUserId, s.tariffId, { device_id: deviceId, phone: '4915112345678', label: 'Reborn' });
    const value = (await t.ok('tracker/read', { tracker_id: again })).value;
    expect(value).toMatchObject({ user_id: s.otherUserId, deleted: false, source: { device_id: deviceId, phone: '4915112345678' } });
    expect(value.source.id).not.toBe(sourceId);
    expect('corrupted' in value.source).toBe(false);
    // And the new device id is in use again.
    expectError(await t.call('tracker/register', { user_id: s.userId, label: 'x', model: 'telfmb920', device_id: deviceId, tariff_id: s.tariffId }), 224);
  });

  it('works once the clones are gone, and leaves other trackers alone', async () => {
    const c1 = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'C1' })).id;
    await t.ok('tracker/delete_clone', { tracker_id: c1 });
    await t.ok('tracker/corrupt', { tracker_id: s.trackerId });
    const untouched = (await t.ok('tracker/list', { filter: 'Truck 1' })).list[0];
    expect(untouched).toMatchObject({ deleted: false });
    expect('corrupted' in untouched.source).toBe(false);
  });

  // On PostgreSQL (the test switch) history is a table, not this folder: its move aside is
  // pinned by backend/storage/pg-history.test.ts.
  it.skipIf(Boolean(process.env.DEALER_CONSOLE_TEST_DATABASE_URL))('moves the tracking data folder aside, never deleting it', async () => {
    const folder = join(t.dir, 'tracking', String(sourceId));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'points.bin'), 'history');
    await t.ok('tracker/corrupt', { tracker_id: s.trackerId });
    expect(existsSync(folder)).toBe(false);
    const aside = (await t.backend.database.get<{ moved_to: string }>('SELECT moved_to FROM corrupted_tracking WHERE source_id = ?', [sourceId]))!.moved_to;
    expect(readFileSync(join(t.dir, 'tracking-corrupted', aside, 'points.bin'), 'utf8')).toBe('history');
  });

  it('219 (HTTP 403) for a clone', async () => {
    const c1 = (await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'C1' })).id;
    const before = await apiState(t);
    expectError(await t.call('tracker/corrupt', { tracker_id: c1 }), 219);
    expect(await apiState(t)).toEqual(before);
  });

  it("201 for unknown and other dealer's trackers", async () => {
    const admin2 = await addDealer(t, 2);
    const foreign = await seedBasics(t, admin2);
    expectError(await t.call('tracker/corrupt', { tracker_id: 999 }), 201);
    expectError(await t.call('tracker/corrupt', { tracker_id: foreign.trackerId }), 201);
    const value = (await t.ok('tracker/read', { tracker_id: foreign.trackerId }, admin2)).value;
    expect(value.deleted).toBe(false);
    expect('corrupted' in value.source).toBe(false);
  });

  it('names a bad tracker_id and corrupt_clones (7)', async () => {
    for (const bad of BAD_IDS) expectInvalid(await t.call('tracker/corrupt', { tracker_id: bad }), ['tracker_id']);
    for (const bad of ['yes', 1, 'TRUE']) expectInvalid(await t.call('tracker/corrupt', { tracker_id: s.trackerId, corrupt_clones: bad }), ['corrupt_clones']);
    expectInvalid(await t.call('tracker/corrupt', { tracker_id: 'x', corrupt_clones: 'x' }), ['tracker_id', 'corrupt_clones']);
    expect((await t.ok('tracker/read', { tracker_id: s.trackerId })).value.deleted).toBe(false);
  });
});
