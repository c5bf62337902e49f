import {
  addDays,
  compareDates,
  daysInMonthOf,
  firstDayOfNextMonth,
  formatUtcDateTime,
  tomorrow,
  yearMonthOf,
  type IsoDate,
} from '../../shared/billing/dates.js';
import { fromCents, roundHalfUpDiv, toCents, type Cents } from '../../shared/billing/money.js';
import { freePeriodExpired, type SourceTariffState, type Tariff, type TariffType } from '../../shared/billing/tariff.js';
import type { BalanceChange, PlannedTransaction } from '../../shared/billing/transaction.js';
import { wholeBlockedDays, type BlockPeriod } from './blocked-days.js';

/**
 * The pure core of the daily billing run for one UTC day. It returns a plan (source updates,
 * `main_charge` transactions, balances); the caller writes the plan atomically.
 *
 * Per tariff type, when due:
 * - monthly: due when tariff_end_date <= date (or null: never billed). Charges the full price, in
 *   advance, and prolongs to the 1st of next month. With `proportional_charge` ("monthly fee will be
 *   smaller when device was blocked during month") the fee is reduced by the days the month of the
 *   previous charge was blocked: see `proportionalCredit`.
 * - everyday: due like monthly. Charges price / days-in-month-of-date, rounded to the nearest cent
 *   (halves up), so a month's days can sum to a few cents more or less than the price. Prolongs to
 *   tomorrow. A missed day is not back-charged: to catch up, run each missed day in order.
 * - activeday: charges the price when the source was active that day; tariff_end_date is left alone.
 *
 * Skipped: clones (their source is billed through the original tracker), corrupted sources, sources
 * inside their free period (creation_date + free_days > date; free_days is 0 for a source registered
 * when its user already had `free_days_device_limit` devices with the free period), and sources with last_charged_date >= date
 * (already charged that day, which makes a re-run idempotent). Deleted ("hidden") trackers are billed:
 * hiding does not end the service.
 *
 * Balance: a charge needs balance >= amount (0 may remain). Otherwise no transaction is written and the
 * source gets tariff_end = true, blocked = true ("blocked due to tariff end"). A source is blocked due
 * to tariff end exactly when tariff_end and blocked are both set; its end date stays in the past, so
 * every later run tries again, and the first run that can charge also sets tariff_end = false,
 * blocked = false. A block the dealer set (source/update: `manual_block`) is never lifted here, whether or
 * not the tariff also ended; a block without tariff_end is the dealer's too;
 * such sources are still charged.
 * A price of 0 prolongs without writing a transaction.
 *
 * Sources are processed in ascending source id, and each user's balance is applied in that sequence.
 */

/** A source joined with its original (non-clone) tracker; clone rows may be passed and are skipped. */
export interface BillingSource extends SourceTariffState {
  id: number; // source id
  dealer_id: number;
  tracker_id: number;
  user_id: number;
  clone: boolean;
  corrupted: boolean;
  /**
   * Whether the source got the free period at registration (free_days_device_limit); a missing
   * value means it did. Without it the first paid day is the day of registration.
   */
  free_period?: boolean;
  /** Day of the last tariff/change, null when never changed. */
  tariff_change?: IsoDate | null;
}

export type BillingTariff = Pick<Tariff, 'id' | 'type' | 'price'> & {
  /** Monthly tariffs only: the fee is reduced for the days the tracker was blocked (a missing value: false). */
  proportional_charge?: boolean;
};

export interface DailyRunInput {
  /** The UTC day being billed. */
  date: IsoDate;
  /** When the run happens; stamped on the transactions. */
  now: Date;
  sources: readonly BillingSource[];
  tariffs: ReadonlyMap<number, BillingTariff>;
  /** user_id → balance, currency units. */
  balances: ReadonlyMap<number, number>;
  /** dealer_id → `free_days` of the dealer's tracker tariff defaults; a missing dealer means 0. */
  freeDaysByDealer: ReadonlyMap<number, number>;
  /** Sources that were active (sent data) on `date`; only activeday tariffs read it. */
  activeSourceIds: ReadonlySet<number>;
  /**
   * source id → the periods it was blocked; only proportional monthly tariffs read it, and they need
   * the periods that reach into the month of the source's last charge (missing: never blocked).
   */
  blockPeriods?: ReadonlyMap<number, readonly BlockPeriod[]>;
}

export type DailyOutcome =
  | 'charged' // fee taken, dates moved
  | 'prolonged' // price 0: dates moved, no transaction
  | 'unblocked' // fee (possibly 0) taken and the tariff-end block lifted
  | 'blocked' // balance too low: tariff_end and blocked set
  | 'still_blocked' // balance still too low, already blocked: nothing written
  | 'already_charged'
  | 'not_due'
  | 'inactive' // activeday tariff, source not active that day
  | 'free_period'
  | 'clone'
  | 'corrupted'
  | 'unknown_tariff'
  | 'unknown_user';

/** New values of the source's billing columns. */
export interface SourceBillingUpdate {
  tariff_end: boolean;
  tariff_end_date: IsoDate | null;
  last_charged_date: IsoDate | null;
  blocked: boolean;
}

export interface DailySourceResult {
  source_id: number;
  tracker_id: number;
  user_id: number;
  outcome: DailyOutcome;
  /** null when the row is left as it is. */
  update: SourceBillingUpdate | null;
  /** Fee taken, currency units (0 when nothing was charged). */
  charged: number;
}

export interface DailyRunPlan {
  date: IsoDate;
  results: DailySourceResult[];
  transactions: PlannedTransaction[];
  /** One entry per user whose balance changed, old = before the run, new = after it. */
  balances: BalanceChange[];
}

interface Fee {
  amount: Cents;
  /** tariff_end_date after the charge. */
  endDate: IsoDate | null;
  /** Proportional monthly tariffs: the blocked days the fee was reduced for, and the month they are in. */
  credit?: { days: number; month: string };
}

/**
 * The reduction of a proportional monthly fee. Each monthly fee pays, in advance, for the calendar
 * month of the day it is taken (in full, even when taken mid-month). The next monthly fee is
 * reduced by price * b / (days in that month), rounded to the cent (halves up), where b counts the
 * days of that month the source was blocked for the whole day (blocked by the dealer, or for
 * non-payment before the fee was taken), from its first paid day (registration + free days) and
 * its last tariff change on, up to the end of the paid period. So, over the months, a tracker pays
 * price * unblocked days / days in month. The reduction uses the price of the tariff the fee is
 * taken on, never makes the fee negative, and is granted with the fee that is taken: a fee that
 * cannot be paid reduces nothing, and the next run that can charge grants it.
 */
function proportionalCredit(
  source: BillingSource,
  priceCents: Cents,
  firstPaidDay: IsoDate,
  periods: readonly BlockPeriod[],
): Fee['credit'] & { cents: Cents } {
  const last = source.last_charged_date;
  const end = source.tariff_end_date;
  if (last === null || end === null || priceCents === 0) return { days: 0, month: '', cents: 0 };
  const monthStart = `${yearMonthOf(last)}-01`;
  const monthEnd = firstDayOfNextMonth(last);
  let from = monthStart;
  for (const floor of [firstPaidDay, source.tariff_change ?? null]) if (floor !== null && compareDates(floor, from) > 0) from = floor;
  const to = compareDates(end, monthEnd) < 0 ? end : monthEnd;
  const days = wholeBlockedDays(periods, from, to);
  return { days, month: yearMonthOf(last), cents: Math.min(priceCents, roundHalfUpDiv(priceCents * days, daysInMonthOf(last))) };
}

/** The fee for `date` and the next end date, or why nothing is due. */
function feeFor(
  source: BillingSource,
  tariff: BillingTariff,
  date: IsoDate,
  active: boolean,
  firstPaidDay: IsoDate,
  periods: readonly BlockPeriod[],
): Fee | 'not_due' | 'inactive' {
  const priceCents = Math.max(0, toCents(tariff.price));
  const type: TariffType = tariff.type;
  switch (type) {
    case 'activeday':
      return active ? { amount: priceCents, endDate: source.tariff_end_date } : 'inactive';
    case 'monthly':
    case 'everyday': {
      if (source.tariff_end_date !== null && compareDates(source.tariff_end_date, date) > 0) return 'not_due';
      if (type === 'everyday') return { amount: roundHalfUpDiv(priceCents, daysInMonthOf(date)), endDate: tomorrow(date) };
      if (!tariff.proportional_charge) return { amount: priceCents, endDate: firstDayOfNextMonth(date) };
      const credit = proportionalCredit(source, priceCents, firstPaidDay, periods);
      return {
        amount: priceCents - credit.cents,
        endDate: firstDayOfNextMonth(date),
        ...(credit.days > 0 ? { credit: { days: credit.days, month: credit.month } } : {}),
      };
    }
  }
}

/** The source's free days: the dealer's, unless the source did not get the free period. */
function freeDaysOf(source: BillingSource, freeDaysByDealer: ReadonlyMap<number, number>): number {
  return source.free_period === false ? 0 : (freeDaysByDealer.get(source.dealer_id) ?? 0);
}

const feeNames: Record<TariffType, string> = {
  monthly: 'Monthly fee',
  everyday: 'Daily fee',
  activeday: 'Active day fee',
};

export function planDailyRun(input: DailyRunInput): DailyRunPlan {
  const { date } = input;
  const timestamp = formatUtcDateTime(input.now);
  const ledger = new Map<number, { old: Cents; current: Cents }>(); // user_id → balance in cents
  const results: DailySourceResult[] = [];
  const transactions: PlannedTransaction[] = [];

  const sources = [...input.sources].sort((a, b) => a.id - b.id);
  for (const source of sources) {
    const result = (outcome: DailyOutcome, update: SourceBillingUpdate | null = null, charged = 0): void => {
      results.push({ source_id: source.id, tracker_id: source.tracker_id, user_id: source.user_id, outcome, update, charged });
    };
    if (source.clone) {
      result('clone');
      continue;
    }
    if (source.corrupted) {
      result('corrupted');
      continue;
    }
    const tariff = input.tariffs.get(source.tariff_id);
    if (!tariff) {
      result('unknown_tariff');
      continue;
    }
    const startBalance = input.balances.get(source.user_id);
    if (startBalance === undefined) {
      result('unknown_user');
      continue;
    }
    const freeDays = freeDaysOf(source, input.freeDaysByDealer);
    if (!freePeriodExpired(source.creation_date, freeDays, date)) {
      result('free_period');
      continue;
    }
    if (source.last_charged_date !== null && compareDates(source.last_charged_date, date) >= 0) {
      result('already_charged');
      continue;
    }

    const periods = input.blockPeriods?.get(source.id) ?? [];
    const fee = feeFor(source, tariff, date, input.activeSourceIds.has(source.id), addDays(source.creation_date, freeDays), periods);
    if (fee === 'not_due' || fee === 'inactive') {
      result(fee);
      continue;
    }

    let account = ledger.get(source.user_id);
    if (!account) {
      const cents = toCents(startBalance);
      account = { old: cents, current: cents };
      ledger.set(source.user_id, account);
    }
    const blockedByTariffEnd = source.tariff_end && source.blocked && !source.manual_block;

    if (account.current < fee.amount) {
      if (source.tariff_end && source.blocked) {
        result('still_blocked');
        continue;
      }
      const update = {
        tariff_end: true,
        tariff_end_date: source.tariff_end_date,
        last_charged_date: source.last_charged_date,
        blocked: true,
      };
      result('blocked', update);
      continue;
    }

    const update: SourceBillingUpdate = {
      tariff_end: false,
      tariff_end_date: fee.endDate,
      last_charged_date: date,
      blocked: blockedByTariffEnd ? false : source.blocked,
    };
    if (fee.amount > 0) {
      const oldCents = account.current;
      account.current -= fee.amount;
      transactions.push({
        type: 'main_charge',
        subtype: tariff.type,
        description:
          `${feeNames[tariff.type]} for ${date}, tariff #${tariff.id}` + (fee.credit ? `, less ${fee.credit.days} blocked day(s) of ${fee.credit.month}` : ''),
        amount: fromCents(-fee.amount),
        dealer_id: source.dealer_id,
        user_id: source.user_id,
        tracker_id: source.tracker_id,
        old_balance: fromCents(oldCents),
        new_balance: fromCents(account.current),
        timestamp,
      });
    }
    const outcome: DailyOutcome = blockedByTariffEnd ? 'unblocked' : fee.amount > 0 ? 'charged' : 'prolonged';
    result(outcome, update, fromCents(fee.amount));
  }

  const balances: BalanceChange[] = [...ledger]
    .filter(([, account]) => account.current !== account.old)
    .map(([user_id, account]) => ({ user_id, old_balance: fromCents(account.old), new_balance: fromCents(account.current) }));
  return { date, results, transactions, balances };
}
