import type { Clock } from '../../../shared/clock.js';
import { utcDateTime } from '../../../shared/clock.js';
import type { LegalType, User } from '../../../shared/entities.js';
import { Code } from '../../../shared/errors.js';
import { userProfileFields, type UserDiscount, type UserOrder, type UserProfile } from '../../../shared/api/user.js';
import { ApiError } from '../../api/api-error.js';
import type { SqlParam, Store, Tx } from '../store.js';
import { anyLike, bool, flag, jsonText, LOOKUP_CHUNK, orderBy, page, placeholders } from './sql-helpers.js';
import { auditedWrite } from '../../api/audit.js';

export { userProfileFields, type UserProfile };

interface StoredUser {
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

/** A user as the repository hands it out: flags as booleans, the profile and discount parsed. */
export interface UserRow {
  id: number;
  dealer_id: number;
  login: string;
  activated: boolean;
  verified: boolean;
  legal_type: LegalType;
  profile: Partial<UserProfile>;
  balance_cents: number;
  bonus_cents: number;
  creation_date: string;
  comment: string;
  default_tariff_id: number | null;
  discount: UserDiscount | null;
  trackers_count: number;
}

const SELECT_USER = `SELECT u.*, (SELECT COUNT(*) FROM trackers t WHERE t.user_id = u.id AND t.deleted = 0) AS trackers_count FROM users u`;

function userRow(row: StoredUser): UserRow {
  return {
    id: row.id,
    dealer_id: row.dealer_id,
    login: row.login,
    activated: bool(row.activated),
    verified: bool(row.verified),
    legal_type: row.legal_type,
    profile: JSON.parse(row.profile) as Partial<UserProfile>,
    balance_cents: row.balance_cents,
    bonus_cents: row.bonus_cents,
    creation_date: row.creation_date,
    comment: row.comment,
    default_tariff_id: row.default_tariff_id,
    discount: row.discount === null ? null : (JSON.parse(row.discount) as UserDiscount),
    trackers_count: row.trackers_count,
  };
}

export function presentUser(row: UserRow): User {
  const fields = Object.fromEntries(userProfileFields.map((f) => [f, row.profile[f] ?? ''])) as UserProfile;
  return {
    id: row.id,
    dealer_id: row.dealer_id,
    activated: row.activated,
    verified: row.verified,
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

export function displayName(row: { login: string; profile: Partial<UserProfile>; legal_type: LegalType }): string {
  const p = row.profile;
  if (row.legal_type !== 'individual' && p.legal_name) return p.legal_name;
  const name = [p.first_name, p.last_name].filter(Boolean).join(' ');
  return name || row.login;
}

/** Profile fields user/list `filter` looks in (besides id and login), as the user doc lists them. */
const userFilterFields = [
  'last_name',
  'first_name',
  'middle_name',
  'phone',
  'post_city',
  'post_region',
  'post_country',
  'post_index',
  'post_street_address',
  'registered_country',
  'registered_index',
  'registered_region',
  'registered_city',
  'registered_street_address',
  'tin',
  'iec',
  'legal_name',
] as const;

/** The ORDER BY allow-list of user/list. */
function userOrderColumns(dialect: Store['dialect']): Record<UserOrder, string> {
  const field = (name: string) => jsonText(dialect, 'u.profile', name);
  return {
    id: 'u.id',
    login: 'u.login',
    last_name: `lower(${field('last_name')})`,
    balance: 'u.balance_cents',
    bonus: 'u.bonus_cents',
    phone: field('phone'),
    post_city: `lower(${field('post_city')})`,
  };
}

/** What user/list and user/export select and in which order. */
export interface UserQuery {
  filter?: string;
  orderBy: UserOrder;
  ascending: boolean;
  offset: number;
  limit: number;
  hideInactive: boolean;
}

export interface NewUser {
  login: string;
  /** null: no password (user/upload without a password column). */
  passwordHash: string | null;
  activated: boolean;
  verified: boolean;
  legal_type: LegalType;
  profile: Partial<UserProfile>;
  time_zone: string | null;
  locale: string | null;
  discount: UserDiscount | undefined;
  default_tariff_id: number | null;
}

export interface UserChanges {
  login?: string;
  activated?: boolean;
  verified?: boolean;
  profile?: Partial<UserProfile>;
  default_tariff_id?: number | null;
  /** undefined: unchanged; null: removed. */
  discount?: UserDiscount | null;
}

export class Users {
  private readonly orderColumns: Record<UserOrder, string>;
  private readonly filterColumns: string[];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.orderColumns = userOrderColumns(store.dialect);
    this.filterColumns = ['CAST(u.id AS TEXT)', 'u.login', ...userFilterFields.map((f) => jsonText(store.dialect, 'u.profile', f))];
  }

  async find(dealerId: number, userId: number): Promise<UserRow | undefined> {
    const row = await this.store.get<StoredUser>(`${SELECT_USER} WHERE u.id = ? AND u.dealer_id = ? AND u.deleted = 0`, [userId, dealerId]);
    return row && userRow(row);
  }

  /** The user of this dealer (not deleted by user/corrupt), or 201. */
  async owned(dealerId: number, userId: number): Promise<UserRow> {
    const row = await this.find(dealerId, userId);
    if (!row) throw new ApiError(Code.NotFound);
    return row;
  }

  /** Display names of the dealer's users among `userIds` (others are left out). */
  async names(dealerId: number, userIds: number[]): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    const unique = [...new Set(userIds)];
    for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
      const chunk = unique.slice(i, i + LOOKUP_CHUNK);
      const rows = await this.store.all<{ id: number; login: string; profile: string; legal_type: LegalType }>(
        `SELECT id, login, profile, legal_type FROM users WHERE dealer_id = ? AND id IN (${placeholders(chunk.length)})`,
        [dealerId, ...chunk],
      );
      for (const row of rows) names.set(row.id, displayName({ ...row, profile: JSON.parse(row.profile) as Partial<UserProfile> }));
    }
    return names;
  }

  async list(dealerId: number, q: UserQuery): Promise<{ rows: UserRow[]; count: number }> {
    const { whereSql, params } = this.where(dealerId, q);
    const count = (await this.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM users u WHERE ${whereSql}`, params))!.n;
    const paging = page(q);
    const rows = await this.store.all<StoredUser>(
      `${SELECT_USER} WHERE ${whereSql}${orderBy(this.orderColumns, q.orderBy, q.ascending, 'u.id')}${paging.sql}`,
      [...params, ...paging.params],
    );
    return { rows: rows.map(userRow), count };
  }

  /** The ids user/list would answer for `q`, in its order (user/export reads the rows in chunks by id). */
  async listIds(dealerId: number, q: UserQuery): Promise<number[]> {
    const { whereSql, params } = this.where(dealerId, q);
    const paging = page(q);
    return this.store.column<number>(`SELECT u.id FROM users u WHERE ${whereSql}${orderBy(this.orderColumns, q.orderBy, q.ascending, 'u.id')}${paging.sql}`, [
      ...params,
      ...paging.params,
    ]);
  }

  /** The dealer's users among `ids` (at most LOOKUP_CHUNK), in the order of `ids`; deleted ones left out. */
  async byIds(dealerId: number, ids: number[]): Promise<UserRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.store.all<StoredUser>(`${SELECT_USER} WHERE u.dealer_id = ? AND u.deleted = 0 AND u.id IN (${placeholders(ids.length)})`, [
      dealerId,
      ...ids,
    ]);
    const byId = new Map(rows.map((r) => [r.id, userRow(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private where(dealerId: number, q: UserQuery): { whereSql: string; params: SqlParam[] } {
    const where = ['u.dealer_id = ? AND u.deleted = 0'];
    const params: SqlParam[] = [dealerId];
    if (q.hideInactive) where.push('u.activated = 1');
    const filter = q.filter?.trim();
    if (filter) {
      const like = anyLike(this.filterColumns, filter);
      where.push(like.sql);
      params.push(...like.params);
    }
    return { whereSql: where.join(' AND '), params };
  }

  /** A new user; 206 when the dealer has a user with that login. */
  async create(dealerId: number, user: NewUser): Promise<number> {
    const creationDate = utcDateTime(this.clock.now());
    return this.store.transaction(async (tx) => {
      if (await tx.get('SELECT 1 FROM users WHERE dealer_id = ? AND login = ? AND deleted = 0', [dealerId, user.login])) throw new ApiError(Code.LoginInUse);
      return tx.insert(
        `INSERT INTO users (dealer_id, login, password_hash, activated, verified, legal_type, profile, creation_date,
                            time_zone, locale, discount, default_tariff_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          dealerId,
          user.login,
          user.passwordHash,
          flag(user.activated),
          flag(user.verified),
          user.legal_type,
          JSON.stringify(user.profile),
          creationDate,
          user.time_zone,
          user.locale,
          user.discount === undefined ? null : JSON.stringify(user.discount),
          user.default_tariff_id,
        ],
      );
    });
  }

  /**
   * Several new users in one transaction (user/upload): all or none. 206 when a login is taken by
   * then (the caller checked them before, outside the transaction). Ids in the order given.
   */
  async createMany(dealerId: number, users: NewUser[]): Promise<number[]> {
    const creationDate = utcDateTime(this.clock.now());
    return this.store.transaction(async (tx) => {
      const ids: number[] = [];
      for (const user of users) {
        if (await tx.get('SELECT 1 FROM users WHERE dealer_id = ? AND login = ? AND deleted = 0', [dealerId, user.login])) throw new ApiError(Code.LoginInUse);
        ids.push(
          await tx.insert(
            `INSERT INTO users (dealer_id, login, password_hash, activated, verified, legal_type, profile, creation_date, time_zone, locale, discount, default_tariff_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL)`,
            [dealerId, user.login, user.passwordHash, flag(user.activated), flag(user.verified), user.legal_type, JSON.stringify(user.profile), creationDate],
          ),
        );
      }
      return ids;
    });
  }

  /** Which of `logins` the dealer's users (not deleted) hold. */
  async loginsInUse(dealerId: number, logins: string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (let i = 0; i < logins.length; i += LOOKUP_CHUNK) {
      const chunk = logins.slice(i, i + LOOKUP_CHUNK);
      for (const login of await this.store.column<string>(
        `SELECT login FROM users WHERE dealer_id = ? AND deleted = 0 AND login IN (${placeholders(chunk.length)})`,
        [dealerId, ...chunk],
      ))
        taken.add(login);
    }
    return taken;
  }

  /** Replaces a user's password hash; 201 when the user is not the dealer's (checked in the same transaction). */
  async setPassword(dealerId: number, userId: number, passwordHash: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const { changes } = await tx.run('UPDATE users SET password_hash = ? WHERE id = ? AND dealer_id = ? AND deleted = 0', [passwordHash, userId, dealerId]);
      if (changes === 0) throw new ApiError(Code.NotFound);
    });
  }

  /** Changes a user of this dealer: 201 when there is none, 206 when the new login is taken. */
  async update(dealerId: number, userId: number, changes: UserChanges): Promise<void> {
    await this.store.transaction(async (tx) => {
      const row = await tx.get<{ login: string; profile: string }>('SELECT login, profile FROM users WHERE id = ? AND dealer_id = ? AND deleted = 0', [
        userId,
        dealerId,
      ]);
      if (!row) throw new ApiError(Code.NotFound);
      await auditedWrite(
        tx,
        { type: 'user', id: userId },
        () => userFields(tx, userId),
        () => this.applyUpdate(tx, dealerId, userId, row, changes),
      );
    });
  }

  private async applyUpdate(tx: Tx, dealerId: number, userId: number, row: { login: string; profile: string }, changes: UserChanges): Promise<void> {
    if (changes.login !== undefined && changes.login !== row.login) {
      if (await tx.get('SELECT 1 FROM users WHERE dealer_id = ? AND login = ? AND id <> ? AND deleted = 0', [dealerId, changes.login, userId]))
        throw new ApiError(Code.LoginInUse);
      await tx.run('UPDATE users SET login = ? WHERE id = ?', [changes.login, userId]);
    }
    if (changes.activated !== undefined) await tx.run('UPDATE users SET activated = ? WHERE id = ?', [flag(changes.activated), userId]);
    if (changes.verified !== undefined) await tx.run('UPDATE users SET verified = ? WHERE id = ?', [flag(changes.verified), userId]);
    if (changes.profile) {
      const merged = { ...(JSON.parse(row.profile) as object), ...changes.profile };
      await tx.run('UPDATE users SET profile = ? WHERE id = ?', [JSON.stringify(merged), userId]);
    }
    if (changes.default_tariff_id !== undefined) await tx.run('UPDATE users SET default_tariff_id = ? WHERE id = ?', [changes.default_tariff_id, userId]);
    if (changes.discount !== undefined) {
      await tx.run('UPDATE users SET discount = ? WHERE id = ?', [changes.discount === null ? null : JSON.stringify(changes.discount), userId]);
    }
  }
}

/** A user's stored fields as the audit trail compares them (profile fields one by one). */
async function userFields(tx: Tx, userId: number): Promise<Record<string, unknown> | undefined> {
  const row = await tx.get<{ login: string; activated: number; verified: number; profile: string; default_tariff_id: number | null; discount: string | null }>(
    'SELECT login, activated, verified, profile, default_tariff_id, discount FROM users WHERE id = ?',
    [userId],
  );
  if (!row) return undefined;
  return {
    ...(JSON.parse(row.profile) as Record<string, unknown>),
    login: row.login,
    activated: row.activated === 1,
    verified: row.verified === 1,
    default_tariff_id: row.default_tariff_id,
    discount: row.discount === null ? null : (JSON.parse(row.discount) as unknown),
  };
}
