import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqlDatabase } from '../../storage/sql-database.js';
import { openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { TEST_DATABASE_URL } from '../../storage/test-support/pg-test-database.js';

/** Tables that grow with the fleet: a statement on a per-call path must never scan them. */
const GROWING = /^SCAN (sources|trackers|users|bundles|sim_cards)\b/;

// Issue 10 item 5: registration got slower as the fleet grew, because the phone check scanned every
// source (the partial index sources_phone did not apply) and the user's tracker count read every
// tracker row of the user. Timing would make a flaky test; the query plans say it exactly.
// sql.js query plans (EXPLAIN QUERY PLAN of the statements sql.js ran): embedded engine only.
describe.skipIf(TEST_DATABASE_URL)('tracker/register query plans', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await t.close();
  });

  it('uses an index for every statement it runs; the user tracker count is answered from an index alone', async () => {
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'P', type: 'monthly', price: 1, device_limit: 5 } })).id;
    const user = (await t.ok('user/create', { user: { login: 'plans@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    const model = t.backend.store.column<string>('SELECT code FROM models ORDER BY code LIMIT 1')[0]!;
    const seen = new Set<string>();
    for (const name of ['all', 'get', 'column', 'run'] as const) {
      const original = SqlDatabase.prototype[name] as (this: SqlDatabase, sql: string, params?: unknown[]) => unknown;
      vi.spyOn(SqlDatabase.prototype, name).mockImplementation(function (this: SqlDatabase, sql: string, params?: unknown[]) {
        seen.add(sql);
        return original.call(this, sql, params) as never;
      });
    }
    await t.ok('tracker/register', { user_id: user, label: 'Planned', model, device_id: '356307049999990', phone: '491700000001', tariff_id: tariff });
    vi.restoreAllMocks();

    const reads = [...seen].filter((sql) => /^\s*SELECT\b/i.test(sql) && !/last_insert_rowid/.test(sql));
    expect(reads.some((sql) => /FROM sources WHERE phone = \?/.test(sql))).toBe(true);
    const plans = reads.map((sql) => ({ sql, plan: t.backend.store.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).map((r) => r.detail) }));
    expect(plans.filter(({ plan }) => plan.some((line) => GROWING.test(line)))).toEqual([]);
    const count = plans.find(({ sql }) => /COUNT\(\*\) FROM trackers t WHERE t\.user_id/.test(sql));
    expect(count?.plan.some((line) => /SEARCH t USING COVERING INDEX/.test(line))).toBe(true);
  });

  it('tracker/raw_command/send finds the device by an index, for a known and an unknown device id', async () => {
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'P', type: 'monthly', price: 1, device_limit: 5 } })).id;
    const user = (await t.ok('user/create', { user: { login: 'raw@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    const model = t.backend.store.column<string>('SELECT code FROM models ORDER BY code LIMIT 1')[0]!;
    await t.ok('tracker/register', { user_id: user, label: 'Raw', model, device_id: '356307049999982', tariff_id: tariff });
    const seen = new Set<string>();
    for (const name of ['all', 'get', 'column'] as const) {
      const original = SqlDatabase.prototype[name] as (this: SqlDatabase, sql: string, params?: unknown[]) => unknown;
      vi.spyOn(SqlDatabase.prototype, name).mockImplementation(function (this: SqlDatabase, sql: string, params?: unknown[]) {
        seen.add(sql);
        return original.call(this, sql, params) as never;
      });
    }
    await t.call('tracker/raw_command/send', { device_id: '356307049999982', command: 'getinfo' });
    await t.call('tracker/raw_command/send', { device_id: 'no-such-device', command: 'getinfo' });
    vi.restoreAllMocks();

    const lookups = [...seen].filter((sql) => /FROM sources WHERE device_id [=>] \?/.test(sql));
    // the exact lookup and, for the unknown id, the range over corrupted renames
    expect(lookups.length).toBe(2);
    const plans = lookups.flatMap((sql) => t.backend.store.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).map((r) => r.detail));
    expect(plans.filter((line) => GROWING.test(line))).toEqual([]);
  });
});
