import type { SqlParam, Row } from '../storage/store.js';
import type { StorageHealth } from '../storage/storage-health.js';
import type { HistoryStore } from './history-store.js';
import { revive, type StoredRecord } from './tracking/types.js';

const DAY_MS = 86_400_000;

/** What the store needs of the PostgreSQL engine (PgStore): one transaction per batch. */
export interface PgHistoryDatabase {
  execInTransaction(fn: (exec: (sql: string, params?: SqlParam[]) => Promise<Row[]>) => Promise<void>): Promise<void>;
  all<T = Row>(sql: string, params?: SqlParam[]): Promise<T[]>;
}

export interface PgHistoryStoreOptions {
  health?: StorageHealth;
  /** Records in one INSERT ... COMMIT at most (default 2,000). */
  maxBatch?: number;
  /** Records waiting for their COMMIT at most; appends past it are refused at once (default 50,000). */
  maxQueued?: number;
  /** Day partitions kept created ahead of today (default 2). */
  daysAhead?: number;
  /** Whole days of history kept; older partitions are dropped (default: kept for ever). */
  retentionDays?: number;
  /** How often partitions are created ahead and expired ones dropped, ms (default 1 h). */
  maintainEveryMs?: number;
  now?: () => number;
}

interface Pending {
  sourceId: number;
  stored: StoredRecord;
  resolve: () => void;
  reject: (error: Error) => void;
}

export const partitionName = (dayStartMs: number) => `device_history_${new Date(dayStartMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
const dayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

const busyError = () => Object.assign(new Error('device history: too many records wait for the database; try again later'), { code: 'EAGAIN' });

/**
 * Device history in PostgreSQL (migration pg-901): appends are queued and written in batches, one
 * multi-row INSERT (unnest of arrays) per transaction; every append of a batch resolves after its
 * COMMIT and rejects when the transaction fails (the gateway then sends no ACK and the device sends
 * again). One batch is in flight at a time; the queue is bounded (`maxQueued`). The day partition a
 * record needs is created before its batch if the maintenance has not made it yet. Reads go by the
 * (source_id, received, seq) index, and see only committed records, which are all ACKed ones.
 */
export class PgHistoryStore implements HistoryStore {
  private readonly now: () => number;
  private readonly maxBatch: number;
  private readonly maxQueued: number;
  private readonly daysAhead: number;
  private readonly retentionDays: number | undefined;
  private readonly health: StorageHealth | undefined;
  private readonly days = new Set<number>();
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;
  private failing = false;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly db: PgHistoryDatabase,
    options: PgHistoryStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.maxBatch = options.maxBatch ?? 2000;
    this.maxQueued = options.maxQueued ?? 50_000;
    this.daysAhead = options.daysAhead ?? 2;
    this.retentionDays = options.retentionDays;
    this.health = options.health;
    this.timer = setInterval(() => {
      this.maintain().catch((error: unknown) => this.health?.fault('tracking', error));
    }, options.maintainEveryMs ?? 3_600_000);
    this.timer.unref();
  }

  /** Opens the store and creates today's partitions ahead (and drops expired ones). */
  static async open(db: PgHistoryDatabase, options: PgHistoryStoreOptions = {}): Promise<PgHistoryStore> {
    const store = new PgHistoryStore(db, options);
    try {
      await store.maintain();
    } catch (error) {
      store.stop();
      throw error;
    }
    return store;
  }

  /** Records waiting for their COMMIT now. */
  get queued(): number {
    return this.queue.length;
  }

  append(sourceId: number, stored: StoredRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('device history store is closed'));
    if (this.queue.length >= this.maxQueued) return Promise.reject(busyError());
    return new Promise((resolve, reject) => {
      this.queue.push({ sourceId, stored, resolve, reject });
      this.flushing ??= new Promise<void>((r) => setImmediate(r)).then(() => this.flush());
    });
  }

  /** Writes batches until the queue is empty; `flushing` is cleared in the same turn the queue is seen empty. */
  private async flush(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        this.flushing = undefined;
        return;
      }
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.write(batch);
        for (const p of batch) p.resolve();
        if (this.failing) {
          this.failing = false;
          this.health?.recovered('tracking');
        }
      } catch (error) {
        if (!this.failing) {
          this.failing = true;
          this.health?.fault('tracking', error, 'device data is not acknowledged (devices send it again)');
        }
        for (const p of batch) p.reject(error as Error);
      }
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    for (const p of batch) {
      const day = dayStart(p.stored.received);
      if (!this.days.has(day)) await this.createPartition(day);
    }
    const sources: number[] = [];
    const received: number[] = [];
    const kinds: string[] = [];
    const records: string[] = [];
    for (const p of batch) {
      sources.push(p.sourceId);
      received.push(p.stored.received);
      kinds.push(p.stored.kind);
      records.push(JSON.stringify(p.stored.record));
    }
    await this.db.execInTransaction(async (exec) => {
      await exec(
        'INSERT INTO device_history (source_id, received, kind, record) SELECT s, t, k, j FROM unnest($1::integer[], $2::bigint[], $3::text[], $4::json[]) WITH ORDINALITY AS r(s, t, k, j, o) ORDER BY o',
        [sources, received, kinds, records] as unknown as SqlParam[],
      );
    });
  }

  private async createPartition(day: number): Promise<void> {
    const name = partitionName(day);
    await this.db.execInTransaction(async (exec) => {
      await exec(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF device_history FOR VALUES FROM (${day}) TO (${day + DAY_MS})`);
    });
    this.days.add(day);
  }

  /** The day partitions that exist, by their first ms, oldest first. */
  async partitions(): Promise<number[]> {
    const rows = await this.db.all<{ name: string }>(
      "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'device_history' AND p.relnamespace = c.relnamespace AND p.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())",
    );
    return rows
      .map((r) => /^device_history_(\d{4})(\d{2})(\d{2})$/.exec(r.name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
      .sort((a, b) => a - b);
  }

  /** Creates the partitions of today and `daysAhead` days after it; drops those past the retention. */
  async maintain(): Promise<void> {
    const today = dayStart(this.now());
    for (let d = 0; d <= this.daysAhead; d++) await this.createPartition(today + d * DAY_MS);
    if (this.retentionDays === undefined) return;
    const keepFrom = today - this.retentionDays * DAY_MS;
    for (const day of await this.partitions()) {
      if (day >= keepFrom) continue;
      await this.db.execInTransaction(async (exec) => {
        await exec(`DROP TABLE IF EXISTS ${partitionName(day)}`);
      });
      this.days.delete(day);
    }
  }

  async read(sourceId: number, from: number, to: number, limit: number): Promise<StoredRecord[]> {
    const rows = await this.db.all<{ received: number; seq: number; kind: StoredRecord['kind']; record: StoredRecord['record'] }>(
      'SELECT received, seq, kind, record FROM device_history WHERE source_id = $1 AND received >= $2 AND received <= $3 ORDER BY received, seq LIMIT $4',
      [sourceId, from, to, limit],
    );
    return rows.map((r) => revive({ kind: r.kind, received: Number(r.received), seq: Number(r.seq), record: r.record }));
  }

  /** Resolves when every append made before the call has settled. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async release(): Promise<void> {
    await this.drain();
  }

  /**
   * Moves a corrupted source's history to `device_history_corrupted` under `movedTo`, in one
   * transaction (never deleted).
   */
  async moveAside(sourceId: number, movedTo: string): Promise<void> {
    await this.drain();
    await this.db.execInTransaction(async (exec) => {
      await exec(
        'INSERT INTO device_history_corrupted (moved_to, source_id, received, seq, kind, record) SELECT $1, source_id, received, seq, kind, record FROM device_history WHERE source_id = $2',
        [movedTo, sourceId],
      );
      await exec('DELETE FROM device_history WHERE source_id = $1', [sourceId]);
    });
  }

  private stop(): void {
    clearInterval(this.timer);
  }

  /** Writes what is queued (or fails it), then refuses further appends. */
  async close(): Promise<void> {
    this.closed = true;
    this.stop();
    await this.drain();
  }
}
