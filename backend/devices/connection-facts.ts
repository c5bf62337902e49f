import type { ConnectionFacts, DeviceSources, SourceSnapshot } from '../storage/repositories/sources.js';
import type { TrackerIndex } from '../storage/repositories/tracker-index.js';
import { applyRecord, type LastState } from './device-state.js';
import type { PositionRecord, StatusRecord } from './vocabulary.js';

export type { ConnectionFacts };

const STATE_FLUSH_MS = 1000;
const STATE_PERSIST_MS = 30_000;
/** Sources written per flush at most: one transaction stays short however many devices report. */
const STATE_WRITE_BATCH = 500;

export interface ConnectionFactsOptions {
  /** How often connection facts reach the tracker list and due ones the database, ms. */
  stateFlushMs?: number;
  /**
   * Longest a source's last connection/data time and last state wait before they are written to
   * the database, ms (default 30 s; a change of `connected` is written at the next flush). The
   * history is the durable record of what a device sent; this is a cache of its latest values.
   */
  statePersistMs?: number;
}

/**
 * What the gateway knows of each source now: its connection facts (connected, last connection,
 * last data) and its last state. Both change with every frame and are kept in memory; the tracker
 * index gets the facts at every flush, the database at most `statePersistMs` later (a change of
 * `connected` at the next flush), in batches.
 */
export class ConnectionFactsCache {
  private readonly facts = new Map<number, ConnectionFacts>();
  /** Last states of the sources asked for or reporting since start (read from the database once each). */
  private readonly states = new Map<number, LastState>();
  /** States being read from the database: one read per source, waited for in arrival order. */
  private readonly loading = new Map<number, Promise<void>>();
  /** Sources whose facts changed since the tracker index was last patched. */
  private readonly dirty = new Set<number>();
  /** Sources with facts or state not yet in the database: since when (ms, monotonic). */
  private readonly unsaved = new Map<number, number>();
  /** Sources whose connected flag changed: written at the next flush, whatever their age. */
  private readonly urgent = new Set<number>();
  private statePersistMs = STATE_PERSIST_MS;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly sources: Pick<DeviceSources, 'clearConnected' | 'save' | 'state'>,
    private readonly index: Pick<TrackerIndex, 'patchConnections' | 'anyTrackerOf'>,
    private readonly log: (line: string) => void,
    private readonly isStorageFault: (error: unknown) => boolean,
  ) {}

  /** Clears the connected flags a crash left, starts the flushes. */
  async start(options: ConnectionFactsOptions): Promise<void> {
    await this.sources.clearConnected();
    this.statePersistMs = options.statePersistMs ?? STATE_PERSIST_MS;
    this.flushTimer = setInterval(() => void this.flush({ dueOnly: true }), options.stateFlushMs ?? STATE_FLUSH_MS);
    this.flushTimer.unref();
  }

  stopFlushing(): void {
    if (this.flushTimer) clearInterval(this.flushTimer);
  }

  touch(sourceId: number, change: Partial<ConnectionFacts>): void {
    let current = this.facts.get(sourceId);
    if (!current) this.facts.set(sourceId, (current = this.initialFacts(sourceId)));
    if (change.connected !== undefined && change.connected !== current.connected) this.urgent.add(sourceId);
    Object.assign(current, change); // in place: this runs for every frame of every device
    this.dirty.add(sourceId);
    if (!this.unsaved.has(sourceId)) this.unsaved.set(sourceId, performance.now());
  }

  /** The facts the tracker index holds (it was read from the database and is patched from here). */
  private initialFacts(sourceId: number): ConnectionFacts {
    const row = this.index.anyTrackerOf(sourceId);
    return { connected: row?.connected ?? false, lastConnection: row?.last_connection ?? null, lastData: row?.last_data ?? null };
  }

  /**
   * Undefined once the source's state is in memory; else the read of its stored state (shared by
   * every caller meanwhile, so records fold in the order they came). Never rejects: after a failed
   * read the state starts empty.
   */
  private ensureState(sourceId: number): Promise<void> | undefined {
    if (this.states.has(sourceId)) return undefined;
    let reading = this.loading.get(sourceId);
    if (!reading) {
      reading = this.sources
        .state(sourceId)
        .then(
          (text) => {
            if (!this.states.has(sourceId)) this.states.set(sourceId, text === undefined ? {} : (JSON.parse(text) as LastState));
          },
          (error: unknown) => {
            if (!this.isStorageFault(error)) this.log(`last state of source ${sourceId} not read: ${(error as Error).message}`);
          },
        )
        .finally(() => this.loading.delete(sourceId));
      this.loading.set(sourceId, reading);
    }
    return reading;
  }

  async lastState(sourceId: number): Promise<LastState> {
    await this.ensureState(sourceId);
    return this.states.get(sourceId) ?? {};
  }

  /** Folds a decoded record into the source's last state (`at` = server receive time). */
  applyRecord(sourceId: number, kind: 'position' | 'status', record: PositionRecord | StatusRecord, at: Date): Promise<void> | undefined {
    const fold = () => void this.states.set(sourceId, applyRecord(this.states.get(sourceId) ?? {}, kind, record, at));
    const reading = this.ensureState(sourceId);
    if (!reading) return fold();
    return reading.then(fold);
  }

  /**
   * Patches the tracker index with every changed source's connection facts (in memory, cheap), then
   * writes facts and last states to the database: all of them, or with `dueOnly` (the timer) those
   * whose connected flag changed or that waited `statePersistMs`, at most STATE_WRITE_BATCH a time.
   */
  flush({ dueOnly = false } = {}): Promise<void> {
    if (this.dirty.size) {
      const patched = [...this.dirty];
      this.dirty.clear();
      this.index.patchConnections(patched.map((id) => ({ sourceId: id, ...this.facts.get(id)! })));
    }
    if (this.flushing || this.unsaved.size === 0) return this.flushing ?? Promise.resolve();
    const now = performance.now();
    const ids: number[] = [];
    for (const [id, since] of this.unsaved) {
      if (dueOnly && ids.length >= STATE_WRITE_BATCH) break;
      if (!dueOnly || this.urgent.has(id) || now - since >= this.statePersistMs) ids.push(id);
    }
    if (!ids.length) return Promise.resolve();
    for (const id of ids) {
      this.unsaved.delete(id);
      this.urgent.delete(id);
    }
    const snapshots: SourceSnapshot[] = ids.map((id) => {
      const state = this.states.get(id);
      return { sourceId: id, facts: this.facts.get(id), state: state && JSON.stringify(state) };
    });
    this.flushing = this.sources
      .save(snapshots)
      .then(
        () => undefined,
        (error: unknown) => {
          for (const id of ids) if (!this.unsaved.has(id)) this.unsaved.set(id, 0); // due again at once
          // A storage fault has its own health line; anything else is worth a line each time.
          if (!this.isStorageFault(error)) this.log(`state flush failed: ${(error as Error).message}`);
        },
      )
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  /** Waits for a flush under way, then writes everything not yet written (as at stop). */
  async flushAll(): Promise<void> {
    await this.flushing;
    await this.flush();
    await this.flushing;
  }
}
