/**
 * The PostgreSQL engine behind the `Store` seam (see ./README.md). One pool of connections; a
 * transaction holds one connection from BEGIN to COMMIT. The queries are the repositories' own,
 * written to the portable rules: `?` placeholders become `$1, $2, ...`, `insert()` appends
 * `RETURNING id`, and `LIKE` (ASCII case-insensitive in SQLite) is sent as `ILIKE`.
 */
import pg from 'pg';
import type { Row, SqlParam, Store, Tx } from './store.js';
import { StorageUnavailableError } from './storage-health.js';

export interface PgStoreOptions {
  /** Connections in the pool (10 by default). */
  maxConnections?: number;
  /** How long a call waits for a connection before it is refused with code 1 (5 s by default). */
  connectTimeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * SERIALIZABLE transactions behave as if they ran one after another, as the embedded engine runs
 * them; one that loses a conflict (40001, or a deadlock, 40P01) is run again from the start, which
 * is safe because a transaction's function awaits only its own statements.
 */
const MAX_ATTEMPTS = 20;
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Errors that mean the server cannot be reached or is going away (not a bad statement): socket
 * errors, the connection classes 08 and 57P (admin shutdown, crash shutdown, cannot connect now),
 * and 53300 (too many connections).
 */
function isConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (/^(08|57P)/.test(code) || code === '53300') return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  // A Unix socket path with no server behind it.
  if (code === 'ENOENT' && /^connect /.test(message)) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended/i.test(
    message,
  );
}

const UNREACHABLE = 'Database error: the PostgreSQL server cannot be reached; nothing was changed, try again shortly';
const COMMIT_UNKNOWN = 'Database error: the connection to the PostgreSQL server was lost while committing; check whether the change was applied';

/** int8 (COUNT, SUM, BIGINT columns) and numeric (SUM of int8) as JavaScript numbers: cents and ms fit. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * `?` → `$n` (and `?NNN` → `$NNN`), `LIKE` → `ILIKE`, outside string literals, quoted names and
 * comments. Cached: the repositories' statements are a fixed set plus IN-lists of a few sizes.
 */
const translated = new Map<string, string>();
export function translateSql(sql: string): string {
  const cached = translated.get(sql);
  if (cached !== undefined) return cached;
  let out = '';
  let n = 0;
  let numbered = false;
  for (let i = 0; i < sql.length;) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new Error('unterminated quote in SQL');
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end < 0 ? sql.length : end;
      out += sql.slice(i, j);
      i = j;
    } else if (c === '?') {
      let j = i + 1;
      while (j < sql.length && sql[j]! >= '0' && sql[j]! <= '9') j++;
      if (j > i + 1) {
        numbered = true;
        out += `$${sql.slice(i + 1, j)}`;
      } else out += `$${++n}`;
      i = j;
    } else if ((c === 'L' || c === 'l') && /^like(?![\w$])/i.test(sql.slice(i, i + 5)) && !/[\w$]/.test(sql[i - 1] ?? ' ')) {
      out += 'ILIKE';
      i += 4;
    } else {
      out += c;
      i++;
    }
  }
  if (numbered && n > 0) throw new Error('SQL mixes ? and ?NNN placeholders');
  if (translated.size > 5000) translated.clear();
  translated.set(sql, out);
  return out;
}

type Client = pg.PoolClient;

export class PgStore implements Store {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly log: (line: string) => void;
  private down: StorageUnavailableError | undefined;
  /** afterCommit work runs one transaction after another, in commit order (in-memory views). */
  private afterCommitChain: Promise<void> = Promise.resolve();
  private readonly uncertainListeners: (() => void)[] = [];
  private readonly settlers: (() => Promise<void>)[] = [];

  private constructor(url: string, options: PgStoreOptions) {
    this.log = options.log ?? (() => {});
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: 30_000,
      types,
    });
    // An idle connection the server closed: the pool drops it and opens another on demand.
    this.pool.on('error', (error) => this.lost(error));
  }

  /** Connects (refusing an unreachable server or a database not created with the C collation). */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const store = new PgStore(url, options);
    try {
      const row = await store.get<{ collate: string; ctype: string }>(
        'SELECT datcollate AS collate, datctype AS ctype FROM pg_database WHERE datname = current_database()',
      );
      if (row && (row.collate !== 'C' || row.ctype !== 'C')) {
        throw new Error(
          `The PostgreSQL database uses the ${row.collate}/${row.ctype} locale; Dealer Console needs C (text sorts and compares as in the embedded engine). Create it with: CREATE DATABASE <name> TEMPLATE template0 LOCALE 'C' ENCODING 'UTF8'`,
        );
      }
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  get unavailable(): StorageUnavailableError | undefined {
    return this.down;
  }

  /**
   * Awaited after each transaction's afterCommit work, before the transaction resolves: views
   * that apply a change through reads of their own (the tracker index's `idle`).
   */
  settleAfterCommit(settle: () => Promise<void>): void {
    this.settlers.push(settle);
  }

  /** Called when a commit's outcome is unknown (the connection broke during COMMIT): views must be re-read. */
  onUncertainCommit(listener: () => void): void {
    this.uncertainListeners.push(listener);
  }

  private lost(error: unknown): StorageUnavailableError {
    if (!this.down) {
      this.down = new StorageUnavailableError('DATABASE_UNREACHABLE', UNREACHABLE);
      this.log(
        `storage health: database fault: the PostgreSQL server cannot be reached (${(error as Error)?.message ?? error}); API calls are refused (code 1) until it is back`,
      );
    }
    return this.down;
  }

  private reached(): void {
    if (!this.down) return;
    this.down = undefined;
    this.log('storage health: database reachable again; resumed');
  }

  /** A pool or client query; connection failures become StorageUnavailableError (code 1). */
  private async query<T>(on: pg.Pool | Client, sql: string, params: SqlParam[]): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    try {
      const result = await on.query<T & pg.QueryResultRow>(translateSql(sql), params);
      this.reached();
      return result;
    } catch (error) {
      if (isConnectionError(error)) throw this.lost(error);
      throw error;
    }
  }

  async all<T = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    return (await this.query<T>(this.pool, sql, params)).rows;
  }
  async get<T = Row>(sql: string, params: SqlParam[] = []): Promise<T | undefined> {
    return (await this.query<T>(this.pool, sql, params)).rows[0];
  }
  async column<T>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    const result = await this.query<Record<string, T>>(this.pool, sql, params);
    const name = result.fields[0]?.name;
    return name === undefined ? [] : result.rows.map((r) => r[name]!);
  }

  private async connect(): Promise<Client> {
    try {
      const client = await this.pool.connect();
      this.reached();
      return client;
    } catch (error) {
      if (isConnectionError(error)) throw this.lost(error);
      throw error;
    }
  }

  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.connect();
      let broken = false;
      const after: (() => unknown)[] = [];
      let committing = false;
      try {
        await this.query(client, 'BEGIN ISOLATION LEVEL SERIALIZABLE', []);
        const result = await fn(this.wrap(client, after));
        committing = true;
        await this.query(client, 'COMMIT', []);
        client.release();
        await this.runAfterCommit(after);
        return result;
      } catch (error) {
        broken = error instanceof StorageUnavailableError || isConnectionError(error);
        if (committing && broken) {
          client.release(true);
          for (const listener of this.uncertainListeners) listener();
          throw new StorageUnavailableError('DATABASE_UNREACHABLE', COMMIT_UNKNOWN);
        }
        if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
        client.release(broken || undefined);
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * attempt));
          continue;
        }
        throw error;
      }
    }
  }

  /** Runs a committed transaction's afterCommit work after every earlier one's; resolves when it ran. */
  private runAfterCommit(after: (() => unknown)[]): Promise<void> {
    if (after.length === 0) return this.afterCommitChain;
    const run = this.afterCommitChain.then(async () => {
      for (const fn of after) {
        try {
          await fn();
        } catch (error) {
          this.log(`after commit: ${(error as Error)?.message ?? error}`);
        }
      }
      for (const settle of this.settlers) await settle();
    });
    this.afterCommitChain = run;
    return run;
  }

  private wrap(client: Client, after: (() => unknown)[]): Tx {
    return {
      all: async <R>(sql: string, params: SqlParam[] = []) => (await this.query<R>(client, sql, params)).rows,
      get: async <R>(sql: string, params: SqlParam[] = []) => (await this.query<R>(client, sql, params)).rows[0],
      column: async <R>(sql: string, params: SqlParam[] = []) => {
        const result = await this.query<Record<string, R>>(client, sql, params);
        const name = result.fields[0]?.name;
        return name === undefined ? [] : result.rows.map((r) => r[name]!);
      },
      run: async (sql, params = []) => ({ changes: (await this.query(client, sql, params)).rowCount ?? 0 }),
      insert: async (sql, params = []) => {
        const result = await this.query<{ id: number }>(client, `${sql} RETURNING id`, params);
        return Number(result.rows[0]!.id);
      },
      afterCommit: (fn) => {
        after.push(fn);
      },
    };
  }

  /** Statements with no parameters and no translation, in one transaction (migrations). */
  async execInTransaction(fn: (exec: (sql: string, params?: SqlParam[]) => Promise<Row[]>) => Promise<void>): Promise<void> {
    const client = await this.connect();
    try {
      await client.query('BEGIN');
      await fn(async (sql, params = []) => (await client.query(sql, params)).rows as Row[]);
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      client.release(true);
      if (isConnectionError(error)) throw this.lost(error);
      throw error;
    }
  }

  private closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.afterCommitChain.catch(() => {});
    await this.pool.end();
  }
}
