import { yearMonthOf, type IsoDate } from '../../../shared/billing/dates.js';
import { fromCents } from '../../../shared/billing/money.js';
import type { TariffChangeOwner, TariffChangePlan } from '../../../shared/billing/tariff-change.js';
import type { DeviceType, LegalType, Tariff, TariffType } from '../../../shared/billing/tariff.js';
import type { PlannedTransaction } from '../../../shared/billing/transaction.js';
import type { BlockPeriod } from '../../billing/blocked-days.js';
import type { BillingSource, BillingTariff, DailyRunPlan } from '../../billing/daily-run.js';
import type { Store, Tx } from '../store.js';
import { bool, flag } from './sql-helpers.js';
import type { TrackerIndex } from './tracker-index.js';
import { blockPeriodsSince, recordBlockChange } from './block-periods.js';
import { recordBalanceTransaction } from './transactions.js';
import { auditedWrite } from '../../api/audit.js';
import { userMoneyFields } from './transactions.js';

/** A source's billing columns with its tracker's, as stored (flags 0/1). */
interface StoredBillingSource {
  id: number;
  dealer_id: number;
  tracker_id: number;
  user_id: number;
  clone: number;
  corrupted: number;
  /** NULL for a source without a tariff: no tariff matches it, so the daily run skips it (`unknown_tariff`). */
  tariff_id: number;
  tariff_end: number;
  tariff_end_date: string | null;
  last_charged_date: string | null;
  blocked: number;
  manual_block: number;
  creation_date: string;
  free_period: number;
  tariff_change: string | null;
}

function billingSource(r: StoredBillingSource): BillingSource {
  return {
    id: r.id,
    dealer_id: r.dealer_id,
    tracker_id: r.tracker_id,
    user_id: r.user_id,
    clone: bool(r.clone),
    corrupted: bool(r.corrupted),
    tariff_id: r.tariff_id,
    tariff_end: bool(r.tariff_end),
    tariff_end_date: r.tariff_end_date,
    last_charged_date: r.last_charged_date,
    blocked: bool(r.blocked),
    manual_block: bool(r.manual_block),
    creation_date: r.creation_date,
    free_period: bool(r.free_period),
    tariff_change: r.tariff_change,
  };
}

const BILLING_COLUMNS = `s.id, s.dealer_id, t.id AS tracker_id, t.user_id, t.clone, t.deleted, s.corrupted, s.tariff_id, s.tariff_end,
  s.tariff_end_date, s.last_charged_date, s.blocked, s.manual_block, s.creation_date, s.free_period, s.tariff_change`;
/** Each source with its original (non-clone) tracker: the one billing looks at. */
const ORIGINALS_SELECT = `SELECT ${BILLING_COLUMNS} FROM sources s JOIN trackers t ON t.source_id = s.id AND t.clone = 0`;
/** One tracker (a clone too) with its source. */
const TRACKER_SOURCE_SELECT = `SELECT ${BILLING_COLUMNS} FROM sources s JOIN trackers t ON t.source_id = s.id WHERE t.id = ?`;

/** The tariff columns tariff/change checks, as stored. */
interface StoredTariff {
  id: number;
  dealer_id: number;
  type: TariffType;
  price_cents: number;
  device_type: DeviceType;
  doc_type: number;
  device_limit: number;
}

const TARIFF_SELECT = 'SELECT id, dealer_id, type, price_cents, device_type, doc_type, device_limit FROM tariffs WHERE id = ?';

function billingTariff(t: StoredTariff): Tariff {
  return {
    id: t.id,
    dealer_id: t.dealer_id,
    type: t.type,
    price: fromCents(t.price_cents),
    device_type: t.device_type,
    doc_type: t.doc_type,
    device_limit: t.device_limit,
  };
}

/** What tracker/tariff/change decides on, read in the transaction that writes the decision. */
export interface TariffChangeFacts {
  /** The dealer's tracker (a clone too) with its source; undefined when the dealer has no such tracker. */
  tracker: (BillingSource & { deleted: boolean }) | undefined;
  /** The tracker's owner with the trackers in their cabinet (deleted ones not counted). */
  owner: (TariffChangeOwner & { trackerCount: number }) | undefined;
  /** The source's tariff and the requested one, whoever's they are (the rules check the dealer). */
  currentTariff: Tariff | undefined;
  newTariff: Tariff | undefined;
  /**
   * The tracker's free days: `free_days` of the dealer's tracker tariff defaults (0 when none are
   * set), or 0 when its source did not get the free period (free_days_device_limit).
   */
  freeDays: number;
}

/** What a daily run of one day decides on, read in the transaction that writes the decision. */
export interface DailyRunFacts {
  sources: BillingSource[];
  tariffs: Map<number, BillingTariff>;
  /** user id → balance, currency units. */
  balances: Map<number, number>;
  freeDays: number;
  /** Sources active on the day. */
  activeSourceIds: Set<number>;
  /** Block periods of the sources on proportional monthly tariffs, from the month of their last charge. */
  blockPeriods: Map<number, BlockPeriod[]>;
}

/** Which sources a daily run looks at: all the dealer's, or one user's blocked because their tariff ended. */
export type DailyRunScope = { all: true } | { tariffEndBlockedOf: number };

/** Re-reading many sources one by one is slower than rebuilding the whole tracker index. */
const REFRESH_ONE_BY_ONE_MAX = 2000;

/**
 * What billing reads and writes: the sources' tariff state, the users' balances, the tariffs' prices
 * and the record of billed days. A decision (the pure rules in shared/billing and ../../billing) is
 * taken inside the transaction that reads its facts and writes it, so no balance or source changes in
 * between. Every write refreshes the tracker index in its commit's tick.
 */
export class BillingRecords {
  constructor(
    private readonly store: Store,
    private readonly index: Pick<TrackerIndex, 'refresh' | 'loadAll'>,
  ) {}

  /**
   * Reads what a tariff change of the dealer's tracker depends on, lets `decide` plan it, and writes
   * the plan (the source's new tariff state and the repayment's transactions) when it is one.
   */
  changeTariff(
    dealerId: number,
    trackerId: number,
    tariffId: number,
    decide: (facts: TariffChangeFacts) => TariffChangePlan,
    /** When the change happens (UTC `YYYY-MM-DD HH:MM:SS`): stamps a block it lifts. */
    at: string,
  ): Promise<TariffChangePlan> {
    return this.store.transaction(async (tx) => {
      const tracker = await tx.get<StoredBillingSource & { deleted: number }>(`${TRACKER_SOURCE_SELECT} AND t.dealer_id = ?`, [trackerId, dealerId]);
      const owner = tracker && (await tx.get<StoredOwner>(OWNER_SELECT, [tracker.user_id]));
      const current = tracker && tracker.tariff_id !== null ? await tx.get<StoredTariff>(TARIFF_SELECT, [tracker.tariff_id]) : undefined;
      const next = await tx.get<StoredTariff>(TARIFF_SELECT, [tariffId]);
      const plan = decide({
        tracker: tracker && { ...billingSource(tracker), deleted: bool(tracker.deleted) },
        owner: owner && {
          id: owner.id,
          dealer_id: owner.dealer_id,
          legal_type: owner.legal_type,
          balance: fromCents(owner.balance_cents),
          trackerCount: owner.tracker_count,
        },
        currentTariff: current && billingTariff(current),
        newTariff: next && billingTariff(next),
        freeDays: tracker && !bool(tracker.free_period) ? 0 : await freeDaysOf(tx, dealerId),
      });
      if (!plan.ok) return plan;
      const s = plan.source;
      const sourceId = tracker!.id;
      await auditedWrite(
        tx,
        { type: 'source', id: sourceId },
        () => sourceTariffFields(tx, sourceId),
        () =>
          tx.run('UPDATE sources SET tariff_id = ?, tariff_change = ?, tariff_end = ?, tariff_end_date = ?, last_charged_date = ?, blocked = ? WHERE id = ?', [
            s.tariff_id,
            s.tariff_change,
            flag(s.tariff_end),
            s.tariff_end_date,
            s.last_charged_date,
            flag(s.blocked),
            sourceId,
          ]),
      );
      if (bool(tracker!.blocked) !== s.blocked) await recordBlockChange(tx, sourceId, s.blocked, at);
      await auditedWrite(
        tx,
        { type: 'user', id: tracker!.user_id },
        () => userMoneyFields(tx, tracker!.user_id),
        () => writeTransactions(tx, plan.transactions),
      );
      tx.afterCommit(() => this.index.refresh([], [sourceId]));
      return plan;
    });
  }

  /**
   * Reads what billing `day` for the dealer depends on, lets `plan` decide, and writes the plan's
   * source updates, transactions and balances. With `ranAt`, also records that the day was billed
   * for the dealer (a re-run of the day replaces the record).
   */
  runDay(
    dealerId: number,
    day: IsoDate,
    scope: DailyRunScope,
    plan: (facts: DailyRunFacts) => DailyRunPlan,
    /** Stamps the blocks and unblocks the run decides (UTC `YYYY-MM-DD HH:MM:SS`). */
    blockStamp: string,
    ranAt?: string,
  ): Promise<DailyRunPlan> {
    return this.store.transaction(async (tx) => {
      const rows =
        'all' in scope
          ? await tx.all<StoredBillingSource>(`${ORIGINALS_SELECT} WHERE s.dealer_id = ?`, [dealerId])
          : await tx.all<StoredBillingSource>(`${ORIGINALS_SELECT} WHERE s.dealer_id = ? AND t.user_id = ? AND s.tariff_end = 1 AND s.blocked = 1`, [
              dealerId,
              scope.tariffEndBlockedOf,
            ]);
      const prices = await tx.all<{ id: number; type: TariffType; price_cents: number; proportional_charge: number }>(
        'SELECT id, type, price_cents, proportional_charge FROM tariffs WHERE dealer_id = ?',
        [dealerId],
      );
      const balances = await tx.all<{ id: number; balance_cents: number }>('SELECT id, balance_cents FROM users WHERE dealer_id = ?', [dealerId]);
      const sources = rows.map(billingSource);
      const decided = plan({
        sources,
        tariffs: new Map(
          prices.map((t) => [t.id, { id: t.id, type: t.type, price: fromCents(t.price_cents), proportional_charge: bool(t.proportional_charge) }]),
        ),
        balances: new Map(balances.map((u) => [u.id, fromCents(u.balance_cents)])),
        freeDays: await freeDaysOf(tx, dealerId),
        activeSourceIds: new Set(await tx.column<number>('SELECT source_id FROM source_active_days WHERE day = ?', [day])),
        blockPeriods: await proportionalBlockPeriods(tx, dealerId, sources, prices),
      });
      const before = new Map(sources.map((src) => [src.id, src.blocked]));
      const touched: number[] = [];
      for (const r of decided.results) {
        if (!r.update) continue;
        const u = r.update;
        touched.push(r.source_id);
        await tx.run('UPDATE sources SET tariff_end = ?, tariff_end_date = ?, last_charged_date = ?, blocked = ? WHERE id = ?', [
          flag(u.tariff_end),
          u.tariff_end_date,
          u.last_charged_date,
          flag(u.blocked),
          r.source_id,
        ]);
        if (before.get(r.source_id) !== u.blocked) await recordBlockChange(tx, r.source_id, u.blocked, blockStamp);
      }
      await writeTransactions(tx, decided.transactions);
      if (ranAt !== undefined) {
        const count = (outcome: string) => decided.results.filter((r) => r.outcome === outcome).length;
        await tx.run(
          `INSERT INTO billing_runs (dealer_id, date, ran_at, charged, blocked, unblocked) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (dealer_id, date) DO UPDATE SET ran_at = excluded.ran_at, charged = excluded.charged, blocked = excluded.blocked,
             unblocked = excluded.unblocked`,
          [dealerId, decided.date, ranAt, decided.transactions.length, count('blocked'), count('unblocked')],
        );
      }
      tx.afterCommit(() => {
        if (touched.length > REFRESH_ONE_BY_ONE_MAX) this.index.loadAll();
        else if (touched.length) this.index.refresh([], touched);
      });
      return decided;
    });
  }

  /** The last day billed for the dealer, if any. */
  async lastBilledDay(dealerId: number): Promise<IsoDate | undefined> {
    return (await this.store.get<{ date: string | null }>('SELECT max(date) AS date FROM billing_runs WHERE dealer_id = ?', [dealerId]))?.date ?? undefined;
  }

  /** The earliest of the dealers' last billed days (dealers never billed do not count). */
  async earliestLastBilledDay(): Promise<IsoDate | undefined> {
    const row = await this.store.get<{ date: string | null }>(
      'SELECT min(last) AS date FROM (SELECT max(date) AS last FROM billing_runs GROUP BY dealer_id) AS runs',
    );
    return row?.date ?? undefined;
  }
}

interface StoredOwner {
  id: number;
  dealer_id: number;
  legal_type: LegalType | null;
  balance_cents: number;
  tracker_count: number;
}

/** A user with the trackers in their cabinet (deleted ones not counted), as users.ts counts them. */
const OWNER_SELECT = `SELECT u.id, u.dealer_id, u.legal_type, u.balance_cents,
  (SELECT COUNT(*) FROM trackers t WHERE t.user_id = u.id AND t.deleted = 0) AS tracker_count FROM users u WHERE u.id = ?`;

/**
 * The block periods a proportional monthly fee may be reduced for: those reaching into the month of
 * the last charge of any source on such a tariff. Nothing is read when the dealer has none.
 */
async function proportionalBlockPeriods(
  tx: Tx,
  dealerId: number,
  sources: readonly BillingSource[],
  tariffs: readonly { id: number; type: TariffType; proportional_charge: number }[],
): Promise<Map<number, BlockPeriod[]>> {
  const proportional = new Set(tariffs.filter((t) => t.type === 'monthly' && bool(t.proportional_charge)).map((t) => t.id));
  let since: string | undefined;
  for (const src of sources) {
    if (!proportional.has(src.tariff_id) || src.last_charged_date === null) continue;
    const monthStart = `${yearMonthOf(src.last_charged_date)}-01`;
    if (since === undefined || monthStart < since) since = monthStart;
  }
  return since === undefined ? new Map() : blockPeriodsSince(tx, dealerId, `${since} 00:00:00`);
}

async function freeDaysOf(tx: Tx, dealerId: number): Promise<number> {
  const row = await tx.get<{ free_days: number }>("SELECT free_days FROM tariff_defaults WHERE dealer_id = ? AND device_type = 'tracker'", [dealerId]);
  return row?.free_days ?? 0;
}

/** Each transaction with the user's bonus as it is (billing moves balances only). */
async function writeTransactions(tx: Tx, transactions: readonly PlannedTransaction[]): Promise<void> {
  for (const t of transactions) {
    const bonus = await tx.get<{ bonus_cents: number }>('SELECT bonus_cents FROM users WHERE id = ?', [t.user_id]);
    await recordBalanceTransaction(tx, t, bonus?.bonus_cents ?? 0);
  }
}

/** A source's plan and block state as the audit trail compares them (tracker/tariff/change). */
async function sourceTariffFields(tx: Tx, sourceId: number): Promise<Record<string, unknown> | undefined> {
  const row = await tx.get<{ tariff_id: number | null; tariff_end_date: string | null; blocked: number }>(
    'SELECT tariff_id, tariff_end_date, blocked FROM sources WHERE id = ?',
    [sourceId],
  );
  return row && { tariff_id: row.tariff_id, tariff_end_date: row.tariff_end_date, blocked: row.blocked === 1 };
}
