import type { SimCardOrderKey } from '../../../shared/api/bundle-params.js';
import type { SimCard, SimCardInput } from '../../../shared/api/sim-card.js';
import { utcDateTime, type Clock } from '../../../shared/clock.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import type { SqlParam, Store } from '../store.js';
import { anyLike, bool, existingValues, flag, insertMany, orderBy, page, type PageRequest } from './sql-helpers.js';

export type { SimCard, SimCardInput, SimCardOrderKey };

/** A SIM card as stored, with the bundle holding it (flags still 0/1). */
interface SimCardRow {
  iccid: string;
  phone: string | null;
  apn: string | null;
  blocked: number;
  deleted: number;
  bundle_id: number | null;
}

function toSimCard(row: SimCardRow): SimCard {
  return { iccid: row.iccid, phone: row.phone, apn: row.apn, blocked: bool(row.blocked), deleted: bool(row.deleted), bundle_id: row.bundle_id };
}

const SIM_SELECT = `SELECT s.iccid, s.phone, s.apn, s.blocked, s.deleted, b.id AS bundle_id
  FROM sim_cards s LEFT JOIN bundles b ON b.sim_card_id = s.id`;

/** sim_card/list `order_by` → column (the allow-list). */
// A card in no bundle sorts as the lowest bundle id on both engines (PostgreSQL puts NULL last in ASC, SQLite first).
const simCardOrderColumns: Readonly<Record<SimCardOrderKey, string>> = { iccid: 's.iccid', phone: 's.phone', apn: 's.apn', bundle_id: 'COALESCE(b.id, 0)' };

/** Columns sim_card/list's `filter` searches. */
const SIM_FILTER = ['s.iccid', 's.phone', 's.apn'];

/** SIM cards of one dealer. ICCIDs are unique per dealer; phones among the dealer's SIM cards that are not deleted. */
export class SimCards {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async find(dealerId: number, iccid: string): Promise<SimCard | undefined> {
    const row = await this.store.get<SimCardRow>(`${SIM_SELECT} WHERE s.dealer_id = ? AND s.iccid = ?`, [dealerId, iccid]);
    return row && toSimCard(row);
  }

  async list(
    dealerId: number,
    q: PageRequest & { filter?: string; orderBy: SimCardOrderKey; ascending: boolean },
  ): Promise<{ rows: SimCard[]; count: number }> {
    let where = 's.dealer_id = ?';
    const params: SqlParam[] = [dealerId];
    const filter = q.filter?.trim();
    if (filter) {
      const like = anyLike(SIM_FILTER, filter);
      where += ` AND ${like.sql}`;
      params.push(...like.params);
    }
    const count = (await this.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM sim_cards s WHERE ${where}`, params))!.n;
    const paged = page(q);
    const rows = await this.store.all<SimCardRow>(
      `${SIM_SELECT} WHERE ${where}${orderBy(simCardOrderColumns, q.orderBy, q.ascending, 's.iccid')}${paged.sql}`,
      [...params, ...paged.params],
    );
    return { rows: rows.map(toSimCard), count };
  }

  /**
   * All or nothing, in one transaction: 247 with `list` = every ICCID the dealer already has,
   * then 223 with `list` = every phone already on one of the dealer's SIM cards that is not deleted.
   * `cards` are validated, with distinct ICCIDs and phones.
   */
  async import(dealerId: number, cards: SimCardInput[]): Promise<number> {
    const now = utcDateTime(this.clock.now());
    return this.store.transaction(async (tx) => {
      const existing = await existingValues(
        tx,
        'sim_cards',
        'iccid',
        dealerId,
        cards.map((c) => c.iccid),
      );
      if (existing.length) throw new ApiError(Code.EntityExists, { list: existing });
      const phones = cards.map((c) => c.phone).filter((p): p is string => p !== null);
      const phonesInUse = await existingValues(tx, 'sim_cards', 'phone', dealerId, phones, ' AND deleted = 0');
      if (phonesInUse.length) throw new ApiError(Code.PhoneInUse, { list: phonesInUse });
      await insertMany(
        tx,
        'sim_cards',
        ['dealer_id', 'iccid', 'phone', 'apn', 'creation_time'],
        cards.map((c) => [dealerId, c.iccid, c.phone, c.apn, now]),
      );
      return cards.length;
    });
  }

  /**
   * sim_card/update: 201 unknown ICCID; 223 when the SIM card would end up not deleted with a
   * phone another of the dealer's SIM cards (not deleted) has. Fields left undefined keep their value.
   */
  async update(dealerId: number, iccid: string, changes: { blocked?: boolean; deleted?: boolean; phone?: string | null; apn?: string | null }): Promise<void> {
    await this.store.transaction(async (tx) => {
      const row = await tx.get<{ id: number; phone: string | null; deleted: number }>(
        'SELECT id, phone, deleted FROM sim_cards WHERE dealer_id = ? AND iccid = ?',
        [dealerId, iccid],
      );
      if (!row) throw new ApiError(Code.NotFound);
      const phone = changes.phone !== undefined ? changes.phone : row.phone;
      const deleted = changes.deleted !== undefined ? changes.deleted : bool(row.deleted);
      if (!deleted && phone !== null) {
        const other = await tx.get('SELECT 1 FROM sim_cards WHERE dealer_id = ? AND phone = ? AND deleted = 0 AND id <> ?', [dealerId, phone, row.id]);
        if (other) throw new ApiError(Code.PhoneInUse);
      }
      const sets: string[] = [];
      const params: SqlParam[] = [];
      if (changes.blocked !== undefined) {
        sets.push('blocked = ?');
        params.push(flag(changes.blocked));
      }
      if (changes.deleted !== undefined) {
        sets.push('deleted = ?');
        params.push(flag(changes.deleted));
      }
      if (changes.phone !== undefined) {
        sets.push('phone = ?');
        params.push(changes.phone);
      }
      if (changes.apn !== undefined) {
        sets.push('apn = ?');
        params.push(changes.apn);
      }
      if (sets.length) await tx.run(`UPDATE sim_cards SET ${sets.join(', ')} WHERE id = ?`, [...params, row.id]);
    });
  }
}
