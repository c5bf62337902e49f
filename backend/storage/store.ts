/**
 * The storage seam: what repositories (the only code that writes SQL) may use. Every engine
 * implements it: the embedded sql.js engine (`SqlJsStore`, below) and PostgreSQL (`PgStore`, pg-store.ts).
 * Rules a repository follows so that one set of queries runs on both are in ./README.md.
 */
import type { DurableStore, OpenTx } from './durable-store.js';
import type { Row, SqlParam } from './sql-database.js';
import type { StorageUnavailableError } from './storage-health.js';

export type { Row, SqlParam };

/** Reads. Outside a transaction each read sees every committed write and no open transaction. */
export interface Queries {
  all<T = Row>(sql: string, params?: SqlParam[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: SqlParam[]): Promise<T | undefined>;
  /** The first column of every row. */
  column<T>(sql: string, params?: SqlParam[]): Promise<T[]>;
}

/** A transaction: reads see its own statements; nothing of it is visible or kept until it commits. */
export interface Tx extends Queries {
  /** A statement that changes rows; resolves with how many. */
  run(sql: string, params?: SqlParam[]): Promise<{ changes: number }>;
  /** An INSERT into a table with an integer `id` key; resolves with the new id. */
  insert(sql: string, params?: SqlParam[]): Promise<number>;
  /**
   * Runs `fn` right after the COMMIT: in-memory views. The embedded engine runs it in the tick of
   * the COMMIT, before other callers touch the store; PostgreSQL runs one transaction's work after
   * the previous one's and awaits a returned Promise before the transaction resolves.
   */
  afterCommit(fn: () => unknown): void;
}

export interface Store extends Queries {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `fn` as one transaction and resolves once it is durable: only then may the caller
   * acknowledge. If `fn` throws (or the commit fails) nothing is kept and the promise rejects.
   * `fn` awaits only its own statements; transactions never interleave.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Why writes are refused right now (disk full, read-only, I/O error), if they are. */
  readonly unavailable: StorageUnavailableError | undefined;
  /** Writes everything out and lets go of the database (PgStore; the embedded engine closes through DurableStore). */
  close?(): Promise<void>;
}

/** The embedded engine: sql.js made durable by `DurableStore` (journal, group commit, snapshots). */
export class SqlJsStore implements Store {
  readonly dialect = 'sqlite' as const;

  constructor(private readonly durable: DurableStore) {}

  get unavailable(): StorageUnavailableError | undefined {
    return this.durable.unavailable;
  }

  all<T = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    return this.durable.query((db) => db.all<T>(sql, params));
  }
  get<T = Row>(sql: string, params: SqlParam[] = []): Promise<T | undefined> {
    return this.durable.query((db) => db.get<T>(sql, params));
  }
  column<T>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    return this.durable.query((db) => db.column<T>(sql, params));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.durable.transaction((open) => fn(wrap(open)));
  }
}

function wrap(open: OpenTx): Tx {
  return {
    all: async (sql, params) => open.all(sql, params),
    get: async (sql, params) => open.get(sql, params),
    column: async (sql, params) => open.column(sql, params),
    run: async (sql, params) => ({ changes: open.run(sql, params).changes }),
    insert: async (sql, params) => open.run(sql, params).lastInsertRowid,
    afterCommit: (fn) => open.afterCommit(() => void fn()),
  };
}
