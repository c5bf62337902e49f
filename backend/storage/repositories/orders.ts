import { utcDateTime, type Clock } from '../../../shared/clock.js';
import { ApiError } from '../../api/api-error.js';
import type { DurableStore } from '../durable-store.js';
import type { SqlParam } from '../sql-database.js';
import { likePattern, type Bundle } from './bundles.js';

export interface OrderRow {
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

/** The order object of panel-api_resources_order.md; `bundles` only in order/read. */
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
  bundles?: Bundle[];
}

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

/** The seller of an order is the dealer that took it. */
export function presentOrder(row: OrderRow, bundles?: Bundle[]): Order {
  const order: Order = {
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
  if (bundles) order.bundles = bundles;
  return order;
}

const ORDER_SELECT = `SELECT o.*, (SELECT COUNT(*) FROM bundles b WHERE b.order_id = o.id) AS bundles_count FROM orders o`;

export const orderOrderColumns = { id: 'o.id', creation_time: 'o.creation_time', user_id: 'o.user_id', sum: 'o.sum_cents', status: 'o.status' } as const;
export type OrderOrderKey = keyof typeof orderOrderColumns;

/** Equipment orders of one dealer (what bundles are shipped against). */
export class Orders {
  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
  ) {}

  find(dealerId: number, orderId: number): OrderRow | undefined {
    return this.store.get<OrderRow>(`${ORDER_SELECT} WHERE o.id = ? AND o.dealer_id = ?`, [orderId, dealerId]);
  }

  owned(dealerId: number, orderId: number): OrderRow {
    const row = this.find(dealerId, orderId);
    if (!row) throw new ApiError(201);
    return row;
  }

  list(
    dealerId: number,
    q: { filter?: string; orderBy: OrderOrderKey; ascending: boolean; offset: number; limit: number },
  ): { rows: OrderRow[]; count: number } {
    const where = ['o.dealer_id = ?'];
    const params: SqlParam[] = [dealerId];
    const filter = q.filter?.trim();
    if (filter) {
      const like = likePattern(filter);
      const fields = ['CAST(o.id AS TEXT)', 'CAST(o.user_id AS TEXT)', 'o.payer', 'o.recipient', 'o.contacts', 'o.place', 'o.comment', 'o.status'];
      where.push(`(${fields.map((f) => `${f} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
      params.push(...fields.map(() => like));
    }
    const whereSql = where.join(' AND ');
    const count = this.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM orders o WHERE ${whereSql}`, params)!.n;
    const dir = q.ascending ? 'ASC' : 'DESC';
    const rows = this.store.all<OrderRow>(
      `${ORDER_SELECT} WHERE ${whereSql} ORDER BY ${orderOrderColumns[q.orderBy]} ${dir}, o.id ${dir} LIMIT ? OFFSET ?`,
      [...params, q.limit, q.offset],
    );
    return { rows, count };
  }

  /** 204 when `user_id` is not one of the dealer's users. New orders have type `equip` and status `created`. */
  async create(dealerId: number, order: OrderInput): Promise<number> {
    return this.store.write((tx) => {
      if (order.user_id !== null && !tx.get('SELECT 1 FROM users WHERE id = ? AND dealer_id = ?', [order.user_id, dealerId])) throw new ApiError(204);
      return tx.run(
        `INSERT INTO orders (dealer_id, user_id, amount, sum_cents, type, payer, recipient, contacts, place, comment, creation_time, status)
         VALUES (?, ?, ?, ?, 'equip', ?, ?, ?, ?, ?, ?, 'created')`,
        [
          dealerId,
          order.user_id,
          order.amount,
          Math.round(order.sum * 100),
          order.payer,
          order.recipient,
          order.contacts,
          order.place,
          order.comment,
          utcDateTime(this.clock.now()),
        ],
      ).lastInsertRowid;
    });
  }
}
