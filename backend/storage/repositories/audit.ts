import type { AuditChange, AuditEntry } from '../../../shared/api/audit.js';
import type { SqlParam, Store, Tx } from '../store.js';
import { bool, flag, page, type PageRequest } from './sql-helpers.js';

export type { AuditChange, AuditEntry };

/** What an audit row says; written by `backend/api/audit.ts` inside the audited transaction. */
export interface AuditRecord {
  dealerId: number;
  time: string;
  accountId: number;
  login: string;
  isAdmin: boolean;
  transport: 'ipc' | 'http';
  remoteAddress: string | undefined;
  action: string;
  /** JSON text of the redacted, bounded parameters. */
  params: string;
  resultCode: number;
  /** The fields the call changed (empty: none recorded). */
  changes?: AuditChange[];
}

export interface AuditTarget {
  type: string;
  id: number;
}

export interface AuditQuery extends PageRequest {
  from: string;
  to: string;
  accountId?: number;
  accountType?: 'administrator' | 'staff';
  action?: string;
  entityType?: string;
  entityId?: number;
}

interface AuditRow {
  id: number;
  time: string;
  account_id: number;
  login: string;
  is_admin: number;
  transport: 'ipc' | 'http';
  remote_address: string | null;
  action: string;
  params: string;
  result_code: number;
  changes: string | null;
}

/** Rows deleted per transaction when pruning, so a large prune never holds the store for long. */
const PRUNE_CHUNK = 5_000;

/** The audit trail's SQL: inserts inside a caller's transaction, the filtered list, retention. */
export class AuditLog {
  constructor(private readonly store: Store) {}

  /** Writes one audit row and its targets in `tx` (the transaction of the change it describes). */
  async insert(tx: Tx, record: AuditRecord, targets: Iterable<AuditTarget>): Promise<number> {
    const id = await tx.insert(
      `INSERT INTO audit_log (dealer_id, time, account_id, login, is_admin, transport, remote_address, action, params, result_code, changes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        record.dealerId,
        record.time,
        record.accountId,
        record.login,
        flag(record.isAdmin),
        record.transport,
        record.remoteAddress ?? null,
        record.action,
        record.params,
        record.resultCode,
        record.changes?.length ? JSON.stringify(record.changes) : null,
      ],
    );
    await this.addTargets(tx, id, targets);
    return id;
  }

  /** Replaces a row's change list (a later transaction of the same call changed more). */
  async setChanges(tx: Tx, auditId: number, changes: AuditChange[]): Promise<void> {
    await tx.run('UPDATE audit_log SET changes = ? WHERE id = ?', [changes.length ? JSON.stringify(changes) : null, auditId]);
  }

  /** Adds entities to an existing row (a later transaction of the same call). */
  async addTargets(tx: Tx, auditId: number, targets: Iterable<AuditTarget>): Promise<void> {
    for (const target of targets) {
      await tx.run('INSERT INTO audit_targets (audit_id, entity_type, entity_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [auditId, target.type, target.id]);
    }
  }

  /** The dealer's rows matching `q`, newest first, and how many match without paging. */
  async list(dealerId: number, q: AuditQuery): Promise<{ rows: AuditEntry[]; count: number }> {
    const where = ['a.dealer_id = ?', 'a.time >= ?', 'a.time <= ?'];
    const params: SqlParam[] = [dealerId, q.from, q.to];
    if (q.accountId !== undefined) {
      where.push('a.account_id = ?');
      params.push(q.accountId);
    }
    if (q.accountType !== undefined) {
      where.push('a.is_admin = ?');
      params.push(q.accountType === 'administrator' ? 1 : 0);
    }
    if (q.action !== undefined) {
      where.push('a.action = ?');
      params.push(q.action);
    }
    if (q.entityType !== undefined) {
      where.push(
        q.entityId === undefined
          ? 'a.id IN (SELECT t.audit_id FROM audit_targets t WHERE t.entity_type = ?)'
          : 'a.id IN (SELECT t.audit_id FROM audit_targets t WHERE t.entity_type = ? AND t.entity_id = ?)',
      );
      params.push(q.entityType);
      if (q.entityId !== undefined) params.push(q.entityId);
    }
    const condition = where.join(' AND ');
    const paged = page(q);
    const rows = await this.store.all<AuditRow>(
      `SELECT a.id, a.time, a.account_id, a.login, a.is_admin, a.transport, a.remote_address, a.action, a.params, a.result_code, a.changes
       FROM audit_log a WHERE ${condition} ORDER BY a.time DESC, a.id DESC${paged.sql}`,
      [...params, ...paged.params],
    );
    const count = (await this.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_log a WHERE ${condition}`, params))?.n ?? 0;
    const targets = await this.targetsOf(rows.map((r) => r.id));
    return {
      rows: rows.map((row) => ({
        id: row.id,
        time: row.time,
        account_id: row.account_id,
        login: row.login,
        account_type: bool(row.is_admin) ? 'administrator' : 'staff',
        transport: row.transport,
        remote_address: row.remote_address,
        action: row.action,
        entities: targets.get(row.id) ?? [],
        params: JSON.parse(row.params) as Record<string, unknown>,
        result_code: row.result_code,
        changes: row.changes ? (JSON.parse(row.changes) as AuditChange[]) : [],
      })),
      count,
    };
  }

  private async targetsOf(ids: number[]): Promise<Map<number, AuditTarget[]>> {
    const byId = new Map<number, AuditTarget[]>();
    // Pages are at most 1,000 rows, but an unpaged list may be longer: look them up in slices.
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      const rows = await this.store.all<{ audit_id: number; entity_type: string; entity_id: number }>(
        `SELECT audit_id, entity_type, entity_id FROM audit_targets WHERE audit_id IN (${slice.map(() => '?').join(', ')}) ORDER BY audit_id, entity_type, entity_id`,
        slice,
      );
      for (const row of rows) {
        const list = byId.get(row.audit_id) ?? [];
        list.push({ type: row.entity_type, id: row.entity_id });
        byId.set(row.audit_id, list);
      }
    }
    return byId;
  }

  /**
   * Deletes rows older than `before` (UTC text), in chunks of PRUNE_CHUNK rows per transaction;
   * resolves with how many were deleted.
   */
  async prune(before: string): Promise<number> {
    let deleted = 0;
    for (;;) {
      const ids = await this.store.column<number>('SELECT id FROM audit_log WHERE time < ? ORDER BY id LIMIT ?', [before, PRUNE_CHUNK]);
      if (ids.length === 0) return deleted;
      const last = ids[ids.length - 1];
      await this.store.transaction(async (tx) => {
        // `id <= last` keeps both deletes on the key ranges the chunk covers.
        await tx.run('DELETE FROM audit_targets WHERE audit_id <= ? AND audit_id IN (SELECT id FROM audit_log WHERE id <= ? AND time < ?)', [
          last,
          last,
          before,
        ]);
        await tx.run('DELETE FROM audit_log WHERE id <= ? AND time < ?', [last, before]);
      });
      deleted += ids.length;
      if (ids.length < PRUNE_CHUNK) return deleted;
    }
  }
}
