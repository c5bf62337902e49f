import type { Clock } from '../../../shared/clock.js';
import { utcDate, utcDateTime } from '../../../shared/clock.js';
import { ApiError } from '../../api/api-error.js';
import type { DurableStore, WriteTx } from '../durable-store.js';
import type { TrackerIndex } from './tracker-index.js';
import type { TrackerRow } from './tracker-rows.js';

export interface NewTracker {
  userId: number;
  label: string;
  model: string;
  deviceId: string;
  phone: string | null;
  tariffId: number | null;
  tariffEndDate: string | null;
  lastChargedDate: string;
}

export interface Associations {
  rules: number[];
  vehicles: number[];
}

export interface CloneDeletion {
  deleted: number[];
  failed: { id: number; error: string }[];
}

/**
 * Tracker writes. Every write runs in one store transaction and refreshes the in-memory
 * tracker index in the same tick as its commit.
 */
export class Trackers {
  constructor(
    private readonly store: DurableStore,
    private readonly index: TrackerIndex,
    private readonly clock: Clock,
  ) {}

  /** The tracker of this dealer, or 201. */
  /** The dealer's tracker, if it is one (callers check it with `guardTracker`). */
  find(dealerId: number, trackerId: number): TrackerRow | undefined {
    return this.index.get(dealerId, trackerId);
  }

  owned(dealerId: number, trackerId: number): TrackerRow {
    const row = this.index.get(dealerId, trackerId);
    if (!row) throw new ApiError(201);
    return row;
  }

  /** Ids of the clones of a source (every tracker over it but the original). */
  clonesOf(sourceId: number): number[] {
    return this.store.column<number>('SELECT id FROM trackers WHERE source_id = ? AND clone = 1 ORDER BY id', [sourceId]);
  }

  associations(trackerId: number, db: Pick<WriteTx, 'column'> = this.store): Associations {
    return {
      rules: db.column<number>('SELECT rule_id FROM rule_trackers WHERE tracker_id = ? ORDER BY rule_id', [trackerId]),
      vehicles: db.column<number>('SELECT id FROM vehicles WHERE tracker_id = ? ORDER BY id', [trackerId]),
    };
  }

  async register(dealerId: number, t: NewTracker): Promise<number> {
    const today = utcDate(this.clock.now());
    return this.store.write(
      (tx) => {
        if (tx.get('SELECT 1 FROM sources WHERE device_id = ? AND corrupted = 0', [t.deviceId])) throw new ApiError(224);
        // `phone <> ''` restates what `t.phone` being truthy already says, so that SQLite may use the
        // partial index sources_phone (WHERE corrupted = 0 AND phone IS NOT NULL AND phone <> ''):
        // it cannot infer `phone <> ''` from `phone = ?`, and without it this was a scan of every source.
        if (t.phone && tx.get("SELECT 1 FROM sources WHERE phone = ? AND phone <> '' AND corrupted = 0", [t.phone])) throw new ApiError(223);
        const sourceId = tx.run(
          `INSERT INTO sources (dealer_id, device_id, model, phone, tariff_id, creation_date, tariff_end, tariff_end_date, last_charged_date)
           VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
          [dealerId, t.deviceId, t.model, t.phone, t.tariffId, today, t.tariffEndDate, t.lastChargedDate],
        ).lastInsertRowid;
        return tx.run(
          `INSERT INTO trackers (dealer_id, user_id, source_id, label, clone, creation_date) VALUES (?, ?, ?, ?, 0, ?)`,
          [dealerId, t.userId, sourceId, t.label, today],
        ).lastInsertRowid;
      },
      (id) => this.index.refresh([id]),
    );
  }

  async updateSettings(trackerId: number, changes: { label?: string; deleted?: boolean; comment?: string }): Promise<void> {
    await this.store.write(
      (tx) => {
        if (changes.label !== undefined) tx.run('UPDATE trackers SET label = ? WHERE id = ?', [changes.label, trackerId]);
        if (changes.deleted !== undefined) tx.run('UPDATE trackers SET deleted = ? WHERE id = ?', [changes.deleted ? 1 : 0, trackerId]);
        if (changes.comment !== undefined) tx.run('UPDATE trackers SET comment = ? WHERE id = ?', [changes.comment, trackerId]);
      },
      () => this.index.refresh([trackerId]),
    );
  }

  async setBlocked(sourceId: number, blocked: boolean): Promise<void> {
    await this.store.write(
      // The dealer's block or unblock: billing never lifts the former (manual_block).
      (tx) => tx.run('UPDATE sources SET blocked = ?, manual_block = ? WHERE id = ?', [blocked ? 1 : 0, blocked ? 1 : 0, sourceId]),
      () => this.index.refresh([], [sourceId]),
    );
  }

  async clone(original: TrackerRow, label: string, userId: number): Promise<number> {
    const today = utcDate(this.clock.now());
    return this.store.write(
      (tx) => {
        if (tx.get('SELECT 1 FROM trackers WHERE source_id = ? AND user_id = ?', [original.source_id, userId])) throw new ApiError(247);
        return tx.run(
          `INSERT INTO trackers (dealer_id, user_id, source_id, label, clone, creation_date) VALUES (?, ?, ?, ?, 1, ?)`,
          [original.dealer_id, userId, original.source_id, label, today],
        ).lastInsertRowid;
      },
      (id) => this.index.refresh([id]),
    );
  }

  /**
   * Deletes clones one by one inside one transaction; each failure is reported with its reason
   * and the others still go. Reasons use the error table's words.
   */
  async deleteClones(dealerId: number, ids: number[]): Promise<CloneDeletion> {
    const outcome: CloneDeletion = { deleted: [], failed: [] };
    await this.store.write(
      (tx) => {
        for (const id of ids) {
          if (outcome.deleted.includes(id)) {
            outcome.failed.push({ id, error: 'Already deleted' });
            continue;
          }
          const row = this.index.get(dealerId, id);
          if (!row) outcome.failed.push({ id, error: 'Entity not found' });
          else if (row.clone !== 1) outcome.failed.push({ id, error: 'Not a clone' });
          else if (row.corrupted === 1) outcome.failed.push({ id, error: 'Device already corrupted' });
          else {
            const linked = this.associations(id, tx);
            if (linked.rules.length || linked.vehicles.length) outcome.failed.push({ id, error: 'Delete entity associated with' });
            else {
              tx.run('DELETE FROM trackers WHERE id = ?', [id]);
              outcome.deleted.push(id);
            }
          }
        }
      },
      () => this.index.refresh(outcome.deleted),
    );
    return outcome;
  }

  /** Gives a non-clone tracker to another user; it leaves every rule of its former owner. */
  async move(tracker: TrackerRow, userId: number): Promise<void> {
    await this.store.write(
      (tx) => {
        if (tx.get('SELECT 1 FROM trackers WHERE source_id = ? AND user_id = ? AND clone = 1', [tracker.source_id, userId])) throw new ApiError(247);
        tx.run('DELETE FROM rule_trackers WHERE tracker_id = ?', [tracker.id]);
        tx.run('UPDATE vehicles SET tracker_id = NULL WHERE tracker_id = ?', [tracker.id]);
        tx.run('UPDATE trackers SET user_id = ? WHERE id = ?', [userId, tracker.id]);
      },
      () => this.index.refresh([tracker.id]),
    );
  }

  /**
   * Marks the tracker deleted and its source corrupted, and renames the source's device id and
   * phone (so the device can be registered again). Returns the name the tracking data moves to.
   */
  async corrupt(tracker: TrackerRow): Promise<string> {
    const at = this.clock.now();
    const movedTo = `corrupted-${tracker.source_id}-${at.getTime()}`;
    await this.store.write(
      (tx) => {
        tx.run('UPDATE trackers SET deleted = 1 WHERE id = ?', [tracker.id]);
        tx.run(
          `UPDATE sources SET corrupted = 1, device_id = ?, phone = ? WHERE id = ?`,
          [`${tracker.device_id}#corrupted-${tracker.source_id}`, tracker.phone ? `${tracker.phone}#corrupted-${tracker.source_id}` : tracker.phone, tracker.source_id],
        );
        tx.run('INSERT INTO corrupted_tracking (source_id, old_device_id, old_phone, moved_to, corrupted_at) VALUES (?, ?, ?, ?, ?)', [
          tracker.source_id,
          tracker.device_id,
          tracker.phone,
          movedTo,
          utcDateTime(at),
        ]);
      },
      () => this.index.refresh([], [tracker.source_id]),
    );
    return movedTo;
  }
}
