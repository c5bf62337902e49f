/** Billing methods: tariff change, active history and the daily run; the contract both sides read. */
import { z } from 'zod';
import { isIsoDate, isYearMonth, type IsoDate, type YearMonth } from '../billing/dates.js';
import { spec } from './define.js';
import { bool, id } from './params.js';

/** The longest span tracker/active/history/list covers in one request, in months (211 beyond it). */
export const MAX_ACTIVE_HISTORY_MONTHS = 12;

/** One month of tracker/active/history/list: the dealer's non-clone trackers whose source was active. */
export interface ActiveMonth {
  month: YearMonth;
  /** How many trackers `trackers` lists. */
  amount: number;
  trackers: { tracker_id: number; user_id: number; label: string; device_id: string }[];
}

/** What one day of the daily billing run did for a dealer. */
export interface BillingRunSummary {
  date: IsoDate;
  /** Transactions written (fees taken). */
  charged: number;
  blocked: number;
  unblocked: number;
  /** The fees taken, in currency units. */
  amount: number;
}

/**
 * Rules: shared/billing/tariff-change.ts. The answer also carries `repayment` (the amount credited,
 * 0 when none): an extra field, which Navixy clients ignore.
 */
export const trackerTariffChange = spec<{ repayment: number }>()({
  path: 'tracker/tariff/change',
  permissions: { trackers: ['update'], transactions: ['create'], tariffs: ['read'] },
  params: z.object({ tracker_id: id(), tariff_id: id(), repay: bool().default(false), charge: bool().default(false) }),
  writes: true,
});

const yearMonth = () => z.string({ error: 'Required' }).refine(isYearMonth, 'Must be a year and month YYYY-MM');

export const trackerActiveHistoryList = spec<{ list: ActiveMonth[] }>()({
  path: 'tracker/active/history/list',
  permissions: { trackers: ['read'] },
  params: z.object({ from: yearMonth(), to: yearMonth() }).refine((p) => p.from <= p.to, { message: 'Must not be after to', path: ['from'] }),
});

/** Bills one UTC day on demand (administrator only). A day already billed charges nothing again. */
export const billingRun = spec<{ value: BillingRunSummary }>()({
  path: 'billing/run',
  permissions: { billing: ['run'] },
  params: z.object({
    date: z.string({ error: 'Required' }).refine(isIsoDate, 'Must be a date YYYY-MM-DD'),
  }),
  writes: true,
});
