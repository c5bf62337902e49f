import { utcDateTime } from '../../shared/clock.js';
import type { LegalType } from '../../shared/entities.js';
import { ApiError } from '../api/api-error.js';
import type { Backend } from '../backend.js';
import type { WriteTx } from '../storage/durable-store.js';
import { presentTariff, type TariffRow } from '../storage/repositories/tariffs.js';
import { insertBalanceTransaction } from '../storage/repositories/transactions.js';
import { planDailyRun, type BillingSource, type DailyRunPlan } from './daily-run.js';
import { todayUtc, type IsoDate } from '../../shared/billing/dates.js';
import { fromCents, toCents } from '../../shared/billing/money.js';
import type { Tariff } from '../../shared/billing/tariff.js';
import { planTariffChange } from '../../shared/billing/tariff-change.js';

interface SourceBillingRow {
  id: number;
  dealer_id: number;
  tracker_id: number;
  user_id: number;
  clone: number;
  corrupted: number;
  deleted: number;
  tariff_id: number;
  tariff_end: number;
  tariff_end_date: string | null;
  last_charged_date: string | null;
  blocked: number;
  manual_block: number;
  creation_date: string;
}

// Each source with its original (non-clone) tracker: the one billing looks at.
const SOURCE_BILLING_SELECT = `
  SELECT s.id, s.dealer_id, t.id AS tracker_id, t.user_id, t.clone, s.corrupted, t.deleted, s.tariff_id, s.tariff_end,
         s.tariff_end_date, s.last_charged_date, s.blocked, s.manual_block, s.creation_date
  FROM sources s JOIN trackers t ON t.source_id = s.id AND t.clone = 0`;

function toBillingSource(r: SourceBillingRow): BillingSource {
  return {
    id: r.id,
    dealer_id: r.dealer_id,
    tracker_id: r.tracker_id,
    user_id: r.user_id,
    clone: r.clone === 1,
    corrupted: r.corrupted === 1,
    tariff_id: r.tariff_id,
    tariff_end: r.tariff_end === 1,
    tariff_end_date: r.tariff_end_date,
    last_charged_date: r.last_charged_date,
    blocked: r.blocked === 1,
    manual_block: r.manual_block === 1,
    creation_date: r.creation_date,
  };
}

function billingTariff(row: TariffRow): Tariff {
  const t = presentTariff(row);
  return { id: t.id, dealer_id: row.dealer_id, type: t.type, price: t.price, device_type: t.device_type, doc_type: t.doc_type, device_limit: t.device_limit };
}

function bonusCentsOf(tx: WriteTx, userId: number): number {
  return tx.get<{ bonus_cents: number }>('SELECT bonus_cents FROM users WHERE id = ?', [userId])?.bonus_cents ?? 0;
}

/** Writes a daily-run plan's source updates, transactions and balances. */
function writePlanChanges(tx: WriteTx, plan: DailyRunPlan): void {
  for (const r of plan.results) {
    if (!r.update) continue;
    const u = r.update;
    tx.run('UPDATE sources SET tariff_end = ?, tariff_end_date = ?, last_charged_date = ?, blocked = ? WHERE id = ?', [
      u.tariff_end ? 1 : 0,
      u.tariff_end_date,
      u.last_charged_date,
      u.blocked ? 1 : 0,
      r.source_id,
    ]);
  }
  for (const t of plan.transactions) insertBalanceTransaction(tx, t, bonusCentsOf(tx, t.user_id));
}

/** Writes a daily-run plan and its run record. */
function writeDailyPlan(tx: WriteTx, dealerId: number, plan: DailyRunPlan, ranAt: string): void {
  writePlanChanges(tx, plan);
  const count = (outcome: string) => plan.results.filter((r) => r.outcome === outcome).length;
  tx.run('INSERT OR REPLACE INTO billing_runs (dealer_id, date, ran_at, charged, blocked, unblocked) VALUES (?, ?, ?, ?, ?, ?)', [
    dealerId,
    plan.date,
    ranAt,
    plan.transactions.length,
    count('blocked'),
    count('unblocked'),
  ]);
}

async function freeDays(backend: Backend, dealerId: number): Promise<number> {
  return (await backend.tariffs.defaults(dealerId, 'tracker')).free_days;
}

export interface TariffChangeRequest {
  trackerId: number;
  tariffId: number;
  repay: boolean;
  charge: boolean;
}

/** tracker/tariff/change: the rules of backend/billing/tariff-change.ts written as one transaction. */
export async function changeTariff(backend: Backend, dealerId: number, request: TariffChangeRequest): Promise<{ repayment: number }> {
  const row = backend.trackerIndex.get(dealerId, request.trackerId);
  if (!row) throw new ApiError(201);
  // Awaited reads first, so the synchronous reads below and the write run in one tick. (The owner's
  // balance is read before them: a window that closes once billing reads inside its transaction.)
  const owner = await backend.users.find(dealerId, row.user_id);
  const free = await freeDays(backend, dealerId);
  const source = backend.store.get<SourceBillingRow>(`${SOURCE_BILLING_SELECT.replace('AND t.clone = 0', '')} WHERE t.id = ?`, [row.id])!;
  const current = source.tariff_id === null ? undefined : backend.store.get<TariffRow>('SELECT * FROM tariffs WHERE id = ?', [source.tariff_id]);
  const next = backend.store.get<TariffRow>('SELECT * FROM tariffs WHERE id = ?', [request.tariffId]);
  const plan = planTariffChange({
    dealer: { id: dealerId, effectiveDealerId: dealerId },
    tracker: {
      id: row.id,
      user_id: row.user_id,
      clone: row.clone,
      deleted: row.deleted,
      source: { ...toBillingSource(source), corrupted: source.corrupted === 1 },
    },
    owner: owner ? { id: owner.id, dealer_id: owner.dealer_id, legal_type: owner.legal_type as LegalType, balance: fromCents(owner.balance_cents) } : null,
    currentTariff: current ? billingTariff(current) : null,
    newTariff: next ? billingTariff(next) : null,
    ownerTrackerCount: owner?.trackers_count ?? 0,
    repay: request.repay,
    charge: request.charge,
    freeDays: free,
    now: backend.clock.now(),
  });
  if (!plan.ok) throw new ApiError(plan.code);
  await backend.store.write(
    (tx) => {
      const s = plan.source;
      tx.run(
        'UPDATE sources SET tariff_id = ?, tariff_change = ?, tariff_end = ?, tariff_end_date = ?, last_charged_date = ?, blocked = ? WHERE id = ?',
        [s.tariff_id, s.tariff_change, s.tariff_end ? 1 : 0, s.tariff_end_date, s.last_charged_date, s.blocked ? 1 : 0, row.source_id],
      );
      for (const t of plan.transactions) insertBalanceTransaction(tx, t, bonusCentsOf(tx, t.user_id));
    },
    () => backend.trackerIndex.refresh([], [row.source_id]),
  );
  return { repayment: plan.repayment };
}

function planDay(backend: Backend, dealerId: number, date: IsoDate, sources: SourceBillingRow[], freeDays: number): DailyRunPlan {
  const tariffs = new Map(
    backend.store.all<TariffRow>('SELECT * FROM tariffs WHERE dealer_id = ?', [dealerId]).map((t) => [t.id, { id: t.id, type: t.type, price: fromCents(t.price_cents) }]),
  );
  const balances = new Map(
    backend.store.all<{ id: number; balance_cents: number }>('SELECT id, balance_cents FROM users WHERE dealer_id = ?', [dealerId]).map((u) => [u.id, fromCents(u.balance_cents)]),
  );
  const active = new Set(backend.store.column<number>('SELECT source_id FROM source_active_days WHERE day = ?', [date]));
  return planDailyRun({
    date,
    now: backend.clock.now(),
    sources: sources.map(toBillingSource),
    tariffs,
    balances,
    freeDaysByDealer: new Map([[dealerId, freeDays]]),
    activeSourceIds: active,
  });
}

async function writePlan(backend: Backend, dealerId: number, plan: DailyRunPlan): Promise<void> {
  const touched = plan.results.filter((r) => r.update).map((r) => r.source_id);
  await backend.store.write(
    (tx) => writeDailyPlan(tx, dealerId, plan, utcDateTime(backend.clock.now())),
    () => {
      // Re-reading many sources one by one is slower than rebuilding the whole index.
      if (touched.length > 2000) backend.trackerIndex.loadAll();
      else backend.trackerIndex.refresh([], touched);
    },
  );
}

export interface BillingRunSummary {
  date: IsoDate;
  charged: number;
  blocked: number;
  unblocked: number;
  amount: number;
}

function summarize(plan: DailyRunPlan): BillingRunSummary {
  return {
    date: plan.date,
    charged: plan.transactions.length,
    blocked: plan.results.filter((r) => r.outcome === 'blocked').length,
    unblocked: plan.results.filter((r) => r.outcome === 'unblocked').length,
    amount: fromCents(plan.transactions.reduce((sum, t) => sum - toCents(t.amount), 0)),
  };
}

/** Bills one UTC day for a dealer. Running a day again charges nothing twice (last_charged_date). */
export async function runBillingDay(backend: Backend, dealerId: number, date: IsoDate): Promise<BillingRunSummary> {
  const free = await freeDays(backend, dealerId);
  const sources = backend.store.all<SourceBillingRow>(`${SOURCE_BILLING_SELECT} WHERE s.dealer_id = ?`, [dealerId]);
  const plan = planDay(backend, dealerId, date, sources, free);
  await writePlan(backend, dealerId, plan);
  return summarize(plan);
}

/**
 * After a payment: sources of this user blocked because their tariff ended are billed for today at
 * once, so the tracker is unblocked as soon as the money is there.
 */
export async function billBlockedSourcesOf(backend: Backend, dealerId: number, userId: number): Promise<void> {
  const free = await freeDays(backend, dealerId);
  const sources = backend.store.all<SourceBillingRow>(
    `${SOURCE_BILLING_SELECT} WHERE s.dealer_id = ? AND t.user_id = ? AND s.tariff_end = 1 AND s.blocked = 1`,
    [dealerId, userId],
  );
  if (!sources.length) return;
  const plan = planDay(backend, dealerId, todayUtc(backend.clock.now()), sources, free);
  if (!plan.results.some((r) => r.update)) return;
  const touched = plan.results.filter((r) => r.update).map((r) => r.source_id);
  await backend.store.write(
    (tx) => writePlanChanges(tx, plan),
    () => backend.trackerIndex.refresh([], touched),
  );
}

/** user/transaction/change_balance: a `payment`/`partner` transaction; 251 when the result would be negative. */
export async function changeBalance(
  backend: Backend,
  dealerId: number,
  request: { userId: number; amount: number; type: 'balance' | 'bonus'; text: string },
): Promise<void> {
  const amountCents = toCents(request.amount);
  await backend.transactions.changeBalance(dealerId, request);
  if (amountCents > 0 && request.type === 'balance') await billBlockedSourcesOf(backend, dealerId, request.userId);
}
