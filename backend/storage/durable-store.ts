import { closeSync, existsSync, fdatasyncSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DataFolderLock } from './data-folder-lock.js';
import { openPrivate, openPrivateSync, preparePrivateDataFolder, tightenPrivateFileSync } from './private-files.js';
import { checkFault } from './fault-injection.js';
import { fsyncDir, JournalWriter, readJournal, truncateFile, type JournalRecord, type StoredRecord } from './journal.js';
import { SqlDatabase, type Row, type SqlParam } from './sql-database.js';
import { applyMigrations, type Migration } from './migrations/runner.js';
import { errnoCode, StorageHealth, StorageUnavailableError } from './storage-health.js';

export type { OpenTx, ReadDb, WriteTx } from './sql-types.js';
import type { OpenTx, ReadDb, WriteTx } from './sql-types.js';

export interface DurableStoreOptions {
  /** Take a snapshot when the journal grows past this many bytes. */
  snapshotAfterBytes?: number;
  log?: (line: string) => void;
  /** Where a journal fault and its end are reported (area 'database'); one of its own by default. */
  health?: StorageHealth;
  /** While writes are refused after a journal fault: how often to try the disk again (ms). */
  recoveryProbeMs?: number;
  /** After a failed snapshot: how long before the next one is tried (ms). */
  snapshotRetryMs?: number;
  /**
   * Open a data folder that others may read or write (group/other permission bits set); refused
   * with SharedDataFolderError otherwise (`--allow-shared-data-folder`). A missing folder is created 0700.
   */
  allowSharedFolder?: boolean;
}

const SNAPSHOT = 'snapshot.db';
/** Written, fdatasync'd and removed to learn whether the data folder takes writes again. */
const PROBE = 'write-probe.tmp';
const PROBE_BYTES = 4096;
/** While rebuilding after a fault, the longest stretch the replay keeps the event loop (ms). */
const REPLAY_SLICE_MS = 20;
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
 * The database as the disk holds it: snapshot.db plus the journal records up to `durableSeq`.
 * Read-only: it never cuts, removes or writes a file (the journal writer owns them while the store
 * is open). Reads every file in one tick, so a snapshot finishing meanwhile cannot be half seen;
 * the replay then yields now and then (nothing is appended while the store is degraded).
 */
async function loadDurableState(dir: string, durableSeq: number): Promise<SqlDatabase> {
  const snapshotPath = join(dir, SNAPSHOT);
  const snapshotBytes = existsSync(snapshotPath) ? readFileSync(snapshotPath) : undefined;
  const records: StoredRecord[] = [];
  for (const name of readdirSync(dir).filter((n) => JOURNAL_PATTERN.test(n))) records.push(...readJournal(join(dir, name)).records);
  records.sort((a, b) => a.seq - b.seq);
  const db = await SqlDatabase.open(snapshotBytes);
  try {
    db.exec('CREATE TABLE IF NOT EXISTS _durability (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
    let seq = db.get<{ value: number }>("SELECT value FROM _durability WHERE key = 'seq'")?.value ?? 0;
    if (seq > durableSeq) throw new Error(`snapshot.db holds record ${seq}, past the last durable record ${durableSeq}`);
    let slice = Date.now();
    for (const record of records) {
      if (record.seq <= seq) continue;
      if (record.seq > durableSeq) break;
      if (record.seq !== seq + 1) throw new Error(`journal record ${seq + 1} is missing`);
      applyRecord(db, record);
      seq = record.seq;
      // A long journal replays in slices, so readers keep being answered (from the old database).
      if (Date.now() - slice > REPLAY_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = Date.now();
      }
    }
    if (seq !== durableSeq) throw new Error(`the journal ends at record ${seq}, before the last durable record ${durableSeq}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Writes and fdatasyncs a small file in `dir`, then removes it: throws while the disk refuses. */
function probeWritable(dir: string): void {
  const path = join(dir, PROBE);
  let fd: number | undefined;
  try {
    fd = openPrivateSync(path, 'w');
    const bytes = Buffer.alloc(PROBE_BYTES, 0x2e);
    let written = 0;
    while (written < bytes.length) {
      checkFault('journal', 'write');
      written += writeSync(fd, bytes, written, bytes.length - written);
    }
    checkFault('journal', 'fdatasync');
    fdatasyncSync(fd);
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // the probe's verdict does not depend on it
      }
    }
    try {
      unlinkSync(path);
    } catch {
      // not created, or the disk refuses even that: the next probe overwrites it
    }
  }
}

/** Why writes are refused: the journal could not be written. */
interface Fault {
  error: Error;
  code: string | undefined;
  /** The in-memory database is back at the durable state (the refused writes are gone from it). */
  rebuilt: boolean;
  /** The first rebuild attempt, settled (whatever its outcome): refused writers wait for it. */
  firstRebuild: Promise<void>;
  rebuildLogged: boolean;
}

/**
 * sql.js (an in-memory SQLite) made durable:
 * every write transaction's statements are appended to a journal and fdatasync'd (group commit)
 * before the write is acknowledged; at start the last atomic snapshot is loaded and the journal
 * replayed over it. Snapshots are written to a temp file, fsync'd, renamed, and the folder fsync'd.
 *
 * When the journal cannot be written (disk full, read-only, I/O error) the store is degraded:
 * writes are refused with StorageUnavailableError before they run, the in-memory database is
 * rebuilt from what the disk holds (so refused writes are never seen, snapshotted or replayed),
 * and every `recoveryProbeMs` the disk is tried again; once it takes a write, so does the store.
 */
export class DurableStore implements ReadDb {
  private seq = 0;
  private snapshotting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private closed = false;
  private fault: Fault | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private snapshotRetryAt = 0;
  private snapshotFailures = 0;
  private readonly reloadListeners: (() => void)[] = [];
  private readonly health: StorageHealth;
  /**
   * The store's one lock. An async transaction holds it from BEGIN to COMMIT, so nothing else
   * touches the connection in between: queued reads, other transactions, a rebuild swapping the
   * database, a snapshot's export and close all take it first. Waiters run in arrival order.
   */
  private held = false;
  private readonly waiters: (() => void)[] = [];

  private constructor(
    private readonly dir: string,
    private db: SqlDatabase,
    private readonly lock: DataFolderLock,
    private readonly options: Required<Omit<DurableStoreOptions, 'health' | 'allowSharedFolder'>> & { health?: StorageHealth },
    seq: number,
    journalPath: string,
  ) {
    this.seq = seq;
    this.health = options.health ?? new StorageHealth(options.log);
    this.journal = JournalWriter.openAppend(journalPath, { durableSeq: seq, onFailure: (error) => this.journalFailed(error) });
  }

  private journal: JournalWriter;

  static async open(dir: string, migrations: Migration[], options: DurableStoreOptions = {}): Promise<DurableStore> {
    preparePrivateDataFolder(dir, { allowShared: options.allowSharedFolder });
    const lock = DataFolderLock.acquire(dir);
    const opts = {
      snapshotAfterBytes: options.snapshotAfterBytes ?? 64 * 1024 * 1024,
      log: options.log ?? (() => {}),
      health: options.health,
      recoveryProbeMs: options.recoveryProbeMs ?? 1000,
      snapshotRetryMs: options.snapshotRetryMs ?? 30_000,
    };
    let db: SqlDatabase | undefined;
    let store: DurableStore | undefined;
    try {
      const snapshotPath = join(dir, SNAPSHOT);
      tightenPrivateFileSync(snapshotPath); // 0644 when an older version wrote it
      db = await SqlDatabase.open(existsSync(snapshotPath) ? readFileSync(snapshotPath) : undefined);
      db.exec('CREATE TABLE IF NOT EXISTS _durability (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
      const snapshotSeq = db.get<{ value: number }>("SELECT value FROM _durability WHERE key = 'seq'")?.value ?? 0;
      const { seq, appendTo, replayed } = replayJournals(dir, db, snapshotSeq, opts.log);
      if (existsSync(join(dir, PROBE))) unlinkSync(join(dir, PROBE)); // left by a process killed mid-probe
      const created = !existsSync(appendTo);
      store = new DurableStore(dir, db, lock, opts, seq, appendTo);
      if (created) fsyncDir(dir);
      if (replayed > 0) opts.log(`replayed ${replayed} journal records`);
      const purge = applyMigrations(store, db, migrations);
      if (purge.length > 0) await store.purgeOldFiles(purge);
      return store;
    } catch (error) {
      if (store) await store.journal.close().catch(() => {});
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

  /** Takes the lock: undefined when it was free (taken now), else a promise of it. */
  private acquire(): Promise<void> | undefined {
    if (!this.held) {
      this.held = true;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }

  /**
   * A read that never sees an open transaction's statements: runs now when no async
   * transaction is open, else right after it commits or rolls back.
   */
  query<T>(fn: (db: ReadDb) => T): Promise<T> {
    if (!this.held) {
      try {
        return Promise.resolve(fn(this.db));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return this.exclusively(() => fn(this.db));
  }

  private async exclusively<T>(fn: () => T): Promise<T> {
    const wait = this.acquire();
    if (wait) await wait;
    try {
      return fn();
    } finally {
      this.release();
    }
  }

  /**
   * Runs `fn` in one transaction that may await its own statements: the store serialises
   * transactions (one at a time, in arrival order) and reads queued meanwhile wait for it, so
   * nothing interleaves. `fn` must await only its statements (a slow await holds every other
   * caller). If `fn` throws, nothing is kept; otherwise the statements are journaled in one record
   * and the promise resolves once they are on disk (group commit with every other write).
   * `afterCommit` hooks run in the COMMIT's tick. Refused as `write` is while the journal is faulted.
   */
  async transaction<T>(fn: (tx: OpenTx) => Promise<T>): Promise<T> {
    const wait = this.acquire();
    if (wait) await wait;
    let outcome: { result: T; durable: Promise<void> };
    try {
      outcome = await this.runTransaction(fn);
    } finally {
      this.release();
    }
    if (outcome.durable !== NOTHING_WRITTEN) this.maybeSnapshot();
    await outcome.durable;
    return outcome.result;
  }

  private async runTransaction<T>(fn: (tx: OpenTx) => Promise<T>): Promise<{ result: T; durable: Promise<void> }> {
    if (this.closed) throw Object.assign(new Error('store is closed'), { apiCode: 14 });
    if (this.fault) throw new StorageUnavailableError(this.fault.code);
    const db = this.db;
    const statements: [string, SqlParam[]][] = [];
    const hooks: (() => void)[] = [];
    let open = true;
    const check = () => {
      if (!open) throw new Error('statement after the transaction ended (a missing await?)');
    };
    const tx: OpenTx = {
      run(sql, params = []) {
        check();
        const outcome = db.run(sql, params);
        statements.push([sql, params]);
        return outcome;
      },
      all: (sql, params = []) => (check(), db.all(sql, params)),
      get: (sql, params = []) => (check(), db.get(sql, params)),
      column: (sql, params = []) => (check(), db.column(sql, params)),
      afterCommit: (hook) => void hooks.push(hook),
    };
    db.exec('BEGIN');
    let result: T;
    try {
      result = await fn(tx);
      // A journal fault meanwhile: the rebuild waits for this lock; nothing more may be taken.
      const fault = this.fault as Fault | undefined; // (narrowed above, but `fn` awaited)
      if (fault) throw new StorageUnavailableError(fault.code);
    } catch (error) {
      open = false;
      db.exec('ROLLBACK');
      throw error;
    }
    open = false;
    db.exec('COMMIT');
    if (statements.length === 0) {
      this.runHooks(hooks);
      return { result, durable: NOTHING_WRITTEN };
    }
    this.seq += 1;
    const durable = this.journal.append({ seq: this.seq, statements }).catch((error: unknown) => this.refused(error));
    try {
      this.runHooks(hooks);
    } catch (error) {
      return { result, durable: durable.then(() => Promise.reject(error as Error)) };
    }
    return { result, durable };
  }

  private runHooks(hooks: (() => void)[]): void {
    let failure: unknown;
    for (const hook of hooks) {
      try {
        hook();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }

  /**
   * Called after the in-memory database was replaced by the durable state (after a journal
   * fault): in-memory views built from the database must be rebuilt from it.
   */
  onReload(listener: () => void): void {
    this.reloadListeners.push(listener);
  }

  /** The fault writes are refused for, if any. */
  get unavailable(): StorageUnavailableError | undefined {
    return this.fault && new StorageUnavailableError(this.fault.code);
  }

  /**
   * Runs `fn` in one transaction. If it throws, nothing is kept. Otherwise its statements are
   * journaled and the returned promise resolves once they are on disk: only then may the caller
   * acknowledge the write. While the journal cannot be written, throws StorageUnavailableError
   * without running `fn`; a write whose journal append fails rejects with it once the in-memory
   * database no longer shows the write.
   */
  write<T>(fn: (tx: WriteTx) => T, afterCommit?: (result: T) => void): Promise<T> {
    if (this.held) return this.exclusively(() => this.writeNow(fn, afterCommit)).then((durable) => durable);
    return this.writeNow(fn, afterCommit);
  }

  private writeNow<T>(fn: (tx: WriteTx) => T, afterCommit?: (result: T) => void): Promise<T> {
    const { result, record } = this.execute(fn);
    // Journal first: the sequence number is taken, so the record must be queued even when
    // `afterCommit` throws; a missing number would end the journal at the next start.
    const appended = record ? this.journal.append(record) : Promise.resolve();
    const durable = appended.catch((error: unknown) => this.refused(error));
    if (record) this.maybeSnapshot();
    try {
      // Runs in the same tick as the commit, so in-memory views never lag the database.
      afterCommit?.(result);
    } catch (error) {
      return durable.then(() => Promise.reject(error as Error));
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
    if (this.fault) throw new StorageUnavailableError(this.fault.code);
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

  /** A write's journal append failed: answer once the database no longer shows it. */
  private async refused(error: unknown): Promise<never> {
    const fault = this.fault;
    if (fault) await fault.firstRebuild;
    throw new StorageUnavailableError(fault?.code ?? errnoCode(error));
  }

  /** The journal writer refused a batch (synchronously, before any writer hears of it). */
  private journalFailed(error: Error): void {
    if (this.fault) return;
    const fault: Fault = { error, code: errnoCode(error), rebuilt: false, firstRebuild: Promise.resolve(), rebuildLogged: false };
    this.fault = fault;
    this.health.fault('database', error);
    fault.firstRebuild = this.rebuild(fault);
    this.scheduleProbe();
  }

  /**
   * Replaces the in-memory database by the durable state, dropping every refused write from it.
   * Never rejects: a failure (the disk cannot even be read) is retried by the next probe.
   */
  private async rebuild(fault: Fault): Promise<void> {
    try {
      // Wait for the writer to have refused everything queued: nothing is in flight after this.
      await this.journal.idle();
      const durableSeq = this.journal.durableSeq;
      const fresh = await loadDurableState(this.dir, durableSeq);
      // An open transaction finishes (and is refused at its commit) before the swap.
      const wait = this.acquire();
      if (wait) await wait;
      try {
        if (this.closed || this.fault !== fault) {
          fresh.close();
          return;
        }
        this.swapIn(fresh, durableSeq, fault);
      } finally {
        this.release();
      }
    } catch (error) {
      if (!fault.rebuildLogged) this.options.log(`database: the durable state could not be read back yet (${(error as Error).message}); retrying`);
      fault.rebuildLogged = true;
    }
  }

  private swapIn(fresh: SqlDatabase, durableSeq: number, fault: Fault): void {
    const old = this.db;
    this.db = fresh;
    this.seq = durableSeq;
    old.close();
    fault.rebuilt = true;
    for (const listener of this.reloadListeners) {
      try {
        listener();
      } catch (error) {
        this.options.log(`database reload listener failed: ${(error as Error).message}`);
      }
    }
  }

  private scheduleProbe(): void {
    if (this.probeTimer || this.closed || this.closing) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      this.probing = this.probe().finally(() => {
        this.probing = undefined;
        if (this.fault) this.scheduleProbe();
      });
    }, this.options.recoveryProbeMs);
    this.probeTimer.unref();
  }

  /** One recovery attempt while degraded; never rejects. */
  private async probe(): Promise<void> {
    const fault = this.fault;
    if (!fault || this.closed || this.closing) return;
    await fault.firstRebuild;
    if (!fault.rebuilt) await this.rebuild(fault);
    if (!fault.rebuilt || this.closed || this.closing) return;
    try {
      this.journal.recover();
      probeWritable(this.dir);
    } catch {
      return; // still refused; the fault was logged when it started
    }
    this.fault = undefined;
    this.health.recovered('database');
  }

  private maybeSnapshot(): void {
    if (this.snapshotting || this.fault || this.closing) return;
    if (this.journal.bytesInFile < this.options.snapshotAfterBytes || Date.now() < this.snapshotRetryAt) return;
    // snapshot() logs its own failure; the journal stays the source of truth meanwhile.
    this.snapshot().catch(() => {});
  }

  /** Writes an atomic snapshot and drops the journal files it covers. */
  snapshot(): Promise<void> {
    if (this.fault) return Promise.reject(new StorageUnavailableError(this.fault.code));
    this.snapshotting ??= this.takeSnapshot()
      .then(
        () => {
          if (this.snapshotFailures > 0) this.options.log(`snapshot written again after ${this.snapshotFailures} failed attempt(s)`);
          this.snapshotFailures = 0;
          this.snapshotRetryAt = 0;
        },
        (error: unknown) => {
          if (this.snapshotFailures === 0) {
            const code = errnoCode(error);
            this.options.log(
              `snapshot failed (${code ?? (error as Error).message}); the journal keeps every write, the snapshot is retried in ${Math.round(this.options.snapshotRetryMs / 1000)} s`,
            );
          }
          this.snapshotFailures += 1;
          this.snapshotRetryAt = Date.now() + this.options.snapshotRetryMs;
          throw error;
        },
      )
      .finally(() => {
        this.snapshotting = undefined;
      });
    return this.snapshotting;
  }

  private async takeSnapshot(): Promise<void> {
    // Never inside an open transaction: the export would hold its uncommitted statements.
    const wait = this.acquire();
    if (wait) await wait;
    let seq: number, bytes: Uint8Array, oldJournals: string[], newJournal: string, switched: Promise<boolean>;
    try {
      seq = this.seq;
      this.db.run("INSERT OR REPLACE INTO _durability (key, value) VALUES ('seq', ?)", [seq]);
      bytes = this.db.export();
      // Same tick as the export: records after `seq` go to a new journal file.
      oldJournals = readdirSync(this.dir).filter((name) => JOURNAL_PATTERN.test(name));
      newJournal = journalName(seq + 1);
      switched = this.journal.switchTo(join(this.dir, newJournal));
    } finally {
      this.release();
    }
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    try {
      const handle = await openPrivate(tmp, 'w');
      try {
        checkFault('snapshot', 'write');
        await handle.writeFile(bytes);
        checkFault('snapshot', 'fsync');
        await handle.sync();
      } finally {
        await handle.close();
      }
      // The snapshot may replace snapshot.db only once every record it holds is durable: a record
      // refused by a journal fault must never reach the disk through the snapshot.
      if (!(await switched) || this.journal.durableSeq < seq) {
        throw new StorageUnavailableError(this.fault?.code ?? errnoCode(this.journal.failed));
      }
      checkFault('snapshot', 'rename');
      renameSync(tmp, join(this.dir, SNAPSHOT));
    } catch (error) {
      // Whatever failed, the previous snapshot and every journal file stay as they were.
      try {
        unlinkSync(tmp);
      } catch {
        // never created
      }
      await switched.catch(() => false);
      throw error;
    }
    fsyncDir(this.dir);
    for (const name of oldJournals) {
      if (name !== newJournal) unlinkSync(join(this.dir, name));
    }
  }

  /**
   * After a migration that replaced values which must not stay on disk (session tokens): the
   * database is vacuumed (no freed page keeps the old bytes) and snapshotted, which drops every
   * journal file written before. A failed snapshot is logged, not fatal: the next one (at the
   * latest on a clean stop) writes the vacuumed database and drops those files.
   */
  private async purgeOldFiles(ids: string[]): Promise<void> {
    this.db.exec('VACUUM');
    try {
      await this.snapshot();
      this.options.log(`migration ${ids.join(', ')}: snapshot rewritten, older journal files removed`);
    } catch {
      // logged by snapshot(); retried on the next snapshot
    }
  }

  /** Resolves once every write so far is on disk (or refused) and a running snapshot has settled. */
  async idle(): Promise<void> {
    await this.journal.idle();
    await this.snapshotting?.catch(() => {});
  }

  get lastSeq(): number {
    return this.seq;
  }

  /**
   * Flushes, snapshots (unless writes are refused: the journal holds everything), and releases
   * the folder. Never throws for a storage fault.
   */
  close({ snapshot = true } = {}): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.probeTimer);
      this.probeTimer = undefined;
      await this.journal.idle();
      await this.probing;
      await this.fault?.firstRebuild;
      // A snapshot already running may predate the last writes: let it finish, then take another.
      await this.snapshotting?.catch(() => {});
      if (snapshot && !this.fault) await this.snapshot().catch(() => {}); // logged by snapshot()
      const wait = this.acquire(); // an open transaction ends first
      if (wait) await wait;
      this.closed = true;
      this.release();
      await this.journal.close();
      this.db.close();
      this.lock.release();
    })();
    return this.closing;
  }
}

/** What `transaction` awaits when it wrote nothing. */
const NOTHING_WRITTEN: Promise<void> = Promise.resolve();

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
