import { daysBetween, daysInMonthOf, firstDayOfNextMonth, formatUtcDateTime, todayUtc, tomorrow, yesterday, type IsoDate } from './dates.js';
import { ceilDiv, fromCents, toCents } from './money.js';
import { faceOfLegalType, freePeriodExpired, type LegalType, type SourceTariffState, type Tariff } from './tariff.js';
import type { BalanceChange, PlannedTransaction } from './transaction.js';
import { Code } from '../errors.js';

/**
 * `panel/tracker/tariff/change` rules (docs/navixy-api-facts.md §5.3–§5.5): the
 * conditions, the repayment of the unused part of a monthly fee, and the new source state.
 * Pure: the caller loads the rows, passes a clock reading, and writes the plan in one transaction.
 * Shared so that the renderer shows the repayment the server will give (`repaymentDetail`).
 */

export type TariffChangeErrorCode =
  | typeof Code.NotFound
  | typeof Code.NotAllowedForClones
  | typeof Code.DeviceLimitExceeded
  | typeof Code.InvalidTariff
  | typeof Code.TariffChangeNotAllowed
  | typeof Code.NewTariffMissing
  | typeof Code.DeviceDeleted
  | typeof Code.DeviceCorrupted;
export type TariffChangeCheck = { ok: true } | { ok: false; code: TariffChangeErrorCode };

export interface TariffChangeTracker {
  id: number;
  user_id: number;
  clone: boolean;
  deleted: boolean;
  source: SourceTariffState & { corrupted: boolean };
}

export interface TariffChangeOwner {
  id: number;
  dealer_id: number;
  legal_type: LegalType | null;
  balance: number; // currency units
}

/** Everything the rules look at. Rows the caller could not find are null. */
export interface TariffChangeSubject {
  /** `id`: the session's dealer (owns the user); `effectiveDealerId`: the dealer whose tariffs apply. */
  dealer: { id: number; effectiveDealerId: number };
  tracker: TariffChangeTracker | null;
  /** The user the tracker belongs to. */
  owner: TariffChangeOwner | null;
  /** The tariff with id `tracker.source.tariff_id`, if it exists. */
  currentTariff: Tariff | null;
  /** The tariff with the requested id, if it exists. */
  newTariff: Tariff | null;
  /** Trackers in the owner's cabinet, this one included. */
  ownerTrackerCount: number;
}

/**
 * Precedence when several conditions fail (first match wins):
 *   1. 201 tracker missing, or its user missing or not a user of `dealer.id`. Checked first so
 *      nothing about another dealer's tracker (deleted, corrupted, clone) leaks.
 *   2. 252 source corrupted. Before 250: corruption is permanent and, as in the admin UI, every
 *      action on a corrupted tracker answers 252.
 *   3. 250 tracker deleted ("is not removed").
 *   4. 219 clone.
 *   5. 237 current tariff missing, not the source's tariff, or not the effective dealer's.
 *   6. 239 new tariff missing or not the effective dealer's ("both tariffs belong to the dealer";
 *      239 rather than 237 because 237 is documented for the tracker's own tariff).
 *   7. 238 new tariff = current tariff.
 *   8. 238 new tariff's device_type is not `tracker`.
 *   9. 238 doc_type does not fit the owner's legal type (unknown doc_type or legal type fails too;
 *      225 "Not allowed for this legal type" exists but is not documented for this method).
 *  10. 221 new tariff's device_limit < the owner's tracker count (equal is allowed).
 * Tracker checks come before tariff checks, and existence before policy, the order of the spec's list.
 */
export function checkTariffChange(input: TariffChangeSubject): TariffChangeCheck {
  const { dealer, tracker, owner, currentTariff, newTariff } = input;
  const fail = (code: TariffChangeErrorCode): TariffChangeCheck => ({ ok: false, code });

  if (!tracker || !owner || owner.id !== tracker.user_id || owner.dealer_id !== dealer.id) return fail(Code.NotFound);
  if (tracker.source.corrupted) return fail(Code.DeviceCorrupted);
  if (tracker.deleted) return fail(Code.DeviceDeleted);
  if (tracker.clone) return fail(Code.NotAllowedForClones);
  if (!currentTariff || currentTariff.id !== tracker.source.tariff_id || currentTariff.dealer_id !== dealer.effectiveDealerId) {
    return fail(Code.InvalidTariff);
  }
  if (!newTariff || newTariff.dealer_id !== dealer.effectiveDealerId) return fail(Code.NewTariffMissing);
  if (newTariff.id === currentTariff.id) return fail(Code.TariffChangeNotAllowed);
  if (newTariff.device_type !== 'tracker') return fail(Code.TariffChangeNotAllowed);
  if (!docTypeAllows(newTariff.doc_type, owner.legal_type)) return fail(Code.TariffChangeNotAllowed);
  if (newTariff.device_limit < input.ownerTrackerCount) return fail(Code.DeviceLimitExceeded);
  return { ok: true };
}

/** doc_type 0 (all) and 3 (paas): anyone; 1: individuals (face 1); 2: legal entities (face 2) or sole traders (face 3). */
export function docTypeAllows(docType: number, legalType: LegalType | null): boolean {
  if (docType === 0 || docType === 3) return true;
  const face = legalType ? faceOfLegalType[legalType] : null;
  if (docType === 1) return face === 1;
  if (docType === 2) return face === 2 || face === 3;
  return false;
}

export interface RepaymentInput {
  repay: boolean;
  currentTariff: Pick<Tariff, 'type' | 'price'>;
  source: Pick<SourceTariffState, 'tariff_end' | 'tariff_end_date' | 'creation_date'>;
  /**
   * `free_days` of the tracker tariff defaults. A caller that cannot know the free period (the
   * renderer's estimate) passes 0: the period then counts as over.
   */
  freeDays: number;
  today: IsoDate;
}

/** Which of the seven repayment conditions failed first (in the order they are checked). */
export type RepaymentRefusal =
  | 'not_requested' // repay is false
  | 'not_monthly' // only a monthly fee is repaid
  | 'free_tariff' // the current price is 0
  | 'tariff_ended' // the paid period already ran out (tariff_end)
  | 'no_end_date' // no tariff_end_date
  | 'free_period' // still inside the free period after registration
  | 'no_days_left'; // no whole day remains before tariff_end_date

export interface RepaymentDetail {
  /** Whole currency units credited; 0 when `refusal` is set. */
  amount: number;
  refusal: RepaymentRefusal | null;
  /** Whole days left on the current tariff (0 when not computed or none). */
  remainder: number;
  /** Days in the month of `today`: the divisor of the rule. */
  daysInMonth: number;
}

/** Whole days left on the current tariff: from today to `tariff_end_date`, 0 when none remain. */
export function remainingDays(tariffEndDate: IsoDate | null, today: IsoDate): number {
  return tariffEndDate === null ? 0 : Math.max(0, daysBetween(today, tariffEndDate));
}

/**
 * Amount credited back for the unused part of a monthly fee, in whole currency units; 0 when any of the
 * seven conditions fails. `ceil(price * remainder / days_in_current_month)`: the spec says ceil and
 * "taking the integer part", so the result is rounded UP to a whole unit, not to a cent. It is computed
 * exactly from integer cents (a float ceil gives 2 for 1.12 * 25 / 28 = 1). Not capped at `price`: a
 * remainder longer than the month (only possible after a manual end-date edit) repays more.
 */
export function repaymentAmount(input: RepaymentInput): number {
  return repaymentDetail(input).amount;
}

/** `repaymentAmount` with its parts: which condition failed, the remainder and the month's days. */
export function repaymentDetail(input: RepaymentInput): RepaymentDetail {
  const { currentTariff: tariff, source, today } = input;
  const daysInMonth = daysInMonthOf(today);
  const refuse = (refusal: RepaymentRefusal, remainder = 0): RepaymentDetail => ({ amount: 0, refusal, remainder, daysInMonth });
  if (!input.repay) return refuse('not_requested');
  if (tariff.type !== 'monthly') return refuse('not_monthly');
  const priceCents = toCents(tariff.price);
  if (priceCents <= 0) return refuse('free_tariff');
  if (source.tariff_end) return refuse('tariff_ended');
  if (source.tariff_end_date === null) return refuse('no_end_date');
  if (!freePeriodExpired(source.creation_date, input.freeDays, today)) return refuse('free_period');
  const remainder = remainingDays(source.tariff_end_date, today);
  if (remainder <= 0) return refuse('no_days_left');
  return { amount: ceilDiv(priceCents * remainder, daysInMonth * 100), refusal: null, remainder, daysInMonth };
}

/** The source columns a tariff change writes. */
export interface TariffChangeState {
  tariff_id: number;
  tariff_change: IsoDate;
  tariff_end: boolean;
  tariff_end_date: IsoDate | null;
  last_charged_date: IsoDate;
}

/**
 * The spec's "Change" state machine, literally. `charge` pays nothing here: it only makes the next
 * prolongation due now, and the daily billing run charges it.
 *
 * Active (tariff_end false): the spec does not single out activeday, so an activeday tariff falls in
 * "else" and gets tariff_end_date = tomorrow, whatever `charge` says. That date is harmless: the daily
 * run bills activeday by activity and ignores tariff_end_date.
 */
export function applyTariffChange(
  state: Pick<SourceTariffState, 'tariff_end'>,
  newTariff: Pick<Tariff, 'id' | 'type'>,
  { charge }: { charge: boolean },
  today: IsoDate,
): TariffChangeState {
  const base = { tariff_id: newTariff.id, tariff_change: today };
  if (!state.tariff_end) {
    const endDate = newTariff.type === 'monthly' && !charge ? firstDayOfNextMonth(today) : tomorrow(today);
    return { ...base, tariff_end: false, tariff_end_date: endDate, last_charged_date: today };
  }
  const lastCharged = yesterday(today);
  switch (newTariff.type) {
    case 'monthly':
      return charge
        ? { ...base, tariff_end: true, tariff_end_date: today, last_charged_date: lastCharged }
        : { ...base, tariff_end: false, tariff_end_date: firstDayOfNextMonth(today), last_charged_date: lastCharged };
    case 'everyday':
      return charge
        ? { ...base, tariff_end: true, tariff_end_date: today, last_charged_date: lastCharged }
        : { ...base, tariff_end: false, tariff_end_date: tomorrow(today), last_charged_date: lastCharged };
    case 'activeday':
      return { ...base, tariff_end: false, tariff_end_date: null, last_charged_date: lastCharged };
  }
}

export interface TariffChangePlanInput extends TariffChangeSubject {
  repay: boolean;
  charge: boolean;
  /** `free_days` of the tracker tariff defaults of the tracker's dealer. */
  freeDays: number;
  now: Date;
}

export interface SourceTariffUpdate extends TariffChangeState {
  blocked: boolean;
}

export type TariffChangePlan =
  | { ok: false; code: TariffChangeErrorCode }
  | {
      ok: true;
      /** The source row's new values. */
      source: SourceTariffUpdate;
      /** Credited to the owner, currency units (0 = no repayment). */
      repayment: number;
      transactions: PlannedTransaction[];
      /** The owner's balance change, null when untouched. */
      balance: BalanceChange | null;
    };

/**
 * The whole change: the checks, then the repayment (computed on the state BEFORE the change, with the
 * current tariff), then the new state.
 *
 * The repayment is one transaction, type `payment` / subtype `monthly`: it is money into the balance
 * (`payment` is the only incoming type; `main_charge` stays outgoing-only, so summing it still gives the
 * subscription fees charged), and `monthly` names the fee it gives back (only monthly tariffs repay),
 * distinct from `partner`, the dealer's manual balance change.
 *
 * `blocked`: a tracker is blocked "due to tariff end" while tariff_end and blocked are both set. When the
 * change clears tariff_end (inactive → monthly/everyday without charge, or → activeday) the block is
 * lifted too; otherwise the daily run, which only unblocks ended tariffs, would never lift it.
 */
export function planTariffChange(input: TariffChangePlanInput): TariffChangePlan {
  const check = checkTariffChange(input);
  if (!check.ok) return check;
  // checkTariffChange guarantees these rows exist.
  const tracker = input.tracker!;
  const owner = input.owner!;
  const currentTariff = input.currentTariff!;
  const newTariff = input.newTariff!;
  const today = todayUtc(input.now);
  const source = tracker.source;

  const repayment = repaymentAmount({ repay: input.repay, currentTariff, source, freeDays: input.freeDays, today });
  const state = applyTariffChange(source, newTariff, { charge: input.charge }, today);
  const liftsTariffBlock = source.tariff_end && source.blocked && !source.manual_block && !state.tariff_end;
  const update: SourceTariffUpdate = { ...state, blocked: liftsTariffBlock ? false : source.blocked };

  if (repayment === 0) return { ok: true, source: update, repayment: 0, transactions: [], balance: null };

  const oldCents = toCents(owner.balance);
  const newCents = oldCents + repayment * 100;
  const balance = { user_id: owner.id, old_balance: fromCents(oldCents), new_balance: fromCents(newCents) };
  const days = remainingDays(source.tariff_end_date, today);
  const transaction: PlannedTransaction = {
    type: 'payment',
    subtype: 'monthly',
    description: `Repayment of ${days} unused day(s) of tariff #${currentTariff.id} on change to tariff #${newTariff.id}`,
    amount: repayment,
    dealer_id: owner.dealer_id,
    user_id: owner.id,
    tracker_id: tracker.id,
    old_balance: balance.old_balance,
    new_balance: balance.new_balance,
    timestamp: formatUtcDateTime(input.now),
  };
  return { ok: true, source: update, repayment, transactions: [transaction], balance };
}
