import type { Clock } from '../../../shared/clock.js';
import { utcDate, utcDateTime } from '../../../shared/clock.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import type { Queries, Store, Tx } from '../store.js';
import { flag } from './sql-helpers.js';
import { recordBlockChange } from './block-periods.js';
import { recordActivationBonus } from './transactions.js';
import type { TrackerIndex, TrackerQuery } from './tracker-index.js';
import type { TrackerRow } from './tracker-rows.js';
import { auditedWrite } from '../../api/audit.js';

export interface NewTracker {
  userId: number;
  label: string;
  model: string;
  deviceId: string;
  phone: string | null;
  tariffId: number | null;
  tariffEndDate: string | null;
  lastChargedDate: string;
  /** The tariff defaults' activation bonus in cents: credited to the user's bonus in the same transaction (0: none). */
  activationBonusCents: number;
  /**
   * The tariff defaults' `free_days_device_limit`: how many of a user's devices get the free period
   * (null: all). The new source gets it when fewer of the user's registered devices (corrupted and
   * moved-in ones included, clones not) already have it.
   */
  freeDaysDeviceLimit: number | null;
  /** tracker/batch_register: the tracker's comment (tracker/register leaves it empty). */
  comment?: string;
  /**
   * tracker/batch_register: the user's tracker count before the call and the plan's device limit;
   * with the batch's earlier items added, reaching the limit refuses the item (221).
   */
  deviceLimit?: { trackersCount: number; limit: number };
}

/** One item of registerMany: the new tracker's id, or the code that refused it. */
export type BatchRegistration = { id: number } | { code: typeof Code.DeviceIdInUse | typeof Code.PhoneInUse | typeof Code.DeviceLimitExceeded };

export interface Associations {
  rules: number[];
  vehicles: number[];
}

export interface CloneDeletion {
  deleted: number[];
  failed: { id: number; error: string }[];
}

/**
 * Trackers (and their sources). Reads of single trackers and tracker/list pages come from the
 * in-memory tracker index; every write runs in one store transaction and refreshes the index in
 * the tick of its commit (`afterCommit`).
 */
export class Trackers {
  constructor(
    private readonly store: Store,
    private readonly index: TrackerIndex,
    private readonly clock: Clock,
  ) {}

  /** The dealer's tracker, if it is one (callers check it with `guardTracker`). */
  async find(dealerId: number, trackerId: number): Promise<TrackerRow | undefined> {
    return this.index.get(dealerId, trackerId);
  }

  /**
   * The original tracker of the dealer's source with this device id (a live source before a
   * corrupted one, whose device id was renamed), if there is one.
   */
  async findByDeviceId(dealerId: number, deviceId: string): Promise<TrackerRow | undefined> {
    const [sourceId] = await this.store.column<number>('SELECT id FROM sources WHERE device_id = ? AND dealer_id = ? ORDER BY corrupted LIMIT 1', [
      deviceId,
      dealerId,
    ]);
    if (sourceId !== undefined) return this.index.originalOf(dealerId, sourceId);
    // tracker/corrupt renamed the device id to `<old>#corrupted-<source id>`: the device is still
    // the dealer's, corrupted (252), not unknown (201). A range on the plain device_id index; '.'
    // is the character after '-'. The latest corruption wins.
    const prefix = `${deviceId}#corrupted-`;
    const [corruptedId] = await this.store.column<number>(
      'SELECT id FROM sources WHERE device_id > ? AND device_id < ? AND dealer_id = ? AND corrupted = 1 ORDER BY id DESC LIMIT 1',
      [prefix, `${deviceId}#corrupted.`, dealerId],
    );
    return corruptedId === undefined ? undefined : this.index.originalOf(dealerId, corruptedId);
  }

  /** tracker/list: one page of the dealer's trackers, and how many match. */
  async list(dealerId: number, query: TrackerQuery, now: Date): Promise<{ rows: TrackerRow[]; count: number }> {
    return this.index.query(dealerId, query, now);
  }

  /** Ids of the clones of a source (every tracker over it but the original). */
  clonesOf(sourceId: number): Promise<number[]> {
    return this.store.column<number>('SELECT id FROM trackers WHERE source_id = ? AND clone = 1 ORDER BY id', [sourceId]);
  }

  /** The rules and vehicles a tracker is bound to. */
  async associations(trackerId: number, db: Queries = this.store): Promise<Associations> {
    return {
      rules: await db.column<number>('SELECT rule_id FROM rule_trackers WHERE tracker_id = ? ORDER BY rule_id', [trackerId]),
      vehicles: await db.column<number>('SELECT id FROM vehicles WHERE tracker_id = ? ORDER BY id', [trackerId]),
    };
  }

  async register(dealerId: number, t: NewTracker): Promise<number> {
    const today = utcDate(this.clock.now());
    return this.store.transaction(async (tx) => {
      if (await tx.get('SELECT 1 FROM sources WHERE device_id = ? AND corrupted = 0', [t.deviceId])) throw new ApiError(Code.DeviceIdInUse);
      // `phone <> ''` restates what `t.phone` being truthy already says, so that SQLite may use the
      // partial index sources_phone (WHERE corrupted = 0 AND phone IS NOT NULL AND phone <> ''):
      // it cannot infer `phone <> ''` from `phone = ?`, and without it this was a scan of every source.
      if (t.phone && (await tx.get("SELECT 1 FROM sources WHERE phone = ? AND phone <> '' AND corrupted = 0", [t.phone]))) {
        throw new ApiError(Code.PhoneInUse);
      }
      let freePeriod = true;
      if (t.freeDaysDeviceLimit !== null) {
        const withFreePeriod = await tx.get<{ n: number }>(
          'SELECT COUNT(*) AS n FROM trackers t JOIN sources s ON s.id = t.source_id WHERE t.user_id = ? AND t.clone = 0 AND s.free_period = 1',
          [t.userId],
        );
        freePeriod = (withFreePeriod?.n ?? 0) < t.freeDaysDeviceLimit;
      }
      const sourceId = await tx.insert(
        `INSERT INTO sources (dealer_id, device_id, model, phone, tariff_id, creation_date, tariff_end, tariff_end_date, last_charged_date, free_period)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
        [dealerId, t.deviceId, t.model, t.phone, t.tariffId, today, t.tariffEndDate, t.lastChargedDate, flag(freePeriod)],
      );
      const id = await tx.insert(`INSERT INTO trackers (dealer_id, user_id, source_id, label, clone, creation_date) VALUES (?, ?, ?, ?, 0, ?)`, [
        dealerId,
        t.userId,
        sourceId,
        t.label,
        today,
      ]);
      if (t.activationBonusCents > 0) {
        await recordActivationBonus(tx, {
          dealerId,
          userId: t.userId,
          trackerId: id,
          bonusCents: t.activationBonusCents,
          timestamp: utcDateTime(this.clock.now()),
        });
      }
      tx.afterCommit(() => this.index.refresh([id]));
      return id;
    });
  }

  /**
   * tracker/batch_register: every tracker in one transaction, each on its own: one whose device id
   * (224) or phone (223) is in use, also by an earlier item, or whose user reaches the plan's device
   * limit with the items before it (221), is skipped with that code and the others are registered. Each user's free-period count is read once per call, so the cost per
   * item is a few indexed statements whatever the size of the fleet.
   */
  async registerMany(dealerId: number, items: NewTracker[]): Promise<BatchRegistration[]> {
    const today = utcDate(this.clock.now());
    const timestamp = utcDateTime(this.clock.now());
    return this.store.transaction(async (tx) => {
      const withFreePeriod = new Map<number, number>();
      const results: BatchRegistration[] = [];
      const added = new Map<number, number>();
      for (const t of items) {
        if (await tx.get('SELECT 1 FROM sources WHERE device_id = ? AND corrupted = 0', [t.deviceId])) {
          results.push({ code: Code.DeviceIdInUse });
          continue;
        }
        // `phone <> ''`: see register (lets SQLite use the partial index sources_phone).
        if (t.phone && (await tx.get("SELECT 1 FROM sources WHERE phone = ? AND phone <> '' AND corrupted = 0", [t.phone]))) {
          results.push({ code: Code.PhoneInUse });
          continue;
        }
        const before = added.get(t.userId) ?? 0;
        if (t.deviceLimit && t.deviceLimit.trackersCount + before >= t.deviceLimit.limit) {
          results.push({ code: Code.DeviceLimitExceeded });
          continue;
        }
        added.set(t.userId, before + 1);
        let freePeriod = true;
        if (t.freeDaysDeviceLimit !== null) {
          let held = withFreePeriod.get(t.userId);
          if (held === undefined) {
            const row = await tx.get<{ n: number }>(
              'SELECT COUNT(*) AS n FROM trackers t JOIN sources s ON s.id = t.source_id WHERE t.user_id = ? AND t.clone = 0 AND s.free_period = 1',
              [t.userId],
            );
            held = row?.n ?? 0;
          }
          freePeriod = held < t.freeDaysDeviceLimit;
          withFreePeriod.set(t.userId, held + (freePeriod ? 1 : 0));
        }
        const sourceId = await tx.insert(
          `INSERT INTO sources (dealer_id, device_id, model, phone, tariff_id, creation_date, tariff_end, tariff_end_date, last_charged_date, free_period)
           VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
          [dealerId, t.deviceId, t.model, t.phone, t.tariffId, today, t.tariffEndDate, t.lastChargedDate, flag(freePeriod)],
        );
        const id = await tx.insert(`INSERT INTO trackers (dealer_id, user_id, source_id, label, clone, creation_date, comment) VALUES (?, ?, ?, ?, 0, ?, ?)`, [
          dealerId,
          t.userId,
          sourceId,
          t.label,
          today,
          t.comment ?? '',
        ]);
        if (t.activationBonusCents > 0) {
          await recordActivationBonus(tx, { dealerId, userId: t.userId, trackerId: id, bonusCents: t.activationBonusCents, timestamp });
        }
        results.push({ id });
      }
      const ids = results.flatMap((r) => ('id' in r ? [r.id] : []));
      tx.afterCommit(() => this.index.refresh(ids));
      return results;
    });
  }

  async updateSettings(trackerId: number, changes: { label?: string; deleted?: boolean; comment?: string }): Promise<void> {
    await this.store.transaction(async (tx) => {
      await auditedWrite(
        tx,
        { type: 'tracker', id: trackerId },
        () => trackerFields(tx, trackerId),
        async () => {
          if (changes.label !== undefined) await tx.run('UPDATE trackers SET label = ? WHERE id = ?', [changes.label, trackerId]);
          if (changes.deleted !== undefined) await tx.run('UPDATE trackers SET deleted = ? WHERE id = ?', [flag(changes.deleted), trackerId]);
          if (changes.comment !== undefined) await tx.run('UPDATE trackers SET comment = ? WHERE id = ?', [changes.comment, trackerId]);
        },
      );
      tx.afterCommit(() => this.index.refresh([trackerId]));
    });
  }

  async setBlocked(sourceId: number, blocked: boolean): Promise<void> {
    await this.store.transaction(async (tx) => {
      // The dealer's block or unblock: billing never lifts the former (manual_block).
      const before = await tx.get<{ blocked: number }>('SELECT blocked FROM sources WHERE id = ?', [sourceId]);
      await auditedWrite(
        tx,
        { type: 'source', id: sourceId },
        () => sourceBlockFields(tx, sourceId),
        () => tx.run('UPDATE sources SET blocked = ?, manual_block = ? WHERE id = ?', [flag(blocked), flag(blocked), sourceId]),
      );
      if (before && before.blocked !== flag(blocked)) await recordBlockChange(tx, sourceId, blocked, utcDateTime(this.clock.now()));
      tx.afterCommit(() => this.index.refresh([], [sourceId]));
    });
  }

  async clone(original: TrackerRow, label: string, userId: number): Promise<number> {
    const today = utcDate(this.clock.now());
    return this.store.transaction(async (tx) => {
      if (await tx.get('SELECT 1 FROM trackers WHERE source_id = ? AND user_id = ?', [original.source_id, userId])) throw new ApiError(Code.EntityExists);
      const id = await tx.insert(`INSERT INTO trackers (dealer_id, user_id, source_id, label, clone, creation_date) VALUES (?, ?, ?, ?, 1, ?)`, [
        original.dealer_id,
        userId,
        original.source_id,
        label,
        today,
      ]);
      tx.afterCommit(() => this.index.refresh([id]));
      return id;
    });
  }

  /**
   * tracker/batch_clone's clones of `originals` for `userId`, in one transaction: an original the
   * user already has a tracker over refuses the whole batch (247 with those ids) unless
   * `ignoreExisting`, when it is skipped instead. Each clone takes its original's label.
   */
  async cloneMany(
    originals: TrackerRow[],
    userId: number,
    ignoreExisting: boolean,
  ): Promise<{ list: { tracker_id: number; id: number }[]; skipped: number[] }> {
    const today = utcDate(this.clock.now());
    return this.store.transaction(async (tx) => {
      const sourceIds = originals.map((o) => o.source_id);
      const held = new Set(
        await tx.column<number>(`SELECT source_id FROM trackers WHERE user_id = ? AND source_id IN (${sourceIds.map(() => '?').join(', ')})`, [
          userId,
          ...sourceIds,
        ]),
      );
      const existing = originals.filter((o) => held.has(o.source_id)).map((o) => o.id);
      if (existing.length && !ignoreExisting) throw new ApiError(Code.EntityExists, { list: existing });
      const list: { tracker_id: number; id: number }[] = [];
      for (const original of originals) {
        if (held.has(original.source_id)) continue;
        const id = await tx.insert(`INSERT INTO trackers (dealer_id, user_id, source_id, label, clone, creation_date) VALUES (?, ?, ?, ?, 1, ?)`, [
          original.dealer_id,
          userId,
          original.source_id,
          original.label,
          today,
        ]);
        list.push({ tracker_id: original.id, id });
      }
      tx.afterCommit(() => this.index.refresh(list.map((c) => c.id)));
      return { list, skipped: existing };
    });
  }

  /**
   * Deletes clones one by one inside one transaction; each failure is reported with its reason
   * and the others still go. Reasons use the error table's words.
   */
  async deleteClones(dealerId: number, ids: number[]): Promise<CloneDeletion> {
    return this.store.transaction(async (tx) => {
      const outcome: CloneDeletion = { deleted: [], failed: [] };
      for (const id of ids) {
        if (outcome.deleted.includes(id)) {
          outcome.failed.push({ id, error: 'Already deleted' });
          continue;
        }
        const row = this.index.get(dealerId, id);
        if (!row) outcome.failed.push({ id, error: 'Entity not found' });
        else if (!row.clone) outcome.failed.push({ id, error: 'Not a clone' });
        else if (row.corrupted) outcome.failed.push({ id, error: 'Device already corrupted' });
        else {
          const linked = await this.associations(id, tx);
          if (linked.rules.length || linked.vehicles.length) outcome.failed.push({ id, error: 'Delete entity associated with' });
          else {
            await tx.run('DELETE FROM trackers WHERE id = ?', [id]);
            outcome.deleted.push(id);
          }
        }
      }
      tx.afterCommit(() => this.index.refresh(outcome.deleted));
      return outcome;
    });
  }

  /** Gives a non-clone tracker to another user; it leaves every rule of its former owner. */
  async move(tracker: TrackerRow, userId: number): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (await tx.get('SELECT 1 FROM trackers WHERE source_id = ? AND user_id = ? AND clone = 1', [tracker.source_id, userId])) {
        throw new ApiError(Code.EntityExists);
      }
      await tx.run('DELETE FROM rule_trackers WHERE tracker_id = ?', [tracker.id]);
      await tx.run('UPDATE vehicles SET tracker_id = NULL WHERE tracker_id = ?', [tracker.id]);
      await auditedWrite(
        tx,
        { type: 'tracker', id: tracker.id },
        () => tx.get('SELECT user_id FROM trackers WHERE id = ?', [tracker.id]),
        () => tx.run('UPDATE trackers SET user_id = ? WHERE id = ?', [userId, tracker.id]),
      );
      tx.afterCommit(() => this.index.refresh([tracker.id]));
    });
  }

  /**
   * Marks the tracker deleted and its source corrupted, and renames the source's device id and
   * phone (so the device can be registered again). Its clones are marked deleted too `withClones`;
   * otherwise any clone refuses it (253 with the clone ids), checked in the same transaction.
   * Returns the name the tracking data moves to.
   */
  async corrupt(tracker: TrackerRow, { withClones }: { withClones: boolean }): Promise<string> {
    const at = this.clock.now();
    const source = { id: tracker.source_id, device_id: tracker.device_id, phone: tracker.phone };
    await this.store.transaction(async (tx) => {
      const clones = await tx.column<number>('SELECT id FROM trackers WHERE source_id = ? AND clone = 1 ORDER BY id', [tracker.source_id]);
      if (clones.length && !withClones) throw new ApiError(Code.DeviceHasClones, { list: clones });
      await tx.run('UPDATE trackers SET deleted = 1 WHERE source_id = ?', [tracker.source_id]);
      await corruptSource(tx, source, at);
      tx.afterCommit(() => this.index.refresh([tracker.id, ...clones], [tracker.source_id]));
    });
    return movedToName(source.id, at);
  }

  /**
   * user/corrupt in one transaction: the user of this dealer (not yet deleted; else 201) whose
   * login is `login` (else 7) is marked deleted with every tracker it holds, and the source of each
   * of its original trackers is corrupted as tracker/corrupt does. Refused, changing nothing, when
   * any tracker of the user is already corrupted (252, `list`: those tracker ids) or when one of
   * its originals has clones (253, `list`: the clone ids). Returns the sources whose tracking data
   * is to be moved aside.
   */
  async corruptUser(dealerId: number, userId: number, login: string): Promise<{ sourceId: number; movedTo: string }[]> {
    const at = this.clock.now();
    return this.store.transaction(async (tx) => {
      const user = await tx.get<{ login: string }>('SELECT login FROM users WHERE id = ? AND dealer_id = ? AND deleted = 0', [userId, dealerId]);
      if (!user) throw new ApiError(Code.NotFound);
      if (user.login !== login) throw ApiError.invalidParameters([{ parameter: 'login', error: "Must be the user's login" }]);
      const held = await tx.all<{ id: number; source_id: number; clone: number; corrupted: number; device_id: string; phone: string | null }>(
        `SELECT t.id, t.source_id, t.clone, s.corrupted, s.device_id, s.phone
         FROM trackers t JOIN sources s ON s.id = t.source_id WHERE t.user_id = ? ORDER BY t.id`,
        [userId],
      );
      const corrupted = held.filter((t) => t.corrupted === 1).map((t) => t.id);
      if (corrupted.length) throw new ApiError(Code.DeviceCorrupted, { list: corrupted });
      const originals = held.filter((t) => t.clone === 0);
      const clones: number[] = [];
      for (const original of originals)
        clones.push(...(await tx.column<number>('SELECT id FROM trackers WHERE source_id = ? AND clone = 1', [original.source_id])));
      if (clones.length) throw new ApiError(Code.DeviceHasClones, { list: clones.sort((a, b) => a - b) });
      await tx.run('UPDATE users SET deleted = 1 WHERE id = ?', [userId]);
      await tx.run('UPDATE trackers SET deleted = 1 WHERE user_id = ?', [userId]);
      for (const original of originals) await corruptSource(tx, { id: original.source_id, device_id: original.device_id, phone: original.phone }, at);
      tx.afterCommit(() =>
        this.index.refresh(
          held.map((t) => t.id),
          originals.map((t) => t.source_id),
        ),
      );
      return originals.map((t) => ({ sourceId: t.source_id, movedTo: movedToName(t.source_id, at) }));
    });
  }

  /**
   * The live console's candidates for `device` (a device id or a tracker id, as /console gets it):
   * the dealer's trackers, clones included, over a source that is not corrupted.
   */
  consoleCandidates(dealerId: number, device: string): Promise<{ id: number; source_id: number; user_id: number }[]> {
    return this.store.all<{ id: number; source_id: number; user_id: number }>(
      `SELECT t.id, t.source_id, t.user_id FROM trackers t JOIN sources s ON s.id = t.source_id
       WHERE t.dealer_id = ? AND s.corrupted = 0 AND (s.device_id = ? OR CAST(t.id AS TEXT) = ?)`,
      [dealerId, device, device],
    );
  }
}

/** The folder name under tracking-corrupted/ a corrupted source's tracking data moves to. */
function movedToName(sourceId: number, at: Date): string {
  return `corrupted-${sourceId}-${at.getTime()}`;
}

/**
 * Corrupts a source inside `tx`: flagged, its device id and phone renamed to `<old>#corrupted-<source id>`
 * (so the device can be registered again), and the old values kept in corrupted_tracking.
 */
async function corruptSource(tx: Tx, source: { id: number; device_id: string; phone: string | null }, at: Date): Promise<void> {
  await tx.run(`UPDATE sources SET corrupted = 1, device_id = ?, phone = ? WHERE id = ?`, [
    `${source.device_id}#corrupted-${source.id}`,
    source.phone ? `${source.phone}#corrupted-${source.id}` : source.phone,
    source.id,
  ]);
  await tx.run('INSERT INTO corrupted_tracking (source_id, old_device_id, old_phone, moved_to, corrupted_at) VALUES (?, ?, ?, ?, ?)', [
    source.id,
    source.device_id,
    source.phone,
    movedToName(source.id, at),
    utcDateTime(at),
  ]);
}

/** What the audit trail compares for a tracker's settings (tracker/settings/update). */
async function trackerFields(tx: Tx, trackerId: number): Promise<Record<string, unknown> | undefined> {
  const row = await tx.get<{ label: string; comment: string; deleted: number }>('SELECT label, comment, deleted FROM trackers WHERE id = ?', [trackerId]);
  return row && { label: row.label, comment: row.comment, deleted: row.deleted === 1 };
}

/** A source's block state as the audit trail compares it. */
async function sourceBlockFields(tx: Tx, sourceId: number): Promise<Record<string, unknown> | undefined> {
  const row = await tx.get<{ blocked: number; manual_block: number }>('SELECT blocked, manual_block FROM sources WHERE id = ?', [sourceId]);
  return row && { blocked: row.blocked === 1, manual_block: row.manual_block === 1 };
}
