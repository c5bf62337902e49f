/**
 * A balance transaction to be written, shaped like the Navixy transaction object
 * (docs/navixy-api-facts.md §5.6). The writer adds what billing does not know: `bonus_amount` (0 here),
 * `old_bonus` = `new_bonus` = the user's bonus.
 */

/** `main_charge` subscription fee, `payment` money in, `tariff_charge` telecom services, `bonus_charge` bonus refill. */
export type TransactionType = 'main_charge' | 'payment' | 'tariff_charge' | 'bonus_charge';
export type TransactionSubtype = 'monthly' | 'everyday' | 'activeday' | 'every_year' | 'partner' | 'sms' | 'register';

export interface PlannedTransaction {
  type: TransactionType;
  subtype: TransactionSubtype;
  description: string;
  amount: number; // currency units; negative takes money from the balance
  dealer_id: number;
  user_id: number;
  tracker_id: number;
  old_balance: number; // currency units
  new_balance: number; // currency units
  timestamp: string; // `YYYY-MM-DD HH:MM:SS` UTC
}

/** A user's balance before and after a plan, in currency units. */
export interface BalanceChange {
  user_id: number;
  old_balance: number;
  new_balance: number;
}
