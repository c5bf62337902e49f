import type { Migration } from './runner.js';

/** Released: do not edit. Money in integer cents; dates `YYYY-MM-DD`, months `YYYY-MM`, UTC. */
export const billingSchema: Migration = {
  id: '003-billing',
  statements: [
    `CREATE TABLE transactions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      user_id INTEGER NOT NULL REFERENCES users(id),
      tracker_id INTEGER NOT NULL DEFAULT 0,
      type TEXT NOT NULL,
      subtype TEXT NOT NULL,
      description TEXT NOT NULL,
      amount_cents INTEGER NOT NULL,
      old_balance_cents INTEGER NOT NULL,
      new_balance_cents INTEGER NOT NULL,
      bonus_amount_cents INTEGER NOT NULL DEFAULT 0,
      old_bonus_cents INTEGER NOT NULL,
      new_bonus_cents INTEGER NOT NULL,
      timestamp TEXT NOT NULL
    )`,
    'CREATE INDEX transactions_user_time ON transactions (user_id, timestamp)',
    `CREATE TABLE billing_runs (
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      date TEXT NOT NULL,
      ran_at TEXT NOT NULL,
      charged INTEGER NOT NULL,
      blocked INTEGER NOT NULL,
      unblocked INTEGER NOT NULL,
      PRIMARY KEY (dealer_id, date)
    )`,
    // Days a source sent data (kept for activeday billing) and months it did (active history).
    'CREATE TABLE source_active_days (day TEXT NOT NULL, source_id INTEGER NOT NULL, PRIMARY KEY (day, source_id)) WITHOUT ROWID',
    `CREATE TABLE source_active_months (
      dealer_id INTEGER NOT NULL,
      month TEXT NOT NULL,
      source_id INTEGER NOT NULL,
      PRIMARY KEY (dealer_id, month, source_id)
    ) WITHOUT ROWID`,
  ],
};
