import type { OrderOrderKey } from '../../../shared/api/bundle-params.js';
import type { Order, OrderInput } from '../../../shared/api/order.js';
import { utcDateTime, type Clock } from '../../../shared/clock.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import type { SqlParam, Store } from '../store.js';
import { anyLike, orderBy, page, type PageRequest } from './sql-helpers.js';

export type { Order, OrderInput, OrderOrderKey };

interface OrderRow {
  id: number;
  dealer_id: number;
  user_id: number | null;
  amount: number;
  sum_cents: number;
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

/** The seller of an order is the dealer that took it. */
function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    user_id: row.user_id,
    seller_id: row.dealer_id,
    amount: row.amount,
    sum: row.sum_cents / 100,
    type: row.type,
    payer: row.payer,
    recipient: row.recipient,
    contacts: row.contacts,
    place: row.place,
    comment: row.comment,
    creation_time: row.creation_time,
    status: row.status,
    bundles_count: row.bundles_count,
  };
}

const ORDER_SELECT = `SELECT o.*, (SELECT COUNT(*) FROM bundles b WHERE b.order_id = o.id) AS bundles_count FROM orders o`;

/** order/list `order_by` → column (the allow-list). */
const orderOrderColumns: Readonly<Record<OrderOrderKey, string>> = {
  id: 'o.id',
  creation_time: 'o.creation_time',
  user_id: 'o.user_id',
  sum: 'o.sum_cents',
  status: 'o.status',
};

/** Columns order/list's `filter` searches. */
const ORDER_FILTER = ['CAST(o.id AS TEXT)', 'CAST(o.user_id AS TEXT)', 'o.payer', 'o.recipient', 'o.contacts', 'o.place', 'o.comment', 'o.status'];

/** Equipment orders of one dealer (what bundles are shipped against). */
export class Orders {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async find(dealerId: number, orderId: number): Promise<Order | undefined> {
    const row = await this.store.get<OrderRow>(`${ORDER_SELECT} WHERE o.id = ? AND o.dealer_id = ?`, [orderId, dealerId]);
    return row && toOrder(row);
  }

  /** The dealer's order; 201 if it has none with this id. */
  async owned(dealerId: number, orderId: number): Promise<Order> {
    const order = await this.find(dealerId, orderId);
    if (!order) throw new ApiError(Code.NotFound);
    return order;
  }

  async list(dealerId: number, q: PageRequest & { filter?: string; orderBy: OrderOrderKey; ascending: boolean }): Promise<{ rows: Order[]; count: number }> {
    let where = 'o.dealer_id = ?';
    const params: SqlParam[] = [dealerId];
    const filter = q.filter?.trim();
    if (filter) {
      const like = anyLike(ORDER_FILTER, filter);
      where += ` AND ${like.sql}`;
      params.push(...like.params);
    }
    const count = (await this.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM orders o WHERE ${where}`, params))!.n;
    const paged = page(q);
    const rows = await this.store.all<OrderRow>(`${ORDER_SELECT} WHERE ${where}${orderBy(orderOrderColumns, q.orderBy, q.ascending, 'o.id')}${paged.sql}`, [
      ...params,
      ...paged.params,
    ]);
    return { rows: rows.map(toOrder), count };
  }

  /** 204 when `user_id` is not one of the dealer's users. New orders have type `equip` and status `created`. */
  async create(dealerId: number, order: OrderInput): Promise<number> {
    const now = utcDateTime(this.clock.now());
    return this.store.transaction(async (tx) => {
      if (order.user_id !== null && !(await tx.get('SELECT 1 FROM users WHERE id = ? AND dealer_id = ? AND deleted = 0', [order.user_id, dealerId]))) {
        throw new ApiError(Code.EntityNotFound);
      }
      return tx.insert(
        `INSERT INTO orders (dealer_id, user_id, amount, sum_cents, type, payer, recipient, contacts, place, comment, creation_time, status)
         VALUES (?, ?, ?, ?, 'equip', ?, ?, ?, ?, ?, ?, 'created')`,
        [dealerId, order.user_id, order.amount, Math.round(order.sum * 100), order.payer, order.recipient, order.contacts, order.place, order.comment, now],
      );
    });
  }
}
