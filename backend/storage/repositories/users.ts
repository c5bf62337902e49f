import type { Clock } from '../../../shared/clock.js';
import { utcDateTime } from '../../../shared/clock.js';
import type { LegalType, User } from '../../../shared/entities.js';
import { ApiError } from '../../api/api-error.js';
import type { DurableStore, WriteTx } from '../durable-store.js';

/** Editable text fields of the user object, stored together as JSON. */
export const userProfileFields = [
  'first_name', 'middle_name', 'last_name', 'legal_name', 'phone',
  'post_country', 'post_index', 'post_region', 'post_city', 'post_street_address',
  'registered_country', 'registered_index', 'registered_region', 'registered_city', 'registered_street_address',
  'state_reg_num', 'tin', 'okpo_code', 'iec',
] as const;
export type UserProfile = Record<(typeof userProfileFields)[number], string>;

export interface UserRow {
  id: number;
  dealer_id: number;
  login: string;
  activated: number;
  verified: number;
  legal_type: LegalType;
  profile: string;
  balance_cents: number;
  bonus_cents: number;
  creation_date: string;
  comment: string;
  default_tariff_id: number | null;
  discount: string | null;
  trackers_count: number;
}

const SELECT_USER = `SELECT u.*, (SELECT COUNT(*) FROM trackers t WHERE t.user_id = u.id AND t.deleted = 0) AS trackers_count FROM users u`;

export function presentUser(row: UserRow): User {
  const profile = JSON.parse(row.profile) as Partial<UserProfile>;
  const fields = Object.fromEntries(userProfileFields.map((f) => [f, profile[f] ?? ''])) as UserProfile;
  return {
    id: row.id,
    dealer_id: row.dealer_id,
    activated: row.activated === 1,
    verified: row.verified === 1,
    login: row.login,
    ...fields,
    legal_type: row.legal_type,
    balance: row.balance_cents / 100,
    bonus: row.bonus_cents / 100,
    creation_date: row.creation_date,
    trackers_count: row.trackers_count,
    comment: row.comment,
    default_tariff_id: row.default_tariff_id,
  };
}

export function displayName(row: Pick<UserRow, 'login' | 'profile' | 'legal_type'>): string {
  const p = JSON.parse(row.profile) as Partial<UserProfile>;
  if (row.legal_type !== 'individual' && p.legal_name) return p.legal_name;
  const name = [p.first_name, p.last_name].filter(Boolean).join(' ');
  return name || row.login;
}

/** Profile fields user/list `filter` looks in (besides id and login), as the user doc lists them. */
const userFilterFields = [
  'last_name', 'first_name', 'middle_name', 'phone', 'post_city', 'post_region', 'post_country', 'post_index',
  'post_street_address', 'registered_country', 'registered_index', 'registered_region', 'registered_city',
  'registered_street_address', 'tin', 'iec', 'legal_name',
] as const;

export const userOrderColumns = {
  id: 'u.id',
  login: 'u.login',
  last_name: "lower(json_extract(u.profile, '$.last_name'))",
  balance: 'u.balance_cents',
  bonus: 'u.bonus_cents',
  phone: "json_extract(u.profile, '$.phone')",
  post_city: "lower(json_extract(u.profile, '$.post_city'))",
} as const;

export interface NewUser {
  login: string;
  passwordHash: string;
  activated: boolean;
  verified: boolean;
  legal_type: LegalType;
  profile: Partial<UserProfile>;
  time_zone: string | null;
  locale: string | null;
  discount: unknown;
  default_tariff_id: number | null;
}

export class Users {
  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
  ) {}

  find(dealerId: number, userId: number): UserRow | undefined {
    return this.store.get<UserRow>(`${SELECT_USER} WHERE u.id = ? AND u.dealer_id = ?`, [userId, dealerId]);
  }

  /** The user of this dealer, or 201. */
  owned(dealerId: number, userId: number): UserRow {
    const row = this.find(dealerId, userId);
    if (!row) throw new ApiError(201);
    return row;
  }

  names(dealerId: number, userIds: number[]): Map<number, string> {
    const names = new Map<number, string>();
    if (!userIds.length) return names;
    const unique = [...new Set(userIds)];
    const rows = this.store.all<Pick<UserRow, 'id' | 'login' | 'profile' | 'legal_type'>>(
      `SELECT id, login, profile, legal_type FROM users WHERE dealer_id = ? AND id IN (${unique.map(() => '?').join(',')})`,
      [dealerId, ...unique],
    );
    for (const row of rows) names.set(row.id, displayName(row));
    return names;
  }

  list(
    dealerId: number,
    q: { filter?: string; orderBy: keyof typeof userOrderColumns; ascending: boolean; offset: number; limit: number; hideInactive: boolean },
  ): { rows: UserRow[]; count: number } {
    const where = ['u.dealer_id = ?'];
    const params: (string | number)[] = [dealerId];
    if (q.hideInactive) where.push('u.activated = 1');
    const filter = q.filter?.trim();
    if (filter) {
      const like = `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const columns = ['CAST(u.id AS TEXT)', 'u.login', ...userFilterFields.map((f) => `json_extract(u.profile, '$.${f}')`)];
      where.push(`(${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
      params.push(...columns.map(() => like));
    }
    const whereSql = where.join(' AND ');
    const count = this.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM users u WHERE ${whereSql}`, params)!.n;
    const direction = q.ascending ? 'ASC' : 'DESC';
    const rows = this.store.all<UserRow>(
      `${SELECT_USER} WHERE ${whereSql} ORDER BY ${userOrderColumns[q.orderBy]} ${direction}, u.id ${direction} LIMIT ? OFFSET ?`,
      [...params, q.limit, q.offset],
    );
    return { rows, count };
  }

  async create(dealerId: number, user: NewUser): Promise<number> {
    return this.store.write((tx) => {
      if (tx.get('SELECT 1 FROM users WHERE dealer_id = ? AND login = ?', [dealerId, user.login])) throw new ApiError(206);
      return tx.run(
        `INSERT INTO users (dealer_id, login, password_hash, activated, verified, legal_type, profile, creation_date,
                            time_zone, locale, discount, default_tariff_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          dealerId,
          user.login,
          user.passwordHash,
          user.activated ? 1 : 0,
          user.verified ? 1 : 0,
          user.legal_type,
          JSON.stringify(user.profile),
          utcDateTime(this.clock.now()),
          user.time_zone,
          user.locale,
          user.discount === undefined ? null : JSON.stringify(user.discount),
          user.default_tariff_id,
        ],
      ).lastInsertRowid;
    });
  }

  async update(
    dealerId: number,
    userId: number,
    changes: {
      login?: string;
      activated?: boolean;
      verified?: boolean;
      profile?: Partial<UserProfile>;
      default_tariff_id?: number | null;
      /** undefined: unchanged; null: removed. */
      discount?: unknown;
    },
    afterCommit?: () => void,
  ): Promise<void> {
    await this.store.write((tx: WriteTx) => {
      const row = tx.get<UserRow>('SELECT * FROM users WHERE id = ? AND dealer_id = ?', [userId, dealerId]);
      if (!row) throw new ApiError(201);
      if (changes.login !== undefined && changes.login !== row.login) {
        if (tx.get('SELECT 1 FROM users WHERE dealer_id = ? AND login = ? AND id <> ?', [dealerId, changes.login, userId])) throw new ApiError(206);
        tx.run('UPDATE users SET login = ? WHERE id = ?', [changes.login, userId]);
      }
      if (changes.activated !== undefined) tx.run('UPDATE users SET activated = ? WHERE id = ?', [changes.activated ? 1 : 0, userId]);
      if (changes.verified !== undefined) tx.run('UPDATE users SET verified = ? WHERE id = ?', [changes.verified ? 1 : 0, userId]);
      if (changes.profile) {
        const merged = { ...(JSON.parse(row.profile) as object), ...changes.profile };
        tx.run('UPDATE users SET profile = ? WHERE id = ?', [JSON.stringify(merged), userId]);
      }
      if (changes.default_tariff_id !== undefined) tx.run('UPDATE users SET default_tariff_id = ? WHERE id = ?', [changes.default_tariff_id, userId]);
      if (changes.discount !== undefined) tx.run('UPDATE users SET discount = ? WHERE id = ?', [changes.discount === null ? null : JSON.stringify(changes.discount), userId]);
    }, afterCommit);
  }
}
