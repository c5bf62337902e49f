import initSqlJs, { type Database, type SqlJsStatic, type SqlValue, type Statement } from 'sql.js';

export type SqlParam = string | number | null;
export type Row = Record<string, SqlValue>;

/**
 * SQL that may change a table's columns: the words anywhere (a script of several statements, a
 * leading comment). A false match only costs re-reading some column names.
 */
const DDL = /\b(CREATE|ALTER|DROP)\b/i;

/** A result row as an object keyed by its column names. */
function rowOf<T>(names: string[], values: SqlValue[]): T {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
  return row as T;
}

let sqlJs: Promise<SqlJsStatic> | undefined;
function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs();
  return sqlJs;
}

/**
 * A thin synchronous adapter over one sql.js database with a prepared-statement cache.
 * sql.js frees every prepared statement when the database is exported, so the cache is
 * dropped on export.
 */
export class SqlDatabase {
  private readonly statements = new Map<string, Statement>();
  /**
   * Column names per cached statement: reading them costs a call into sql.js per column, which
   * was a third of a one-row read. A schema change can rename the columns of `SELECT *`, so they
   * are forgotten whenever DDL runs (every schema change goes through `exec` or `run` here).
   */
  private readonly columnNames = new Map<Statement, string[]>();

  private constructor(private readonly db: Database) {
    this.applyPragmas();
  }

  static async open(bytes?: Uint8Array): Promise<SqlDatabase> {
    const SQL = await loadSqlJs();
    return new SqlDatabase(bytes ? new SQL.Database(bytes) : new SQL.Database());
  }

  private applyPragmas(): void {
    // The database lives in memory; durability is the journal's job (see durable-store.ts).
    // locking_mode=EXCLUSIVE: this connection is the file's only user, so SQLite may keep its lock
    // and page cache between transactions instead of checking the (emulated) file for a hot journal
    // and a changed header before each one, which cost more than the statements themselves.
    this.db.exec('PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA locking_mode=EXCLUSIVE');
  }

  private namesOf(stmt: Statement): string[] {
    let names = this.columnNames.get(stmt);
    if (!names) {
      names = stmt.getColumnNames();
      this.columnNames.set(stmt, names);
    }
    return names;
  }

  private forgetStatements(): void {
    for (const stmt of this.statements.values()) stmt.free();
    this.statements.clear();
    this.columnNames.clear();
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  all<T = Row>(sql: string, params: SqlParam[] = []): T[] {
    const stmt = this.statement(sql);
    try {
      stmt.bind(params);
      const rows: T[] = [];
      // Not getAsObject: it reads and decodes every column name again for every row, which is
      // more than half the cost of reading 100,000 rows.
      let names: string[] | undefined;
      while (stmt.step()) {
        names ??= this.namesOf(stmt);
        rows.push(rowOf<T>(names, stmt.get()));
      }
      return rows;
    } finally {
      stmt.reset();
    }
  }

  get<T = Row>(sql: string, params: SqlParam[] = []): T | undefined {
    const stmt = this.statement(sql);
    try {
      stmt.bind(params);
      if (!stmt.step()) return undefined;
      return rowOf<T>(this.namesOf(stmt), stmt.get());
    } finally {
      stmt.reset();
    }
  }

  /** Values of the first column of every row. */
  column<T = SqlValue>(sql: string, params: SqlParam[] = []): T[] {
    const stmt = this.statement(sql);
    try {
      stmt.bind(params);
      const values: T[] = [];
      while (stmt.step()) values.push(stmt.get()[0] as T);
      return values;
    } finally {
      stmt.reset();
    }
  }

  run(sql: string, params: SqlParam[] = []): { changes: number; lastInsertRowid: number } {
    if (DDL.test(sql)) this.columnNames.clear();
    const stmt = this.statement(sql);
    try {
      stmt.run(params);
    } finally {
      stmt.reset();
    }
    return { changes: this.db.getRowsModified(), lastInsertRowid: this.lastInsertRowid() };
  }

  private lastInsertRowid(): number {
    const stmt = this.statement('SELECT last_insert_rowid()');
    try {
      stmt.step();
      return Number(stmt.get()[0]);
    } finally {
      stmt.reset();
    }
  }

  exec(sql: string): void {
    // BEGIN and COMMIT come through here for every transaction: only DDL forgets the names.
    if (DDL.test(sql)) this.columnNames.clear();
    this.db.exec(sql);
  }

  export(): Uint8Array {
    this.forgetStatements();
    const bytes = this.db.export();
    this.applyPragmas();
    return bytes;
  }

  close(): void {
    this.forgetStatements();
    this.db.close();
  }
}
