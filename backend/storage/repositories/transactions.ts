import { utcDateTime, type Clock } from '../../../shared/clock.js';
import { Code } from '../../../shared/errors.js';
import type { UserTransaction } from '../../../shared/api/user.js';
import { sqlLimit } from './sql-helpers.js';
import { ApiError } from '../../api/api-error.js';
import type { WriteTx } from '../durable-store.js';
import type { Store, Tx } from '../store.js';
import type { PlannedTransaction } from '../../../shared/billing/transaction.js';
import { toCents } from '../../../shared/billing/money.js';
import { auditedWrite } from '../../api/audit.js';

export interface TransactionRow {
  id: number;
  dealer_id: number;
  user_id: number;
  tracker_id: number;
  type: string;
  subtype: string;
  description: string;
  amount_cents: number;
  old_balance_cents: number;
  new_balance_cents: number;
  bonus_amount_cents: number;
  old_bonus_cents: number;
  new_bonus_cents: number;
  timestamp: string;
}

/** The Navixy transaction object. */
export function presentTransaction(row: TransactionRow): UserTransaction {
  return {
    description: row.description,
    type: row.type,
    subtype: row.subtype,
    timestamp: row.timestamp,
    user_id: row.user_id,
    dealer_id: row.dealer_id,
    tracker_id: row.tracker_id,
    amount: row.amount_cents / 100,
    new_balance: row.new_balance_cents / 100,
    old_balance: row.old_balance_cents / 100,
    bonus_amount: row.bonus_amount_cents / 100,
    new_bonus: row.new_bonus_cents / 100,
    old_bonus: row.old_bonus_cents / 100,
  };
}

const INSERT_TRANSACTION = `INSERT INTO transactions (dealer_id, user_id, tracker_id, type, subtype, description, amount_cents,
       old_balance_cents, new_balance_cents, bonus_amount_cents, old_bonus_cents, new_bonus_cents, timestamp)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SET_BALANCE = 'UPDATE users SET balance_cents = ? WHERE id = ?';

/** A planned (billing) transaction's row: it moves the balance only, the bonus stays. */
function plannedParams(t: PlannedTransaction, bonusCents: number): (string | number)[] {
  return [
    t.dealer_id,
    t.user_id,
    t.tracker_id,
    t.type,
    t.subtype,
    t.description,
    toCents(t.amount),
    toCents(t.old_balance),
    toCents(t.new_balance),
    0,
    bonusCents,
    bonusCents,
    t.timestamp,
  ];
}

/** Writes a balance transaction and moves the user's balance to its `new_balance`. */
export async function recordBalanceTransaction(tx: Tx, t: PlannedTransaction, bonusCents: number): Promise<void> {
  await tx.run(INSERT_TRANSACTION, plannedParams(t, bonusCents));
  await tx.run(SET_BALANCE, [toCents(t.new_balance), t.user_id]);
}

/** The Navixy description of the bonus credited when a tracker is registered (tariff defaults' `activation_bonus`). */
export const ACTIVATION_BONUS_DESCRIPTION = 'Recharge bonus balance during tracker registration';

/** One money movement on a user: a transaction row, then the user's balance and bonus moved by its amounts. */
interface MoneyMove {
  dealerId: number;
  userId: number;
  trackerId: number;
  type: string;
  subtype: string;
  description: string;
  balanceCents: number;
  bonusCents: number;
  timestamp: string;
}

/** Writes `move` inside `tx`: 201 when the dealer has no such user (or it was deleted), 251 when a result would be negative. */
async function recordMoneyMove(tx: Tx, move: MoneyMove): Promise<void> {
  const user = await tx.get<{ balance_cents: number; bonus_cents: number }>(
    'SELECT balance_cents, bonus_cents FROM users WHERE id = ? AND dealer_id = ? AND deleted = 0',
    [move.userId, move.dealerId],
  );
  if (!user) throw new ApiError(Code.NotFound);
  const newBalance = user.balance_cents + move.balanceCents;
  const newBonus = user.bonus_cents + move.bonusCents;
  if (newBalance < 0 || newBonus < 0) throw new ApiError(Code.InsufficientFunds);
  await tx.run(INSERT_TRANSACTION, [
    move.dealerId,
    move.userId,
    move.trackerId,
    move.type,
    move.subtype,
    move.description,
    move.balanceCents,
    user.balance_cents,
    newBalance,
    move.bonusCents,
    user.bonus_cents,
    newBonus,
    move.timestamp,
  ]);
  await tx.run('UPDATE users SET balance_cents = ?, bonus_cents = ? WHERE id = ?', [newBalance, newBonus, move.userId]);
}

/**
 * Credits the activation bonus (cents, > 0) to the user's bonus balance as a `bonus_charge`/`register`
 * transaction on the new tracker, inside the registration's own transaction. The balance stays.
 */
export function recordActivationBonus(
  tx: Tx,
  t: { dealerId: number; userId: number; trackerId: number; bonusCents: number; timestamp: string },
): Promise<void> {
  return recordMoneyMove(tx, {
    dealerId: t.dealerId,
    userId: t.userId,
    trackerId: t.trackerId,
    type: 'bonus_charge',
    subtype: 'register',
    description: ACTIVATION_BONUS_DESCRIPTION,
    balanceCents: 0,
    bonusCents: t.bonusCents,
    timestamp: t.timestamp,
  });
}

export interface BalanceChange {
  userId: number;
  amount: number;
  type: 'balance' | 'bonus';
  text: string;
}

/** Users' balance transactions (user/transaction/list, change_balance). */
export class Transactions {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The user's transactions with `from` ≤ timestamp ≤ `to`, oldest first, at most `limit`. */
  list(dealerId: number, userId: number, from: string, to: string, limit: number): Promise<TransactionRow[]> {
    return this.store.all<TransactionRow>(
      'SELECT * FROM transactions WHERE dealer_id = ? AND user_id = ? AND timestamp >= ? AND timestamp <= ? ORDER BY timestamp, id LIMIT ?',
      [dealerId, userId, from, to, sqlLimit(limit)],
    );
  }

  /**
   * A `payment`/`partner` transaction that moves the user's balance or bonus by `amount`: 201 when
   * the dealer has no such user, 251 when the result would be negative.
   */
  async changeBalance(dealerId: number, change: BalanceChange): Promise<void> {
    const amountCents = toCents(change.amount);
    const timestamp = utcDateTime(this.clock.now());
    const isBonus = change.type === 'bonus';
    await this.store.transaction((tx) =>
      auditedWrite(
        tx,
        { type: 'user', id: change.userId },
        () => userMoneyFields(tx, change.userId),
        () =>
          recordMoneyMove(tx, {
            dealerId,
            userId: change.userId,
            trackerId: 0,
            type: 'payment',
            subtype: 'partner',
            description: change.text,
            balanceCents: isBonus ? 0 : amountCents,
            bonusCents: isBonus ? amountCents : 0,
            timestamp,
          }),
      ),
    );
  }
}

/** A user's balance and bonus (in the currency, not cents) as the audit trail compares them. */
export async function userMoneyFields(tx: Tx, userId: number): Promise<Record<string, unknown> | undefined> {
  const row = await tx.get<{ balance_cents: number; bonus_cents: number }>('SELECT balance_cents, bonus_cents FROM users WHERE id = ?', [userId]);
  return row && { balance: row.balance_cents / 100, bonus: row.bonus_cents / 100 };
}
