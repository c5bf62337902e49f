import { migrationChecksum, type Migration } from '../migrations/runner.js';
import type { PgStore } from '../pg-store.js';

/** Any constant: every server of one database takes this advisory lock to migrate, one at a time. */
const MIGRATION_LOCK = 7_310_014;

/**
 * Applies pending PostgreSQL migrations in order, in one transaction (DDL is transactional here:
 * a failed start leaves the database as it was), and checks released ones are unchanged, with the
 * same checksums and refusals as the embedded runner. Several servers starting at once migrate one
 * after another.
 */
export async function applyPgMigrations(store: PgStore, migrations: Migration[]): Promise<string[]> {
  const applied: string[] = [];
  await store.execInTransaction(async (exec) => {
    await exec('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await exec('CREATE TABLE IF NOT EXISTS _migrations (id TEXT PRIMARY KEY, checksum TEXT NOT NULL)');
    const rows = (await exec('SELECT id, checksum FROM _migrations')) as { id: string; checksum: string }[];
    const stored = new Map(rows.map((r) => [r.id, r.checksum]));
    const known = new Set(migrations.map((m) => m.id));
    for (const id of stored.keys()) {
      if (!known.has(id)) throw new Error(`The database was written by a newer Dealer Console (migration ${id} is unknown to this version).`);
    }
    for (const migration of migrations) {
      if (migration.transform) throw new Error(`PostgreSQL migration ${migration.id} has a transform; write it as SQL`);
      const checksum = migrationChecksum(migration);
      const before = stored.get(migration.id);
      if (before !== undefined) {
        if (before !== checksum) throw new Error(`Migration ${migration.id} was edited after it was applied; refusing to start.`);
        continue;
      }
      for (const statement of migration.statements) await exec(statement);
      await exec('INSERT INTO _migrations (id, checksum) VALUES ($1, $2)', [migration.id, checksum]);
      applied.push(migration.id);
    }
  });
  return applied;
}
