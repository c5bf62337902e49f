import { utcDateTime, type Clock } from '../../../shared/clock.js';
import { ApiError } from '../../api/api-error.js';
import type { DurableStore } from '../durable-store.js';
import type { SqlParam } from '../sql-database.js';
import { existingValues, insertMany, likePattern } from './bundles.js';

export interface SimCardRow {
  id: number;
  iccid: string;
  phone: string | null;
  apn: string | null;
  blocked: number;
  deleted: number;
  bundle_id: number | null;
}

/** The SIM card object of sim_card/list: the bundle's `sim_card` plus the bundle holding it. */
export interface SimCard {
  iccid: string;
  phone: string | null;
  apn: string | null;
  blocked: boolean;
  deleted: boolean;
  bundle_id: number | null;
}

export interface SimCardInput {
  iccid: string;
  phone: string | null;
  apn: string | null;
}

export function presentSimCard(row: SimCardRow): SimCard {
  return { iccid: row.iccid, phone: row.phone, apn: row.apn, blocked: row.blocked === 1, deleted: row.deleted === 1, bundle_id: row.bundle_id };
}

const SIM_SELECT = `SELECT s.id, s.iccid, s.phone, s.apn, s.blocked, s.deleted, b.id AS bundle_id
  FROM sim_cards s LEFT JOIN bundles b ON b.sim_card_id = s.id`;

export const simCardOrderColumns = { iccid: 's.iccid', phone: 's.phone', apn: 's.apn', bundle_id: 'b.id' } as const;
export type SimCardOrderKey = keyof typeof simCardOrderColumns;

/** SIM cards of one dealer. ICCIDs are unique per dealer; phones among the dealer's SIM cards that are not deleted. */
export class SimCards {
  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
  ) {}

  find(dealerId: number, iccid: string): SimCardRow | undefined {
    return this.store.get<SimCardRow>(`${SIM_SELECT} WHERE s.dealer_id = ? AND s.iccid = ?`, [dealerId, iccid]);
  }

  list(
    dealerId: number,
    q: { filter?: string; orderBy: SimCardOrderKey; ascending: boolean; offset: number; limit: number },
  ): { rows: SimCardRow[]; count: number } {
    const where = ['s.dealer_id = ?'];
    const params: SqlParam[] = [dealerId];
    const filter = q.filter?.trim();
    if (filter) {
      const like = likePattern(filter);
      where.push("(s.iccid LIKE ? ESCAPE '\\' OR s.phone LIKE ? ESCAPE '\\' OR s.apn LIKE ? ESCAPE '\\')");
      params.push(like, like, like);
    }
    const whereSql = where.join(' AND ');
    const count = this.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM sim_cards s WHERE ${whereSql}`, params)!.n;
    const dir = q.ascending ? 'ASC' : 'DESC';
    const rows = this.store.all<SimCardRow>(
      `${SIM_SELECT} WHERE ${whereSql} ORDER BY ${simCardOrderColumns[q.orderBy]} ${dir}, s.iccid ${dir} LIMIT ? OFFSET ?`,
      [...params, q.limit, q.offset],
    );
    return { rows, count };
  }

  /**
   * All or nothing, in one transaction: 247 with `list` = every ICCID the dealer already has,
   * then 223 with `list` = every phone already on one of the dealer's SIM cards that is not deleted.
   * `cards` are validated, with distinct ICCIDs and phones.
   */
  async import(dealerId: number, cards: SimCardInput[]): Promise<number> {
    return this.store.write((tx) => {
      const existing = existingValues(tx, 'sim_cards', 'iccid', dealerId, cards.map((c) => c.iccid));
      if (existing.length) throw new ApiError(247, { list: existing });
      const phones = cards.map((c) => c.phone).filter((p): p is string => p !== null);
      const phonesInUse = existingValues(tx, 'sim_cards', 'phone', dealerId, phones, ' AND deleted = 0');
      if (phonesInUse.length) throw new ApiError(223, { list: phonesInUse });
      const now = utcDateTime(this.clock.now());
      insertMany(
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
  async update(
    dealerId: number,
    iccid: string,
    changes: { blocked?: boolean; deleted?: boolean; phone?: string | null; apn?: string | null },
  ): Promise<void> {
    await this.store.write((tx) => {
      const row = tx.get<{ id: number; phone: string | null; deleted: number }>('SELECT id, phone, deleted FROM sim_cards WHERE dealer_id = ? AND iccid = ?', [
        dealerId,
        iccid,
      ]);
      if (!row) throw new ApiError(201);
      const phone = changes.phone !== undefined ? changes.phone : row.phone;
      const deleted = changes.deleted !== undefined ? changes.deleted : row.deleted === 1;
      if (!deleted && phone !== null) {
        const other = tx.get('SELECT 1 FROM sim_cards WHERE dealer_id = ? AND phone = ? AND deleted = 0 AND id <> ?', [dealerId, phone, row.id]);
        if (other) throw new ApiError(223);
      }
      const sets: string[] = [];
      const params: SqlParam[] = [];
      if (changes.blocked !== undefined) {
        sets.push('blocked = ?');
        params.push(changes.blocked ? 1 : 0);
      }
      if (changes.deleted !== undefined) {
        sets.push('deleted = ?');
        params.push(changes.deleted ? 1 : 0);
      }
      if (changes.phone !== undefined) {
        sets.push('phone = ?');
        params.push(changes.phone);
      }
      if (changes.apn !== undefined) {
        sets.push('apn = ?');
        params.push(changes.apn);
      }
      if (sets.length) tx.run(`UPDATE sim_cards SET ${sets.join(', ')} WHERE id = ?`, [...params, row.id]);
    });
  }
}
