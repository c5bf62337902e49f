import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestBackend, seedBasics, type TestBackend } from '../../test-support/harness.js';

describe('tracker smoke', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('registers, clones, lists and survives a reopen', async () => {
    const s = await seedBasics(t);
    const clone = await t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'Clone' });
    const list = await t.ok('tracker/list', { clones_filter: 'include_clones_only' });
    expect(list.count).toBe(1);
    expect(list.list[0].id).toBe(clone.id);
    expect(list.list[0].source.id).toBe((await t.ok('tracker/read', { tracker_id: s.trackerId })).value.source.id);
    const corrupt = await t.call('tracker/corrupt', { tracker_id: s.trackerId, corrupt_clones: false });
    expect(corrupt.body).toMatchObject({ success: false, status: { code: 253 }, list: [clone.id] });
    const dir = t.dir;
    await t.backend.close();
    const again = await openTestBackend({ dir, databaseUrl: t.databaseUrl });
    expect((await again.ok('tracker/list', {})).count).toBe(2);
    await again.close();
  });
});
