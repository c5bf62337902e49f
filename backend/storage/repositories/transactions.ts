import type { WriteTx, ReadDb } from '../durable-store.js';
import type { PlannedTransaction } from '../../../shared/billing/transaction.js';
import { toCents } from '../../../shared/billing/money.js';

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
export function presentTransaction(row: TransactionRow) {
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

/** Writes a balance transaction and moves the user's balance to its `new_balance`. */
export function insertBalanceTransaction(tx: WriteTx, t: PlannedTransaction, bonusCents: number): void {
  tx.run(
    `INSERT INTO transactions (dealer_id, user_id, tracker_id, type, subtype, description, amount_cents,
       old_balance_cents, new_balance_cents, bonus_amount_cents, old_bonus_cents, new_bonus_cents, timestamp)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
    [t.dealer_id, t.user_id, t.tracker_id, t.type, t.subtype, t.description, toCents(t.amount), toCents(t.old_balance), toCents(t.new_balance), bonusCents, bonusCents, t.timestamp],
  );
  tx.run('UPDATE users SET balance_cents = ? WHERE id = ?', [toCents(t.new_balance), t.user_id]);
}

export function listTransactions(db: ReadDb, dealerId: number, userId: number, from: string, to: string, limit: number): TransactionRow[] {
  return db.all<TransactionRow>(
    'SELECT * FROM transactions WHERE dealer_id = ? AND user_id = ? AND timestamp >= ? AND timestamp <= ? ORDER BY timestamp, id LIMIT ?',
    [dealerId, userId, from, to, limit],
  );
}
