import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { open as openAsync } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFolderLock } from './data-folder-lock.js';
import { fsyncDir, JournalWriter, readJournal, truncateFile, type JournalRecord, type StoredRecord } from './journal.js';
import { SqlDatabase, type Row, type SqlParam } from './sql-database.js';
import { applyMigrations, type Migration } from './migrations/runner.js';

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

export interface DurableStoreOptions {
  /** Take a snapshot when the journal grows past this many bytes. */
  snapshotAfterBytes?: number;
  log?: (line: string) => void;
}

const SNAPSHOT = 'snapshot.db';
const journalName = (firstSeq: number) => `journal-${String(firstSeq).padStart(12, '0')}.log`;
const JOURNAL_PATTERN = /^journal-(\d{12})\.log$/;

const journalFirstSeq = (name: string) => Number(JOURNAL_PATTERN.exec(name)![1]);

interface JournalFile {
  name: string;
  path: string;
  records: StoredRecord[];
  /** Records left in the file after replay (applied, or already covered by the snapshot). */
  kept: number;
}

/**
 * Replays every journal over `db` from `seq` on, in sequence order, and returns the file to append
 * to next. The first torn, corrupt or out-of-sequence record ends the journal: it and everything
 * after it were never acknowledged, so they are cut off.
 */
function replayJournals(dir: string, db: SqlDatabase, seq: number, log: (line: string) => void): { seq: number; appendTo: string; replayed: number } {
  const files: JournalFile[] = [];
  const torn = new Map<string, number>();
  for (const name of readdirSync(dir).filter((n) => JOURNAL_PATTERN.test(n))) {
    const path = join(dir, name);
    const { records, validBytes, totalBytes } = readJournal(path);
    if (validBytes < totalBytes) torn.set(name, validBytes);
    files.push({ name, path, records, kept: records.length });
  }
  // A file's name is the sequence number its records start at, but order by the records
  // themselves: folders written before that was enforced may disagree with their names.
  const firstSeq = (f: JournalFile) => f.records[0]?.seq ?? Number.MAX_SAFE_INTEGER;
  files.sort((a, b) => firstSeq(a) - firstSeq(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  let replayed = 0;
  let ended = false;
  const remaining: JournalFile[] = [];
  for (const file of files) {
    if (ended) {
      log(`journal ${file.name}: removed, it follows a torn or out-of-sequence record (never acknowledged)`);
      unlinkSync(file.path);
      continue;
    }
    let cutAt = torn.get(file.name) ?? -1;
    for (let i = 0; i < file.records.length; i++) {
      const record = file.records[i]!;
      if (record.seq <= seq) continue;
      if (record.seq !== seq + 1) {
        cutAt = record.offset;
        file.kept = i;
        break;
      }
      applyRecord(db, record);
      seq = record.seq;
      replayed++;
    }
    remaining.push(file);
    if (cutAt >= 0) {
      log(`journal ${file.name}: dropped the bytes from offset ${cutAt} on, after record ${seq} (torn or out of sequence; never acknowledged)`);
      truncateFile(file.path, cutAt);
      ended = true;
    }
  }

  // Keep appending to the last file only while its name still says where its records start;
  // otherwise (a file created for a snapshot that a crash interrupted) start journal-<seq+1>.
  const last = remaining[remaining.length - 1];
  if (last && (journalFirstSeq(last.name) <= seq + 1 || last.kept > 0)) return { seq, appendTo: last.path, replayed };
  if (last) unlinkSync(last.path); // empty: no record was kept in it
  return { seq, appendTo: join(dir, journalName(seq + 1)), replayed };
}

/**
 * sql.js (an in-memory SQLite) made durable:
 * every write transaction's statements are appended to a journal and fdatasync'd (group commit)
 * before the write is acknowledged; at start the last atomic snapshot is loaded and the journal
 * replayed over it. Snapshots are written to a temp file, fsync'd, renamed, and the folder fsync'd.
 */
export class DurableStore implements ReadDb {
  private seq = 0;
  private snapshotting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly db: SqlDatabase,
    private journal: JournalWriter,
    private readonly lock: DataFolderLock,
    private readonly options: Required<DurableStoreOptions>,
    seq: number,
  ) {
    this.seq = seq;
  }

  static async open(dir: string, migrations: Migration[], options: DurableStoreOptions = {}): Promise<DurableStore> {
    mkdirSync(dir, { recursive: true });
    const lock = DataFolderLock.acquire(dir);
    const opts: Required<DurableStoreOptions> = {
      snapshotAfterBytes: options.snapshotAfterBytes ?? 64 * 1024 * 1024,
      log: options.log ?? (() => {}),
    };
    let db: SqlDatabase | undefined;
    let journal: JournalWriter | undefined;
    try {
      const snapshotPath = join(dir, SNAPSHOT);
      db = await SqlDatabase.open(existsSync(snapshotPath) ? readFileSync(snapshotPath) : undefined);
      db.exec('CREATE TABLE IF NOT EXISTS _durability (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
      const snapshotSeq = db.get<{ value: number }>("SELECT value FROM _durability WHERE key = 'seq'")?.value ?? 0;
      const { seq, appendTo, replayed } = replayJournals(dir, db, snapshotSeq, opts.log);
      const created = !existsSync(appendTo);
      journal = JournalWriter.openAppend(appendTo);
      if (created) fsyncDir(dir);
      const store = new DurableStore(dir, db, journal, lock, opts, seq);
      if (replayed > 0) opts.log(`replayed ${replayed} journal records`);
      applyMigrations(store, db, migrations);
      return store;
    } catch (error) {
      if (journal) await journal.close().catch(() => {});
      db?.close();
      lock.release();
      throw error;
    }
  }

  // Reads go straight to the in-memory database.
  all<T = Row>(sql: string, params: SqlParam[] = []): T[] {
    return this.db.all<T>(sql, params);
  }
  get<T = Row>(sql: string, params: SqlParam[] = []): T | undefined {
    return this.db.get<T>(sql, params);
  }
  column<T>(sql: string, params: SqlParam[] = []): T[] {
    return this.db.column<T>(sql, params);
  }

  /**
   * Runs `fn` in one transaction. If it throws, nothing is kept. Otherwise its statements are
   * journaled and the returned promise resolves once they are on disk: only then may the caller
   * acknowledge the write.
   */
  write<T>(fn: (tx: WriteTx) => T, afterCommit?: (result: T) => void): Promise<T> {
    const { result, record } = this.execute(fn);
    // Journal first: the sequence number is taken, so the record must be queued even when
    // `afterCommit` throws; a missing number would end the journal at the next start.
    const durable = record ? this.journal.append(record) : Promise.resolve();
    if (record) this.maybeSnapshot();
    try {
      // Runs in the same tick as the commit, so in-memory views never lag the database.
      afterCommit?.(result);
    } catch (error) {
      return durable.then(() => Promise.reject(error));
    }
    return durable.then(() => result);
  }

  /** Start-up only: a write whose record is fsync'd synchronously. */
  writeSync<T>(fn: (tx: WriteTx) => T): T {
    const { result, record } = this.execute(fn);
    if (record) this.journal.appendSync(record);
    return result;
  }

  private execute<T>(fn: (tx: WriteTx) => T): { result: T; record?: JournalRecord } {
    if (this.closed) throw Object.assign(new Error('store is closed'), { apiCode: 14 });
    if (this.journal.failed) throw Object.assign(new Error('journal failed'), { apiCode: 14, cause: this.journal.failed });
    const statements: [string, SqlParam[]][] = [];
    const db = this.db;
    const tx: WriteTx = {
      run(sql, params = []) {
        const outcome = db.run(sql, params);
        statements.push([sql, params]);
        return outcome;
      },
      all: (sql, params = []) => db.all(sql, params),
      get: (sql, params = []) => db.get(sql, params),
      column: (sql, params = []) => db.column(sql, params),
    };
    db.exec('BEGIN');
    let result: T;
    try {
      result = fn(tx);
      if (result instanceof Promise) throw new Error('write transactions must be synchronous');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    db.exec('COMMIT');
    if (statements.length === 0) return { result };
    this.seq += 1;
    return { result, record: { seq: this.seq, statements } };
  }

  private maybeSnapshot(): void {
    if (this.snapshotting || this.journal.bytesInFile < this.options.snapshotAfterBytes) return;
    void this.snapshot().catch((error) => this.options.log(`snapshot failed: ${(error as Error).message}`));
  }

  /** Writes an atomic snapshot and drops the journal files it covers. */
  snapshot(): Promise<void> {
    this.snapshotting ??= this.takeSnapshot().finally(() => {
      this.snapshotting = undefined;
    });
    return this.snapshotting;
  }

  private async takeSnapshot(): Promise<void> {
    const seq = this.seq;
    this.db.run("INSERT OR REPLACE INTO _durability (key, value) VALUES ('seq', ?)", [seq]);
    const bytes = this.db.export();
    // Same tick as the export: records after `seq` go to a new journal file.
    const oldJournals = readdirSync(this.dir).filter((name) => JOURNAL_PATTERN.test(name));
    const switched = this.journal.switchTo(join(this.dir, journalName(seq + 1)));
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const handle = await openAsync(tmp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    renameSync(tmp, join(this.dir, SNAPSHOT));
    await switched;
    fsyncDir(this.dir);
    for (const name of oldJournals) {
      if (name !== journalName(seq + 1)) unlinkSync(join(this.dir, name));
    }
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Flushes, snapshots, and releases the folder. */
  close({ snapshot = true } = {}): Promise<void> {
    this.closing ??= (async () => {
      await this.journal.idle();
      // A snapshot already running may predate the last writes: let it finish, then take another.
      await this.snapshotting?.catch(() => {});
      if (snapshot && !this.journal.failed) await this.snapshot();
      this.closed = true;
      await this.journal.close();
      this.db.close();
      this.lock.release();
    })();
    return this.closing;
  }
}

function applyRecord(db: SqlDatabase, record: JournalRecord): void {
  db.exec('BEGIN');
  try {
    for (const [sql, params] of record.statements) db.run(sql, params);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw new Error(`journal record ${record.seq} does not replay: ${(error as Error).message}`);
  }
}
