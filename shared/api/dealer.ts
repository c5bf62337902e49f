/** The dealer's own record (dealer/get_info): the contract both sides read. */
import { z } from 'zod';
import { spec } from './define.js';

/**
 * What a single-dealer installation knows of its dealer. Each field's source is in the README's
 * API table; fields of the Navixy platform above a dealer (its balance with the platform, its
 * parent, paid features) have no source here and are not invented.
 */
export interface DealerInfo {
  id: number;
  title: string;
  creation_date: string;
  /** PAAS: this installation is the dealer's own platform (no partner or agent contract above it). */
  contract_type: 'PAAS';
  parent_dealer_id: null;
  block_status: 'NOT_BLOCKED' | 'BLOCKED';
  /** Non-clone trackers active this UTC month (what the month is billed for; tracker/active/history/list). */
  active_amount: number;
  /** No platform limit applies to an own installation. */
  active_limit: null;
  /** Original trackers that are not deleted (clones are counted in clones_count). */
  trackers_count: number;
  clones_count: number;
  users_count: number;
  /** Sum of the customers' balances and bonus balances, in the currency's units. */
  users_balance: number;
  users_bonus: number;
}

export const dealerGetInfo = spec<{ value: DealerInfo }>()({
  path: 'dealer/get_info',
  permissions: { base: ['get_dealer_info'] },
  params: z.object({}),
});
