import { createHash } from 'node:crypto';
import type { SqlDatabase } from '../sql-database.js';
import type { WriteTx } from '../sql-types.js';

/** What migrations need of the store: synchronous, journaled writes at start-up. */
export interface MigrationTarget {
  writeSync<T>(fn: (tx: WriteTx) => T): T;
}

/** An ordered, released-then-frozen schema change. Never edit one after release: add a new one. */
export interface Migration {
  id: string;
  statements: string[];
  /**
   * A data change SQL alone cannot make (e.g. hashing values in JavaScript), run after
   * `statements` in the same transaction. Its statements are journaled as executed, with their
   * parameters, so replay needs no code. `version` names it in the checksum: change it (never the
   * code of a released one) and the start stops, as for edited statements.
   */
  transform?: { version: string; run(tx: WriteTx): boolean };
  /**
   * Once applied, when its transform changed something (returned true), rewrite the snapshot from
   * a vacuumed database and drop the journal files written before it, so the values it replaced
   * are no longer anywhere in the data folder.
   */
  purgeOldFiles?: boolean;
}

export function migrationChecksum(migration: Migration): string {
  const text = migration.statements.join('\n;\n') + (migration.transform ? `\n;\ntransform:${migration.transform.version}` : '');
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Applies pending migrations in order (journaled like any write) and checks released ones are
 * unchanged. Returns the ids of the migrations applied now whose old values must be purged (purgeOldFiles).
 */
export function applyMigrations(store: MigrationTarget, db: SqlDatabase, migrations: Migration[]): string[] {
  const hasTable = db.get("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = '_migrations'");
  if (!hasTable) {
    store.writeSync((tx) => tx.run('CREATE TABLE _migrations (id TEXT PRIMARY KEY, checksum TEXT NOT NULL)'));
  }
  const applied = new Map(db.all<{ id: string; checksum: string }>('SELECT id, checksum FROM _migrations').map((r) => [r.id, r.checksum]));
  const known = new Set(migrations.map((m) => m.id));
  for (const id of applied.keys()) {
    if (!known.has(id)) throw new Error(`The data folder was written by a newer Dealer Console (migration ${id} is unknown to this version).`);
  }
  const purge: string[] = [];
  for (const migration of migrations) {
    const checksum = migrationChecksum(migration);
    const stored = applied.get(migration.id);
    if (stored !== undefined) {
      if (stored !== checksum) throw new Error(`Migration ${migration.id} was edited after it was applied; refusing to start.`);
      continue;
    }
    const changed = store.writeSync((tx) => {
      for (const statement of migration.statements) tx.run(statement);
      const rewrote = migration.transform?.run(tx) ?? false;
      tx.run('INSERT INTO _migrations (id, checksum) VALUES (?, ?)', [migration.id, checksum]);
      return rewrote;
    });
    if (changed && migration.purgeOldFiles) purge.push(migration.id);
  }
  return purge;
}
