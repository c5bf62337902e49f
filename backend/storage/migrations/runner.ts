import { createHash } from 'node:crypto';
import type { SqlDatabase } from '../sql-database.js';
import type { DurableStore } from '../durable-store.js';

/** An ordered, released-then-frozen schema change. Never edit one after release: add a new one. */
export interface Migration {
  id: string;
  statements: string[];
}

export function migrationChecksum(migration: Migration): string {
  return createHash('sha256').update(migration.statements.join('\n;\n')).digest('hex');
}

/** Applies pending migrations in order (journaled like any write) and checks released ones are unchanged. */
export function applyMigrations(store: DurableStore, db: SqlDatabase, migrations: Migration[]): void {
  const hasTable = db.get("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = '_migrations'");
  if (!hasTable) {
    store.writeSync((tx) => tx.run('CREATE TABLE _migrations (id TEXT PRIMARY KEY, checksum TEXT NOT NULL)'));
  }
  const applied = new Map(db.all<{ id: string; checksum: string }>('SELECT id, checksum FROM _migrations').map((r) => [r.id, r.checksum]));
  const known = new Set(migrations.map((m) => m.id));
  for (const id of applied.keys()) {
    if (!known.has(id)) throw new Error(`The data folder was written by a newer Dealer Console (migration ${id} is unknown to this version).`);
  }
  for (const migration of migrations) {
    const checksum = migrationChecksum(migration);
    const stored = applied.get(migration.id);
    if (stored !== undefined) {
      if (stored !== checksum) throw new Error(`Migration ${migration.id} was edited after it was applied; refusing to start.`);
      continue;
    }
    store.writeSync((tx) => {
      for (const statement of migration.statements) tx.run(statement);
      tx.run('INSERT INTO _migrations (id, checksum) VALUES (?, ?)', [migration.id, checksum]);
    });
  }
}
