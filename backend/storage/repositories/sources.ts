import type { Store } from '../store.js';
import { bool, flag } from './sql-helpers.js';
import type { TrackerIndex } from './tracker-index.js';

/** What the device gateway keeps of a source's connection: written in batches, read by tracker/list. */
export interface ConnectionFacts {
  connected: boolean;
  /** UTC date-times of the last frame and of the last record, null before the first. */
  lastConnection: string | null;
  lastData: string | null;
}

/** One source's latest values to keep: its connection facts and/or its last state (a JSON text). */
export interface SourceSnapshot {
  sourceId: number;
  facts?: ConnectionFacts;
  state?: string;
}

/** Where a command to a source goes: its dealer, device id and protocol. */
export interface CommandTarget {
  id: number;
  dealer_id: number;
  device_id: string;
  protocol: string;
  corrupted: boolean;
}

/**
 * The device side of sources: connection facts and last states (caches of a device's latest
 * values, written by the gateway in batches; the history is the durable record) and what a command
 * needs to reach a device.
 */
export class DeviceSources {
  constructor(
    private readonly store: Store,
    private readonly index: Pick<TrackerIndex, 'refresh'>,
  ) {}

  /** Nobody is connected at start, whatever the database says after a crash: clears every flag. */
  async clearConnected(): Promise<void> {
    await this.store.transaction(async (tx) => {
      const stale = await tx.column<number>('SELECT id FROM sources WHERE connected = 1');
      if (!stale.length) return;
      await tx.run('UPDATE sources SET connected = 0 WHERE connected = 1');
      tx.afterCommit(() => this.index.refresh([], stale));
    });
  }

  /** Writes the snapshots in one transaction. */
  async save(snapshots: readonly SourceSnapshot[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      for (const { sourceId, facts: f, state } of snapshots) {
        if (f)
          await tx.run('UPDATE sources SET connected = ?, last_connection = ?, last_data = ? WHERE id = ?', [
            flag(f.connected),
            f.lastConnection,
            f.lastData,
            sourceId,
          ]);
        if (state !== undefined)
          await tx.run('INSERT INTO source_states (source_id, state) VALUES (?, ?) ON CONFLICT (source_id) DO UPDATE SET state = excluded.state', [
            sourceId,
            state,
          ]);
      }
    });
  }

  /** A source's stored last state (JSON text), if one was written. */
  async state(sourceId: number): Promise<string | undefined> {
    return (await this.store.get<{ state: string }>('SELECT state FROM source_states WHERE source_id = ?', [sourceId]))?.state;
  }

  /** A source with its model's protocol, corrupted or not. */
  async commandTarget(sourceId: number): Promise<CommandTarget | undefined> {
    const row = await this.store.get<Omit<CommandTarget, 'corrupted'> & { corrupted: number }>(
      'SELECT s.id, s.dealer_id, s.device_id, s.corrupted, m.protocol FROM sources s JOIN models m ON m.code = s.model WHERE s.id = ?',
      [sourceId],
    );
    return row && { ...row, corrupted: bool(row.corrupted) };
  }
}
