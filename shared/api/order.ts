/** Equipment orders (not Navixy panel methods): what bundles are shipped against. */
import { z } from 'zod';
import { decimal, id, int, nullable, object, oneOf, paging, text } from './params.js';
import type { Bundle } from './bundle.js';
import { orderOrderKeys } from './bundle-params.js';
import { spec } from './define.js';

/** The order object (docs/navixy-api-facts.md §7), plus `bundles_count`. The seller is the dealer that took it. */
export interface Order {
  id: number;
  user_id: number | null;
  seller_id: number;
  amount: number;
  sum: number;
  type: string;
  payer: string;
  recipient: string;
  contacts: string;
  place: string;
  comment: string;
  creation_time: string;
  status: string;
  bundles_count: number;
}

/** order/read: the order with its bundles (by id). */
export interface OrderWithBundles extends Order {
  bundles: Bundle[];
}

/** What order/create stores (defaults applied). */
export interface OrderInput {
  user_id: number | null;
  amount: number;
  sum: number;
  payer: string;
  recipient: string;
  contacts: string;
  place: string;
  comment: string;
}

const line = () => text(0, 255);

/**
 * Not a Navixy panel method: creates an equipment order (type `equip`, status `created`, seller =
 * the dealer) that bundles can then be shipped against with tracker/bundle/order/assign.
 * 204 if `user_id` is not one of the dealer's users.
 */
export const orderCreate = spec<{ id: number }>()({
  path: 'order/create',
  permissions: { tracker_bundles: ['create'] },
  params: z.object({
    order: object({
      user_id: nullable(id()).optional(),
      amount: int(1, 1_000_000).optional(),
      sum: decimal(0, 1_000_000_000)
        .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'At most 2 decimal places')
        .optional(),
      payer: line().optional(),
      recipient: line().optional(),
      contacts: line().optional(),
      place: line().optional(),
      comment: text(0, 3000).optional(),
    }),
  }),
  writes: true,
});

/**
 * Not a Navixy panel method. Orders without their `bundles` (`bundles_count` tells how many).
 * `filter`: substring of id, user_id, payer, recipient, contacts, place, comment or status.
 */
export const orderList = spec<{ list: Order[]; count: number }>()({
  path: 'order/list',
  permissions: { tracker_bundles: ['read'] },
  params: z.object({
    ...paging,
    order_by: oneOf(orderOrderKeys).optional(),
  }),
});

/** The order with its bundles. 201 if the dealer has no such order. */
export const orderRead = spec<{ value: OrderWithBundles }>()({
  path: 'order/read',
  permissions: { tracker_bundles: ['read'] },
  params: z.object({ order_id: id() }),
});
