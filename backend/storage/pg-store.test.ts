import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationChecksum } from './migrations/runner.js';
import { migrations } from './migrations/index.js';
import { pgMigrations } from './pg-migrations/index.js';
import { applyPgMigrations } from './pg-migrations/runner.js';
import { PgStore, translateSql } from './pg-store.js';
import { StorageUnavailableError } from './storage-health.js';
import { freshTestSchema, TEST_DATABASE_URL } from './test-support/pg-test-database.js';

describe('translateSql', () => {
  it('numbers ? placeholders, keeps ?NNN, and leaves literals, quoted names and comments alone', () => {
    expect(translateSql('SELECT a FROM t WHERE b = ? AND c = ?')).toBe('SELECT a FROM t WHERE b = $1 AND c = $2');
    expect(translateSql('SELECT ?1 AS x WHERE y = ?1 OR z = ?2')).toBe('SELECT $1 AS x WHERE y = $1 OR z = $2');
    expect(translateSql("SELECT '?', 'it''s ?', \"q?\" FROM t WHERE a = ? -- what?\n AND b = ?")).toBe(
      "SELECT '?', 'it''s ?', \"q?\" FROM t WHERE a = $1 -- what?\n AND b = $2",
    );
    expect(() => translateSql('SELECT ?1, ?')).toThrow(/mixes/);
  });

  it("sends LIKE as ILIKE (SQLite's LIKE ignores ASCII case), not inside words or literals", () => {
    expect(translateSql("SELECT 1 FROM t WHERE lower(a) LIKE ? ESCAPE '\\' OR b like ? OR c ILIKE ? OR unlike = 'LIKE'")).toBe(
      "SELECT 1 FROM t WHERE lower(a) ILIKE $1 ESCAPE '\\' OR b ILIKE $2 OR c ILIKE $3 OR unlike = 'LIKE'",
    );
  });
});

describe.runIf(TEST_DATABASE_URL)('PgStore (DEALER_CONSOLE_TEST_DATABASE_URL)', () => {
  let schema: Awaited<ReturnType<typeof freshTestSchema>>;
  let store: PgStore;
  beforeEach(async () => {
    schema = await freshTestSchema();
    store = await PgStore.open(schema.url);
  });
  afterEach(async () => {
    await store.close();
    await schema.drop();
  });

  // In the PostgreSQL project only, so that an embedded migration landing alone fails there, not everywhere.
  it('has one migration for each embedded one, in the same order, before its PostgreSQL-only ones', () => {
    const shared = pgMigrations.filter((m) => !m.id.startsWith('pg-')).map((m) => m.id);
    expect(shared).toEqual(migrations.map((m) => m.id));
    expect(pgMigrations.every((m) => !m.transform)).toBe(true);
  });

  it('applies the migrations once, refuses an edited or unknown one, and builds the trigram indexes', async () => {
    expect(await applyPgMigrations(store, pgMigrations)).toEqual(pgMigrations.map((m) => m.id));
    expect(await applyPgMigrations(store, pgMigrations)).toEqual([]);
    const edited = pgMigrations.map((m, i) => (i === 1 ? { ...m, statements: [...m.statements, 'SELECT 1'] } : m));
    await expect(applyPgMigrations(store, edited)).rejects.toThrow(/edited after it was applied/);
    await expect(applyPgMigrations(store, pgMigrations.slice(0, -1))).rejects.toThrow(/newer Dealer Console/);
    const stored = await store.all<{ id: string; checksum: string }>('SELECT id, checksum FROM _migrations ORDER BY id');
    expect(stored).toHaveLength(pgMigrations.length);
    expect(stored.find((r) => r.id === '001-initial-schema')!.checksum).toBe(migrationChecksum(pgMigrations[0]!));
    const indexes = await store.column<string>(
      "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexdef LIKE '%gin_trgm_ops%' ORDER BY indexname",
    );
    expect(indexes).toEqual(['sources_device_id_trgm', 'sources_phone_trgm', 'trackers_label_trgm', 'users_login_trgm']);
    // An empty table is scanned whatever its indexes; with scans priced out, the filter uses the trigram index.
    const plan = await store.transaction(async (tx) => {
      await tx.run('SET LOCAL enable_seqscan = off');
      return (await tx.column<string>("EXPLAIN SELECT id FROM trackers WHERE label LIKE '%abc%'")).join('\n');
    });
    expect(plan).toMatch(/trackers_label_trgm/);
  });

  it('insert answers the new id, numbers and counts come back as numbers; afterCommit runs only after a COMMIT', async () => {
    await applyPgMigrations(store, pgMigrations);
    const seen: string[] = [];
    const id = await store
      .transaction(async (tx) => {
        await tx.run("INSERT INTO dealers (id, name, creation_date) VALUES (1, 'D', '2026-01-01')");
        tx.afterCommit(async () => {
          seen.push(`after ${(await store.get<{ n: number }>('SELECT count(*) AS n FROM dealers'))!.n}`);
        });
        return tx.insert("INSERT INTO rules (dealer_id, user_id, name) SELECT 1, u.id, 'r' FROM (SELECT 1 AS id) u WHERE false");
      })
      .catch((e: Error) => e);
    // No user row, so the INSERT ... SELECT adds nothing and RETURNING gives no id: the transaction fails whole.
    expect(id).toBeInstanceOf(Error);
    expect(seen).toEqual([]);
    expect(await store.get('SELECT 1 AS x FROM dealers')).toBeUndefined();
    const accountId = await store.transaction(async (tx) => {
      await tx.run("INSERT INTO dealers (id, name, creation_date) VALUES (1, 'D', '2026-01-01')");
      tx.afterCommit(async () => {
        seen.push(`after ${(await store.get<{ n: number }>('SELECT count(*) AS n FROM dealers'))!.n}`);
      });
      return tx.insert("INSERT INTO accounts (dealer_id, login, password_hash, permissions, creation_date) VALUES (1, ?, 'h', '{}', 'now')", ['a']);
    });
    expect(accountId).toBe(1);
    expect(seen).toEqual(['after 1']);
    await store.transaction((tx) =>
      tx.run('INSERT INTO sessions (hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)', ['h', 1, 1_767_000_000_000, 1_769_000_000_000]),
    );
    expect(await store.get('SELECT created_at, (SELECT count(*) FROM sessions) AS n FROM sessions')).toEqual({ created_at: 1_767_000_000_000, n: 1 });
    expect(await store.column('SELECT login FROM accounts WHERE login LIKE ?', ['A'])).toEqual(['a']);
  });

  it('runs conflicting transactions as if one after another (SERIALIZABLE, retried)', async () => {
    await store.transaction(async (tx) => void (await tx.run('CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)')));
    await store.transaction((tx) => tx.run('INSERT INTO counter (id, n) VALUES (1, 0)'));
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.transaction(async (tx) => {
          const { n } = (await tx.get<{ n: number }>('SELECT n FROM counter WHERE id = 1'))!;
          await tx.run('UPDATE counter SET n = ? WHERE id = 1', [n + 1]);
        }),
      ),
    );
    expect(await store.get('SELECT n FROM counter')).toEqual({ n: 20 });
  });

  it('a connection lost mid-call is code 1 (StorageUnavailableError) and the next call reconnects by itself', async () => {
    const admin = await PgStore.open(TEST_DATABASE_URL!);
    try {
      const running = store.get("SELECT pg_sleep(10), 'dc-sleeper' AS tag").catch((e: unknown) => e);
      for (let i = 0; i < 100; i++) {
        const killed = await admin.column<boolean>(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%dc-sleeper%' AND pid <> pg_backend_pid()",
        );
        if (killed.length) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const failed = await running;
      expect(failed).toBeInstanceOf(StorageUnavailableError);
      expect((failed as StorageUnavailableError).apiCode).toBe(1);
      expect(store.unavailable).toBeInstanceOf(StorageUnavailableError);
      expect(await store.get('SELECT 1 AS x')).toEqual({ x: 1 });
      expect(store.unavailable).toBeUndefined();
    } finally {
      await admin.close();
    }
  });

  it('refuses a server that cannot be reached with code 1', async () => {
    const url = new URL(TEST_DATABASE_URL!);
    url.searchParams.set('port', '1');
    url.port = '1';
    await expect(PgStore.open(url.toString(), { connectTimeoutMs: 2000 })).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
