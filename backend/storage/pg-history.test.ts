import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PgHistoryStore, partitionName, type PgHistoryDatabase, type PgHistoryStoreOptions } from '../devices/pg-history-store.js';
import type { StoredRecord } from '../devices/tracking/types.js';
import { pgMigrations } from './pg-migrations/index.js';
import { applyPgMigrations } from './pg-migrations/runner.js';
import { PgStore } from './pg-store.js';
import { freshTestSchema, TEST_DATABASE_URL } from './test-support/pg-test-database.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 3, 23, 59, 0);

const position = (received: number, lat = 50): StoredRecord => ({
  kind: 'position',
  received,
  record: { time: new Date(received - 1000), lat, lng: 30, speed: 10, heading: 90, satellites: 7, valid: true } as StoredRecord['record'],
});

describe.runIf(TEST_DATABASE_URL)('PgHistoryStore (DEALER_CONSOLE_TEST_DATABASE_URL)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function open(options: PgHistoryStoreOptions = {}, wrap?: (db: PgStore) => PgHistoryDatabase) {
    const schema = await freshTestSchema();
    const db = await PgStore.open(schema.url);
    await applyPgMigrations(db, pgMigrations);
    const store = await PgHistoryStore.open(wrap ? wrap(db) : db, { now: () => T0, ...options });
    cleanups.push(async () => {
      await store.close();
      await db.close();
      await schema.drop();
    });
    return { store, db, url: schema.url };
  }

  it('resolves an append only after its COMMIT: a locked table holds the ACK back', async () => {
    const { store, url } = await open();
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE device_history IN ACCESS EXCLUSIVE MODE');
      let acked = false;
      const append = store.append(7, position(T0)).then(() => (acked = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(acked).toBe(false);
      await locker.query('COMMIT');
      await append;
      expect(acked).toBe(true);
      expect(await store.read(7, T0, T0, 10)).toHaveLength(1);
    } finally {
      await locker.end();
    }
  });

  it('rejects every append of a batch whose transaction fails, and keeps none of it', async () => {
    let fail = false;
    const { store } = await open({}, (db) => ({
      all: (sql, params) => db.all(sql, params),
      execInTransaction: (fn) =>
        db.execInTransaction(async (exec) => {
          await fn(exec);
          if (fail) throw Object.assign(new Error('connection lost in COMMIT'), { code: 'ECONNRESET' });
        }),
    }));
    fail = true;
    const results = await Promise.allSettled([store.append(1, position(T0)), store.append(1, position(T0 + 1))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await store.read(1, 0, T0 + DAY, 10)).toEqual([]);
    fail = false;
    await store.append(1, position(T0 + 2));
    expect((await store.read(1, 0, T0 + DAY, 10)).map((r) => r.received)).toEqual([T0 + 2]);
  });

  it('refuses appends at once past the queue bound', async () => {
    const { store } = await open({ maxQueued: 3 });
    const appends = [0, 1, 2, 3].map((i) => store.append(2, position(T0 + i)));
    const results = await Promise.allSettled(appends);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
  });

  it('creates day partitions ahead and on demand, and drops whole expired ones', async () => {
    let now = T0;
    const { store, db } = await open({ daysAhead: 2, retentionDays: 3, now: () => now });
    const today = Date.UTC(2026, 11, 3);
    expect(await store.partitions()).toEqual([today, today + DAY, today + 2 * DAY]);
    // A record of an older day gets its partition before its batch.
    await store.append(3, position(today - 2 * DAY + 5));
    await store.append(3, position(today + 5));
    expect((await store.partitions())[0]).toBe(today - 2 * DAY);
    now = T0 + 2 * DAY;
    await store.maintain();
    // Kept: the three days before today's; the record two days before T0 is past it.
    expect(await store.partitions()).toEqual([0, 1, 2, 3, 4].map((d) => today + d * DAY));
    expect(await store.read(3, 0, now + DAY, 10)).toHaveLength(1);
    const names = await db.column<string>("SELECT tablename FROM pg_tables WHERE tablename LIKE 'device_history_2%' ORDER BY 1");
    expect(names[0]).toBe(partitionName(today));
  });

  it('reads across a day boundary, oldest first, paged by limit without gaps or repeats', async () => {
    const { store } = await open();
    const times = Array.from({ length: 25 }, (_, i) => T0 + i * 7_000); // 23:59:00 to 00:01:48 next day
    await Promise.all(times.map((t, i) => store.append(9, position(t, i))));
    await store.append(10, position(T0 + 1000));
    const all = await store.read(9, T0, T0 + DAY, 100);
    expect(all.map((r) => r.received)).toEqual(times);
    expect(all[24]!.record.time).toBeInstanceOf(Date);
    const seen: number[] = [];
    let from = T0;
    for (;;) {
      const page = await store.read(9, from, T0 + DAY, 11);
      seen.push(...page.slice(0, 10).map((r) => r.received));
      if (page.length <= 10) break;
      from = page[10]!.received;
    }
    expect(seen).toEqual(times);
  });

  it('moves a corrupted source history aside in one transaction', async () => {
    const { store, db } = await open();
    await store.append(4, position(T0));
    await store.moveAside(4, '4-moved');
    expect(await store.read(4, 0, T0 + DAY, 10)).toEqual([]);
    expect(await db.column<number>("SELECT count(*) FROM device_history_corrupted WHERE moved_to = '4-moved'")).toEqual([1]);
  });
});
