import type { BillingRunSummary } from '../../shared/api/billing.js';
import { utcDateTime, type Clock } from '../../shared/clock.js';
import { todayUtc, type IsoDate } from '../../shared/billing/dates.js';
import { fromCents, toCents } from '../../shared/billing/money.js';
import { planTariffChange } from '../../shared/billing/tariff-change.js';
import { ApiError } from '../api/api-error.js';
import type { BillingRecords, DailyRunFacts } from '../storage/repositories/billing.js';
import type { BalanceChange } from '../storage/repositories/transactions.js';
import { planDailyRun, type DailyRunPlan } from './daily-run.js';

export type { BillingRunSummary };

export interface TariffChangeRequest {
  trackerId: number;
  tariffId: number;
  repay: boolean;
  charge: boolean;
}

/** Writes a dealer's manual balance change (user/transaction/change_balance): 201 unknown user, 251 a negative result. */
export interface BalanceWriter {
  changeBalance(dealerId: number, change: BalanceChange): Promise<void>;
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

/**
 * Billing as the API and the scheduler use it: the pure rules (shared/billing/tariff-change.ts,
 * ./daily-run.ts) decided on facts the repository reads in the transaction that writes the decision.
 */
export class BillingService {
  constructor(
    private readonly records: BillingRecords,
    private readonly balances: BalanceWriter,
    private readonly clock: Clock,
  ) {}

  /** tracker/tariff/change: 201/219/221/237/238/239/250/252 as the rules say; the repayment credited. */
  async changeTariff(dealerId: number, request: TariffChangeRequest): Promise<{ repayment: number }> {
    const now = this.clock.now();
    const plan = await this.records.changeTariff(
      dealerId,
      request.trackerId,
      request.tariffId,
      (facts) =>
        planTariffChange({
          dealer: { id: dealerId, effectiveDealerId: dealerId },
          tracker: facts.tracker
            ? {
                id: facts.tracker.tracker_id,
                user_id: facts.tracker.user_id,
                clone: facts.tracker.clone,
                deleted: facts.tracker.deleted,
                source: facts.tracker,
              }
            : null,
          owner: facts.owner ?? null,
          currentTariff: facts.currentTariff ?? null,
          newTariff: facts.newTariff ?? null,
          ownerTrackerCount: facts.owner?.trackerCount ?? 0,
          repay: request.repay,
          charge: request.charge,
          freeDays: facts.freeDays,
          now,
        }),
      utcDateTime(now),
    );
    if (!plan.ok) throw new ApiError(plan.code);
    return { repayment: plan.repayment };
  }

  /** Bills one UTC day for a dealer. Running a day again charges nothing twice (last_charged_date). */
  async runDay(dealerId: number, date: IsoDate): Promise<BillingRunSummary> {
    const now = this.clock.now();
    // The day's blocks and unblocks are stamped at its start, whenever the run happens (a catch-up
    // after a stop bills each day as it would have been billed then).
    const plan = await this.records.runDay(dealerId, date, { all: true }, (facts) => planDay(dealerId, date, now, facts), `${date} 00:00:00`, utcDateTime(now));
    return summarize(plan);
  }

  /**
   * After a payment: sources of this user blocked because their tariff ended are billed for today at
   * once, so the tracker is unblocked as soon as the money is there.
   */
  async billTariffEndBlockedSourcesOf(dealerId: number, userId: number): Promise<void> {
    const now = this.clock.now();
    const today = todayUtc(now);
    await this.records.runDay(dealerId, today, { tariffEndBlockedOf: userId }, (facts) => planDay(dealerId, today, now, facts), utcDateTime(now));
  }

  /** user/transaction/change_balance: the transaction, then (a payment) the blocked sources it may pay for. */
  async changeBalance(dealerId: number, change: BalanceChange): Promise<void> {
    await this.balances.changeBalance(dealerId, change);
    if (toCents(change.amount) > 0 && change.type === 'balance') await this.billTariffEndBlockedSourcesOf(dealerId, change.userId);
  }
}

function planDay(dealerId: number, date: IsoDate, now: Date, facts: DailyRunFacts): DailyRunPlan {
  return planDailyRun({
    date,
    now,
    sources: facts.sources,
    tariffs: facts.tariffs,
    balances: facts.balances,
    freeDaysByDealer: new Map([[dealerId, facts.freeDays]]),
    activeSourceIds: facts.activeSourceIds,
    blockPeriods: facts.blockPeriods,
  });
}
