/**
 * Paging as the docs promise, across every list method: a `limit` above the documented maximum
 * answers 212 "Requested limit is too big" (not 7) and changes nothing; an omitted limit is no limit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestBackend, type TestBackend } from '../test-support/harness.js';
import { apiState, createTariff, createUser, expectError, registerTracker } from '../test-support/api-assertions.js';

describe('paging: limits above the maximum answer 212', () => {
  let t: TestBackend;
  let userId: number;
  let trackerId: number;
  beforeEach(async () => {
    t = await openTestBackend();
    userId = await createUser(t);
    trackerId = await registerTracker(t, userId, await createTariff(t));
  });
  afterEach(async () => t.close());

  const cases: [path: string, params: () => Record<string, unknown>][] = [
    ['tracker/list', () => ({})],
    ['user/list', () => ({})],
    ['tariff/list', () => ({})],
    ['sim_card/list', () => ({})],
    ['order/list', () => ({})],
    ['tracker/bundle/list', () => ({})],
    ['user/transaction/list', () => ({ user_id: userId, from: '2026-01-01 00:00:00', to: '2026-12-31 23:59:59' })],
    ['tracker/history/read', () => ({ tracker_id: trackerId, from: '2026-01-01 00:00:00', to: '2026-01-02 00:00:00' })],
  ];

  for (const [path, params] of cases) {
    it(`${path}: 1,001 and "5000" → 212; 1,000 is accepted; a refused call changes nothing`, async () => {
      const before = await apiState(t);
      expectError(await t.call(path, { ...params(), limit: 1001 }), 212);
      expectError(await t.call(path, { ...params(), limit: '5000' }), 212);
      expect(await apiState(t)).toEqual(before);
      expect((await t.call(path, { ...params(), limit: 1000 })).body.success).toBe(true);
      // A limit that is not a whole number in range from below is still a bad parameter (7).
      expect((await t.call(path, { ...params(), limit: 0 })).body.status.code).toBe(7);
    });
  }

  it('an omitted limit lists every tracker, past the 1,000 of one page', async () => {
    const tariff = await createTariff(t, { name: 'Bulk', device_limit: 5000 });
    for (let i = 0; i < 1005; i++) await registerTracker(t, userId, tariff, { label: `Bulk ${i}` });
    const all = await t.ok('tracker/list', {});
    expect(all.count).toBe(1006);
    expect(all.list).toHaveLength(1006);
    expect((await t.ok('tracker/list', { limit: 1000 })).list).toHaveLength(1000);
    expect((await t.ok('tracker/list', { offset: 1000 })).list).toHaveLength(6);
  }, 120_000);
});
