import { mkdirSync } from 'node:fs';
import { mkdirPrivateSync } from '../storage/private-files.js';
import type { StorageHealth } from '../storage/storage-health.js';
import { BATCH_TEXT_BYTES, encodeBlock } from './tracking/blocks.js';
import { saveCheckpoint } from './tracking/checkpoint-file.js';
import type { FlushPolicy } from './tracking/flush-policy.js';
import { eachLimited } from './tracking/fs-async.js';
import { historyDescriptorBudget } from './tracking/descriptor-budget.js';
import { HistoryFiles } from './tracking/history-files.js';
import { HistoryWriter } from './tracking/history-writer.js';
import { HistoryReader } from './tracking/reader.js';
import { recoverLogs } from './tracking/recovery.js';
import type { StoredRecord } from './tracking/types.js';
import { WriteAheadLog } from './tracking/wal.js';

export type { StoredRecord } from './tracking/types.js';

export interface TrackingStoreOptions {
  /** Where faults are reported (area `tracking`): one line when one starts, one when it ends. */
  health?: StorageHealth;
  /** Descriptors held open for history files at most (log + index per file; default: what the open-file limit leaves after 12,000, 512–16,384). */
  maxOpenFiles?: number;
  /** Seal the write-ahead log and checkpoint past this size, bytes (default 64 MiB). */
  checkpointAfterBytes?: number;
  /** The longest an acknowledged record waits in memory for its history write, ms (default 10 s). */
  historyFlushMs?: number;
  /** Buffered history text past which the oldest files are written early, bytes (default 32 MiB). */
  historyBufferBytes?: number;
  /** Buffered history text past which appends are refused, bytes (default 256 MiB). */
  maxBufferedBytes?: number;
  /** Wait after a failed write before the next attempt, ms (default 500). */
  retryMs?: number;
  /** History writes or syncs in flight at most (default 2; libuv has 4 threads and the log's fdatasync needs one). */
  historyWriters?: number;
  now?: () => number;
}

interface Pending {
  sourceId: number;
  stored: StoredRecord;
  resolve: () => void;
  reject: (error: Error) => void;
}

const backlogError = () => Object.assign(new Error('tracking store: history files are behind; try again later'), { code: 'EAGAIN' });

/**
 * A tracker's history ("tracking table"), kept outside the in-memory database in append-only files
 * `tracking/<source id>/<UTC day>.log` (blocks of u32 length | u32 CRC-32 | deflated JSON array of
 * records) with a sidecar index `<UTC day>.idx` (tracking/day-index.ts).
 *
 * Durability before ACK without one fsync per device: appends of all devices go, in batches, to one
 * write-ahead log (tracking/wal.ts), one write + one fdatasync per batch; `append` resolves then,
 * and the gateway ACKs. A failed log write rejects its batch and retires the file; later batches go
 * to a new one after a short backoff (appends in between fail at once). Acknowledged records wait
 * in memory and go to their history files in larger blocks without a sync (positional writes at the
 * known-good length; a failed one is retried and its torn tail cut). A checkpoint (log over
 * `checkpointAfterBytes`, and on close) writes everything buffered, fsyncs the files written since
 * the last one, saves `checkpoint.json` and only then deletes sealed logs; it is skipped (logs kept)
 * while any of that fails. After a crash the logs are replayed (tracking/recovery.ts).
 *
 * Reads never wait for the writer: the file's index picks the blocks a page needs, and records not
 * written yet come from memory.
 */
export class TrackingStore {
  private readonly health: StorageHealth | undefined;
  private readonly now: () => number;
  private readonly retryMs: number;
  private readonly checkpointAfterBytes: number;
  private readonly policy: FlushPolicy;
  private readonly maxBufferedBytes: number;
  private readonly writers: number;
  private readonly wal: WriteAheadLog;
  private readonly history: HistoryFiles;
  private readonly reader: HistoryReader;
  private queue: Pending[] = [];
  private flushing = false;
  private seq: number;
  /** Highest sequence number in a log write that succeeded. */
  private walSeq: number;
  private appended = 0;
  private settled = 0;
  private settleWaiters: { target: number; resolve: () => void }[] = [];
  private readonly writer: HistoryWriter;
  private checkpointing: Promise<boolean> | undefined;
  private checkpointFailure: { error: Error; retryAt: number } | undefined;
  private readonly timer: NodeJS.Timeout;
  private closing: Promise<void> | undefined;
  private abandoned = false;

  constructor(
    private readonly root: string,
    options: TrackingStoreOptions = {},
  ) {
    this.health = options.health;
    this.now = options.now ?? Date.now;
    this.retryMs = options.retryMs ?? 500;
    this.checkpointAfterBytes = options.checkpointAfterBytes ?? 64 * 1024 * 1024;
    const flushMs = options.historyFlushMs ?? 10_000;
    this.policy = { flushMs, tickMs: Math.max(10, Math.min(1000, flushMs / 2, this.retryMs)), softBytes: options.historyBufferBytes ?? 32 * 1024 * 1024 };
    this.maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024 * 1024;
    this.writers = options.historyWriters ?? 2;
    mkdirPrivateSync(root);
    const { seq, nextWal } = recoverLogs(root);
    this.seq = this.walSeq = seq;
    this.wal = new WriteAheadLog(root, nextWal, this.retryMs, this.now);
    this.history = new HistoryFiles(root, Math.max(2, options.maxOpenFiles ?? historyDescriptorBudget()));
    this.writer = new HistoryWriter(this.history, this.policy, this.writers, this.retryMs, this.now, {
      failed: (error) => this.health?.fault('tracking', error, 'device data is still acknowledged (kept in the write-ahead log); history files are retried'),
      healthy: () => this.maybeHealthy(),
      unexpected: (error) => this.unexpected(error),
    });
    this.reader = new HistoryReader({
      root,
      history: this.history,
      files: this.writer.files,
      file: (sourceId, day) => this.writer.file(sourceId, day),
      loadDisk: (file) => this.writer.loadDisk(file),
    });
    this.timer = setInterval(() => this.tick(), this.policy.tickMs);
    this.timer.unref();
  }

  /** False while appends are refused at once (after a failed log write, until the retry; or a history backlog). */
  get writable(): boolean {
    return !this.closing && !this.wal.blocked && this.writer.pendingBytes < this.maxBufferedBytes;
  }

  /** The error code of the storage fault now in effect, if any (log, history file or checkpoint). */
  get fault(): string | undefined {
    const error = this.wal.blocked ?? this.writer.firstFailure() ?? this.checkpointFailure?.error;
    return error ? String((error as NodeJS.ErrnoException).code ?? 'unknown') : undefined;
  }

  /** Descriptors now open for history files (bounded by `maxOpenFiles`). */
  get openHistoryDescriptors(): number {
    return this.history.openDescriptors;
  }

  /** Resolves once the record is durable in the write-ahead log; rejects when it is not. */
  append(sourceId: number, stored: StoredRecord): Promise<void> {
    if (this.closing) return Promise.reject(new Error('tracking store is closed'));
    const blocked = this.wal.blocked;
    if (blocked) return Promise.reject(blocked);
    if (this.writer.pendingBytes >= this.maxBufferedBytes) return Promise.reject(this.writer.firstFailure() ?? backlogError());
    return new Promise((resolve, reject) => {
      this.queue.push({ sourceId, stored: { ...stored }, resolve, reject });
      this.appended += 1;
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => {
          this.flush().catch((error: unknown) => this.unexpected(error));
        });
      }
    });
  }

  /** Writes queued appends to the log, a batch at a time; never rejects. */
  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        if (this.abandoned) {
          this.settle(this.queue.splice(0), new Error('tracking store abandoned'));
          break;
        }
        const blocked = this.wal.blocked;
        if (blocked) {
          this.settle(this.queue.splice(0), blocked);
          continue;
        }
        let take = 0;
        let bytes = 0;
        const texts: string[] = [];
        while (take < this.queue.length && (bytes < BATCH_TEXT_BYTES || take === 0)) {
          const p = this.queue[take++]!;
          p.stored.seq = ++this.seq;
          // Each record is serialised once: the same JSON goes to the log and to its history file.
          const text = JSON.stringify(p.stored);
          texts.push(text);
          bytes += text.length;
        }
        const batch = this.queue.splice(0, take);
        let resumed: boolean;
        try {
          resumed = await this.wal.write(encodeBlock(batch.map((p, i) => `[${p.sourceId},${texts[i]}]`)));
        } catch (error) {
          this.health?.fault('tracking', error);
          this.settle(batch, error as Error);
          continue;
        }
        this.walSeq = batch.at(-1)!.stored.seq!;
        batch.forEach((p, i) => this.writer.buffer(p.sourceId, p.stored, texts[i]!));
        this.settle(batch);
        if (resumed) this.maybeHealthy();
        if (this.writer.pendingBytes >= this.policy.softBytes) this.writer.kick();
        if (this.wal.size >= this.checkpointAfterBytes) {
          await this.wal.seal().catch(() => undefined);
          this.startCheckpoint();
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private settle(batch: Pending[], error?: Error): void {
    for (const p of batch) {
      if (error) p.reject(error);
      else p.resolve();
    }
    this.settled += batch.length;
    if (this.settleWaiters.length) {
      const due = this.settleWaiters.filter((w) => w.target <= this.settled);
      this.settleWaiters = this.settleWaiters.filter((w) => w.target > this.settled);
      for (const w of due) w.resolve();
    }
  }

  /** Resolves when every append made before the call has resolved or rejected. */
  private settledUpTo(target: number): Promise<void> {
    if (this.settled >= target) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push({ target, resolve }));
  }

  private tick(): void {
    this.writer.kick();
    const failure = this.checkpointFailure;
    if (failure && !this.checkpointing && this.now() >= failure.retryAt) this.startCheckpoint();
  }

  private maybeHealthy(): void {
    if (!this.wal.failing && this.writer.failingFiles === 0 && !this.checkpointFailure) this.health?.recovered('tracking');
  }

  private unexpected(error: unknown): void {
    this.health?.fault('tracking', error);
  }

  private startCheckpoint(): void {
    this.checkpoint().catch((error: unknown) => this.unexpected(error));
  }

  /** One checkpoint at a time; resolves whether it deleted the sealed logs it found at its start. */
  private checkpoint(): Promise<boolean> {
    this.checkpointing ??= this.runCheckpoint().finally(() => (this.checkpointing = undefined));
    return this.checkpointing;
  }

  private async runCheckpoint(): Promise<boolean> {
    if (this.abandoned) return false;
    const sealed = [...this.wal.sealed];
    let synced = 0;
    try {
      // Everything acknowledged so far (every record of a sealed log among it) goes to the files.
      await this.writer.run('all', () => (synced = this.walSeq));
      const failed = this.writer.firstFailure();
      if (failed) throw failed;
      const dirty = [...this.history.dirty];
      const dirs = [...this.history.newDirs];
      this.history.dirty.clear();
      this.history.newDirs.clear();
      try {
        // On close nothing else needs the libuv threads: all four sync.
        const syncers = this.closing ? 4 : this.writers;
        await eachLimited(dirty, syncers, (key) => this.history.sync(key));
        await eachLimited(dirs, syncers, (dir) => this.history.syncPath(dir));
      } catch (error) {
        for (const key of dirty) this.history.dirty.add(key);
        for (const dir of dirs) this.history.newDirs.add(dir);
        throw error;
      }
      await saveCheckpoint(this.root, { seq: this.seq, synced });
      await this.wal.remove(sealed);
      if (this.checkpointFailure) {
        this.checkpointFailure = undefined;
        this.maybeHealthy();
      }
      return true;
    } catch (error) {
      this.checkpointFailure = { error: error as Error, retryAt: this.now() + this.retryMs };
      this.health?.fault('tracking', error, 'device data is still acknowledged; old write-ahead logs are kept until a checkpoint succeeds');
      return false;
    }
  }

  /**
   * Resolves when every append made before the call is settled and its record written to its
   * history file; rejects when a history file cannot be written now (the records stay buffered).
   */
  async drain(): Promise<void> {
    await this.settledUpTo(this.appended);
    await this.writer.run('all');
    const failed = this.writer.firstFailure();
    if (failed) throw failed;
  }

  /** Records of a source received in [from, to] (ms), oldest first, at most `limit`. Never waits for writes. */
  read(sourceId: number, from: number, to: number, limit: number): Promise<StoredRecord[]> {
    return this.reader.read(sourceId, from, to, limit);
  }

  /** Writes and syncs a source's files and closes them (before its folder is moved aside). */
  async release(sourceId: number): Promise<void> {
    await this.settledUpTo(this.appended);
    await this.writer.run('all', undefined, (f) => f.sourceId === sourceId);
    const mine = [...this.writer.files.values()].filter((f) => f.sourceId === sourceId);
    const failed = mine.find((f) => f.failure)?.failure;
    if (failed) throw failed.error;
    const prefix = `${sourceId}/`;
    await eachLimited(
      [...this.history.dirty].filter((k) => k.startsWith(prefix)),
      this.writers,
      (key) => this.history.sync(key),
    );
    await this.history.forget(sourceId);
    for (const file of mine) if (!file.pending.length && !file.writing) this.writer.files.delete(file.key);
    this.reader.forget(sourceId);
  }

  /**
   * Writes everything out, checkpoints and closes. Storage faults do not make it reject: the
   * records are then still in the write-ahead logs, which the next start replays.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    await this.settledUpTo(this.appended);
    clearInterval(this.timer);
    await this.wal.seal().catch(() => undefined);
    while (this.checkpointing) await this.checkpointing;
    await this.checkpoint();
    await this.writer.idle;
    await this.history.closeAll();
    await this.wal.close().catch(() => undefined);
  }

  /**
   * For crash tests: stops at once as if the process died. Nothing more is written or synced
   * (writes already in flight finish); descriptors are closed; the folder is left for recovery.
   */
  async abandon(): Promise<void> {
    this.abandoned = true;
    this.writer.stopped = true;
    this.closing ??= Promise.resolve();
    clearInterval(this.timer);
    while (this.flushing) await new Promise((resolve) => setImmediate(resolve));
    await this.writer.idle;
    while (this.checkpointing) await this.checkpointing;
    await this.history.closeAll();
    await this.wal.close().catch(() => undefined);
  }
}
