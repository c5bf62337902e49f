import type { Row, SqlParam } from './sql-database.js';

/** What a write transaction may do: read, and run statements that are journaled. */
export interface WriteTx {
  run(sql: string, params?: SqlParam[]): { changes: number; lastInsertRowid: number };
  all<T = Row>(sql: string, params?: SqlParam[]): T[];
  get<T = Row>(sql: string, params?: SqlParam[]): T | undefined;
  column<T>(sql: string, params?: SqlParam[]): T[];
}

export interface ReadDb {
  all<T = Row>(sql: string, params?: SqlParam[]): T[];
  get<T = Row>(sql: string, params?: SqlParam[]): T | undefined;
  column<T>(sql: string, params?: SqlParam[]): T[];
}

/** An open transaction of `DurableStore.transaction`: statements run now, in order. */
export interface OpenTx extends WriteTx {
  /** Runs `fn` in the same tick as the COMMIT (in-memory views), once and only if it commits. */
  afterCommit(fn: () => void): void;
}
