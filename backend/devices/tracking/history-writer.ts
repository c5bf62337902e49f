import { FILE_BLOCK_BYTES, selectFiles, type FlushPolicy } from './flush-policy.js';
import { eachLimited } from './fs-async.js';
import type { DiskState, HistoryFile, HistoryFiles } from './history-files.js';
import { dayOf, fileKey, type StoredRecord } from './types.js';

/** Idle history-file states kept in memory (a few numbers each) before the oldest are dropped. */
const MAX_IDLE_FILES = 50_000;

export interface WriterEvents {
  /** A history write failed (its records stay buffered and are retried). */
  failed(error: unknown): void;
  /** No history file is failing any more. */
  healthy(): void;
  /** A run threw where nothing should (a bug): reported, never unhandled. */
  unexpected(error: unknown): void;
}

/**
 * The acknowledged records on their way to history files, and the runs that write them: one run
 * at a time, `writers` files at a time within it. A failed write puts its records back in front
 * of its file's buffer and waits `retryMs` before that file is tried again (unless forced).
 */
export class HistoryWriter {
  readonly files = new Map<string, HistoryFile>();
  /** JSON text buffered over all files, bytes. */
  pendingBytes = 0;
  private readonly failing = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  running = false;
  stopped = false;

  constructor(
    private readonly history: HistoryFiles,
    private readonly policy: FlushPolicy,
    private readonly writers: number,
    private readonly retryMs: number,
    private readonly now: () => number,
    private readonly events: WriterEvents,
  ) {}

  /** Settles when every run queued so far is done (never rejects). */
  get idle(): Promise<void> {
    return this.chain;
  }

  get failingFiles(): number {
    return this.failing.size;
  }

  file(sourceId: number, day: string): HistoryFile {
    const key = fileKey(sourceId, day);
    let file = this.files.get(key);
    if (!file) {
      file = { key, sourceId, day, pending: [], pendingBytes: 0, pendingSince: 0, writing: undefined, failure: undefined, disk: undefined, loading: undefined };
      this.files.set(key, file);
      if (this.files.size > MAX_IDLE_FILES) this.dropIdleFiles();
    }
    return file;
  }

  private dropIdleFiles(): void {
    for (const [key, file] of this.files) {
      if (this.files.size <= MAX_IDLE_FILES * 0.9) return;
      if (!file.pending.length && !file.writing && !file.loading && !file.failure) this.files.delete(key);
    }
  }

  buffer(sourceId: number, stored: StoredRecord, text: string): void {
    const file = this.file(sourceId, dayOf(stored.received));
    if (!file.pending.length) file.pendingSince = this.now();
    file.pending.push({ seq: stored.seq!, received: stored.received, text });
    file.pendingBytes += text.length;
    this.pendingBytes += text.length;
  }

  /** The file's disk state, loaded (and its index repaired) once, shared by writer and readers. */
  loadDisk(file: HistoryFile): Promise<DiskState> {
    file.loading ??= this.history.load(file).finally(() => (file.loading = undefined));
    return file.loading;
  }

  firstFailure(): Error | undefined {
    for (const key of this.failing) {
      const failure = this.files.get(key)?.failure;
      if (failure) return failure.error;
    }
    return undefined;
  }

  /** Fire and forget: a 'due' run unless one is running. */
  kick(): void {
    if (!this.running) this.run('due').catch((error: unknown) => this.events.unexpected(error));
  }

  /**
   * Queues a run: 'due' writes files whose records waited long enough, are many, or are the
   * oldest while the buffer is over its soft bound, skipping files in their retry wait; 'all'
   * writes everything buffered now. `atStart` runs when the run picks its files. Never rejects.
   */
  run(mode: 'due' | 'all', atStart?: () => void, only?: (file: HistoryFile) => boolean): Promise<void> {
    const run = this.chain.then(async () => {
      if (this.stopped) return;
      this.running = true;
      try {
        atStart?.();
        let files = selectFiles(this.files.values(), mode, this.policy, this.pendingBytes, this.now());
        if (only) files = files.filter(only);
        await eachLimited(files, this.writers, (file) => this.write(file, mode === 'all'));
      } finally {
        this.running = false;
      }
    });
    this.chain = run.catch((error: unknown) => this.events.unexpected(error));
    return this.chain;
  }

  /** Writes a file's buffered records (all of them when `all`); a failure keeps them for a retry. Never throws. */
  private async write(file: HistoryFile, all: boolean): Promise<void> {
    do {
      if (file.writing || !file.pending.length) return;
      let take = 0;
      let bytes = 0;
      while (take < file.pending.length && (bytes < FILE_BLOCK_BYTES || take === 0)) bytes += file.pending[take++]!.text.length;
      const records = file.pending.splice(0, take);
      file.writing = records;
      file.pendingBytes -= bytes;
      try {
        file.disk ??= await this.loadDisk(file);
        await this.history.write(file, records);
        this.pendingBytes -= bytes;
        file.writing = undefined;
        if (file.failure) {
          file.failure = undefined;
          this.failing.delete(file.key);
          if (this.failing.size === 0) this.events.healthy();
        }
      } catch (error) {
        // Safe in the write-ahead log meanwhile (no checkpoint deletes it while this fails).
        file.pending = records.concat(file.pending);
        file.pendingBytes += bytes;
        file.writing = undefined;
        file.failure = { error: error as Error, retryAt: this.now() + this.retryMs };
        this.failing.add(file.key);
        this.events.failed(error);
        return;
      }
      if (!file.pending.length) file.pendingSince = 0;
    } while (all || file.pendingBytes >= FILE_BLOCK_BYTES);
  }
}
