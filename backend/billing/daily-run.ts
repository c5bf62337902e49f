import { compareDates, daysInMonthOf, firstDayOfNextMonth, formatUtcDateTime, tomorrow, type IsoDate } from '../../shared/billing/dates.js';
import { fromCents, roundHalfUpDiv, toCents, type Cents } from '../../shared/billing/money.js';
import { freePeriodExpired, type SourceTariffState, type Tariff, type TariffType } from '../../shared/billing/tariff.js';
import type { BalanceChange, PlannedTransaction } from '../../shared/billing/transaction.js';

/**
 * The pure core of the daily billing run for one UTC day. It returns a plan (source updates,
 * `main_charge` transactions, balances); the caller writes the plan atomically.
 *
 * Per tariff type, when due:
 * - monthly: due when tariff_end_date <= date (or null: never billed). Charges the FULL price, not
 *   prorated (spec-era Navixy charges the full price; `proportional_charge` is about days spent blocked,
 *   needs a blocked-day history we do not keep, and is not applied). Prolongs to the 1st of next month.
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

export type BillingTariff = Pick<Tariff, 'id' | 'type' | 'price'>;

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
}

/** The fee for `date` and the next end date, or why nothing is due. */
function feeFor(source: BillingSource, tariff: BillingTariff, date: IsoDate, active: boolean): Fee | 'not_due' | 'inactive' {
  const priceCents = Math.max(0, toCents(tariff.price));
  const type: TariffType = tariff.type;
  switch (type) {
    case 'activeday':
      return active ? { amount: priceCents, endDate: source.tariff_end_date } : 'inactive';
    case 'monthly':
    case 'everyday': {
      if (source.tariff_end_date !== null && compareDates(source.tariff_end_date, date) > 0) return 'not_due';
      return type === 'monthly'
        ? { amount: priceCents, endDate: firstDayOfNextMonth(date) }
        : { amount: roundHalfUpDiv(priceCents, daysInMonthOf(date)), endDate: tomorrow(date) };
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
    if (!freePeriodExpired(source.creation_date, freeDaysOf(source, input.freeDaysByDealer), date)) {
      result('free_period');
      continue;
    }
    if (source.last_charged_date !== null && compareDates(source.last_charged_date, date) >= 0) {
      result('already_charged');
      continue;
    }

    const fee = feeFor(source, tariff, date, input.activeSourceIds.has(source.id));
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
        description: `${feeNames[tariff.type]} for ${date}, tariff #${tariff.id}`,
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
