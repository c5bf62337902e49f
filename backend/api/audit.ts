/**
 * The audit trail, hooked once for every method: dispatch opens an `AuditCall` for each audited
 * call (methods declared `writes`, and refusals for missing permission), and `AuditedStore` — the
 * store every repository is given — writes the call's audit row inside the first transaction the
 * call commits, so the change and its row are durable together or not at all. Later transactions
 * of the same call add the entities they created to that row. A call that fails inside its
 * transaction rolls its audit row back with it; a refused call commits nothing, so it has no row.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { utcDateTime, type Clock } from '../../shared/clock.js';
import type { AuditChange, AuditLog, AuditRecord, AuditTarget } from '../storage/repositories/audit.js';
import type { SqlParam, Store, Tx } from '../storage/store.js';
import type { Row } from '../storage/sql-database.js';
import type { StorageUnavailableError } from '../storage/storage-health.js';

/** Who made an audited call. */
export interface AuditActor {
  dealerId: number;
  accountId: number;
  login: string;
  isAdmin: boolean;
}

/** One audited API call while it runs. */
export class AuditCall {
  /** The id of the call's row once a transaction holding it committed. */
  auditId: number | undefined;
  /** Entities already written for this call (`type:id`). */
  private readonly written = new Set<string>();
  private readonly targets = new Map<string, AuditTarget>();
  /** Changes already in the stored row (later transactions of the call append theirs). */
  writtenChanges: AuditChange[] = [];
  /** False once dispatch has answered: a timer the call started must not write into its row. */
  open = true;

  constructor(
    public actor: AuditActor | undefined,
    readonly action: string,
    readonly transport: 'ipc' | 'http',
    readonly remoteAddress: string | undefined,
    readonly params: string,
  ) {}

  addTarget(target: AuditTarget): void {
    this.targets.set(`${target.type}:${target.id}`, target);
  }

  /** Targets not yet in the stored row. */
  pendingTargets(): AuditTarget[] {
    return [...this.targets].filter(([key]) => !this.written.has(key)).map(([, target]) => target);
  }

  markWritten(id: number, targets: AuditTarget[]): void {
    this.auditId = id;
    for (const t of targets) this.written.add(`${t.type}:${t.id}`);
  }

  record(time: string, resultCode: number): AuditRecord | undefined {
    if (!this.actor) return undefined;
    return {
      dealerId: this.actor.dealerId,
      time,
      accountId: this.actor.accountId,
      login: this.actor.login,
      isAdmin: this.actor.isAdmin,
      transport: this.transport,
      remoteAddress: this.remoteAddress,
      action: this.action,
      params: this.params,
      resultCode,
    };
  }
}

const current = new AsyncLocalStorage<AuditCall>();

/** Runs `fn` with `call` as the audited call of every transaction it commits. */
export function runAudited<T>(call: AuditCall, fn: () => Promise<T>): Promise<T> {
  return current.run(call, fn);
}

/** The audited call running now, if any (account/auth names its actor through it). */
export function currentAuditCall(): AuditCall | undefined {
  const call = current.getStore();
  return call?.open ? call : undefined;
}

// ---- What a row says about the parameters ----

/** Parameter names whose values never reach the audit trail (`file`: user/upload's file may hold passwords). */
const SECRET = /pass(word)?|hash|token|secret|key|digest|salt|credential|^file$/i;
const MAX_STRING = 200;
const MAX_ITEMS = 20;
const MAX_DEPTH = 4;
/** The stored parameter text is at most this long (a bigger summary keeps its first keys). */
export const MAX_PARAMS_CHARS = 2_000;

function summarize(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} characters)` : value;
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? `[${value.length} items]` : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => summarize(v, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
    return items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) out[key] = SECRET.test(key) ? '[redacted]' : summarize(v, depth + 1);
  return out;
}

/** JSON text of `params` with secrets replaced, long strings and arrays shortened, at most MAX_PARAMS_CHARS. */
export function auditParams(params: Record<string, unknown>): string {
  const summary = summarize(params, 0) as Record<string, unknown>;
  let text = JSON.stringify(summary);
  if (text.length <= MAX_PARAMS_CHARS) return text;
  // Keep whole keys while they fit, then say what was left out.
  const kept: Record<string, unknown> = {};
  const omitted: string[] = [];
  for (const [key, v] of Object.entries(summary)) {
    const trial = JSON.stringify({ ...kept, [key]: v });
    if (trial.length <= MAX_PARAMS_CHARS - 200) kept[key] = v;
    else omitted.push(key);
  }
  kept['(omitted)'] = omitted.join(', ').slice(0, 150);
  text = JSON.stringify(kept);
  return text;
}

// ---- Which entities a call touched ----

/** Parameter name → entity type; `X_id` keys, nested objects' `id` and id arrays. */
const ID_KEYS: Record<string, string> = {
  tracker_id: 'tracker',
  user_id: 'user',
  tariff_id: 'tariff',
  staff_id: 'staff',
  order_id: 'order',
  bundle_id: 'bundle',
};
const OBJECT_KEYS: Record<string, string> = { user: 'user', tariff: 'tariff', order: 'order', tracker: 'tracker' };
const ID_ARRAY_KEYS: Record<string, string> = { trackers: 'tracker' };
/** Tables whose new rows are entities of a type (their insert id is recorded). */
const INSERT_TABLES: Record<string, string> = {
  trackers: 'tracker',
  users: 'user',
  tariffs: 'tariff',
  accounts: 'staff',
  orders: 'order',
  bundles: 'bundle',
  sim_cards: 'sim_card',
  transactions: 'transaction',
};

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** The entities named by a call's (validated) parameters. */
export function paramTargets(params: unknown): AuditTarget[] {
  const targets: AuditTarget[] = [];
  if (!params || typeof params !== 'object') return targets;
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    if (ID_KEYS[key] && isId(value)) {
      targets.push({ type: ID_KEYS[key], id: value });
    } else if (ID_ARRAY_KEYS[key] && Array.isArray(value)) {
      for (const v of value.slice(0, 1000)) if (isId(v)) targets.push({ type: ID_ARRAY_KEYS[key], id: v });
    } else if (OBJECT_KEYS[key] && value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = value as Record<string, unknown>;
      if (isId(inner.id)) targets.push({ type: OBJECT_KEYS[key], id: inner.id });
      for (const t of paramTargets(inner)) if (t.type !== OBJECT_KEYS[key] || t.id !== inner.id) targets.push(t);
    }
  }
  return targets;
}

const INSERT_INTO = /^\s*INSERT\s+INTO\s+([a-z_]+)/i;

// ---- What a call changed ----

/** Changes kept per audit row; a call that changes more (a bulk write) keeps its first ones. */
export const MAX_CHANGES = 100;
/** The change list of each audited transaction running now (keyed by the Tx repositories see). */
const changeLists = new WeakMap<Tx, AuditChange[]>();

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Runs `write` in `tx` and, when `tx` belongs to an audited call, records each field of `read`'s
 * answer that `write` changed, before and after (values shortened like parameters; fields named
 * like secrets are never recorded). Outside an audited call `read` is never run.
 */
export async function auditedWrite<T>(
  tx: Tx,
  entity: { type: string; id: number },
  read: () => Promise<Record<string, unknown> | undefined>,
  write: () => Promise<T>,
): Promise<T> {
  const list = changeLists.get(tx);
  if (!list) return write();
  const before = (await read()) ?? {};
  const result = await write();
  const after = (await read()) ?? {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (SECRET.test(field) || same(before[field], after[field]) || list.length >= MAX_CHANGES) continue;
    list.push({
      entity_type: entity.type,
      entity_id: entity.id,
      field,
      before: summarize(before[field] ?? null, 1),
      after: summarize(after[field] ?? null, 1),
    });
  }
  return result;
}

// ---- The store every repository is given ----

/**
 * A `Store` that writes the running call's audit row in the call's transactions. Reads and
 * transactions outside an audited call pass straight through.
 */
export class AuditedStore implements Store {
  readonly dialect: Store['dialect'];
  private log: AuditLog | undefined;

  constructor(
    private readonly inner: Store,
    private readonly clock: Clock,
  ) {
    this.dialect = inner.dialect;
  }

  /** The repository that writes rows (set once by the composition root; it uses the inner store). */
  attach(log: AuditLog): void {
    this.log = log;
  }

  get unavailable(): StorageUnavailableError | undefined {
    return this.inner.unavailable;
  }
  all<T = Row>(sql: string, params?: SqlParam[]): Promise<T[]> {
    return this.inner.all<T>(sql, params);
  }
  get<T = Row>(sql: string, params?: SqlParam[]): Promise<T | undefined> {
    return this.inner.get<T>(sql, params);
  }
  column<T>(sql: string, params?: SqlParam[]): Promise<T[]> {
    return this.inner.column<T>(sql, params);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const call = currentAuditCall();
    const log = this.log;
    if (!call || !log) return this.inner.transaction(fn);
    return this.inner.transaction(async (tx) => {
      const watched: Tx = {
        all: (sql, params) => tx.all(sql, params),
        get: (sql, params) => tx.get(sql, params),
        column: (sql, params) => tx.column(sql, params),
        run: (sql, params) => tx.run(sql, params),
        afterCommit: (after) => tx.afterCommit(after),
        insert: async (sql, params) => {
          const id = await tx.insert(sql, params);
          const type = INSERT_TABLES[INSERT_INTO.exec(sql)?.[1]?.toLowerCase() ?? ''];
          if (type) call.addTarget({ type, id });
          return id;
        },
      };
      const changes: AuditChange[] = [];
      changeLists.set(watched, changes);
      const result = await fn(watched);
      await this.writeRow(tx, call, log, 0, changes);
      return result;
    });
  }

  /** The call's row (or the targets it gained) in `tx`; nothing when the call has no actor yet. */
  private async writeRow(tx: Tx, call: AuditCall, log: AuditLog, resultCode: number, changes: AuditChange[] = []): Promise<void> {
    if (!call.open) return;
    const targets = call.pendingTargets();
    const allChanges = [...call.writtenChanges, ...changes].slice(0, MAX_CHANGES);
    const keep = () => {
      call.writtenChanges = allChanges;
    };
    if (call.auditId !== undefined) {
      const id = call.auditId;
      if (targets.length > 0) await log.addTargets(tx, id, targets);
      if (changes.length > 0) await log.setChanges(tx, id, allChanges);
      tx.afterCommit(() => {
        call.markWritten(id, targets);
        keep();
      });
      return;
    }
    const record = call.record(utcDateTime(this.clock.now()), resultCode);
    if (!record) return;
    const id = await log.insert(tx, { ...record, changes: allChanges }, targets);
    tx.afterCommit(() => {
      call.markWritten(id, targets);
      keep();
    });
  }

  /**
   * The call's row in a transaction of its own: a write method that committed no transaction of
   * its own (a command sent to a device and not stored), or a refusal (`resultCode` 13).
   */
  async writeAlone(call: AuditCall, resultCode: number): Promise<void> {
    const log = this.log;
    if (!log || call.auditId !== undefined) return;
    await this.inner.transaction((tx) => this.writeRow(tx, call, log, resultCode));
  }
}

// ---- Failed sign-ins ----

/** Failed sign-in rows written per minute at most (per backend); the rest are counted, not written. */
export const FAILED_SIGN_IN_ROWS_PER_MINUTE = 10;

/**
 * The budget of failed sign-in rows: the login throttle already bounds attempts per login and
 * address, and this bounds the rows a flood from many addresses can add (at most
 * FAILED_SIGN_IN_ROWS_PER_MINUTE a minute). A row written after a suppressed stretch says how many
 * failures were left out (`suppressed` in its parameters).
 */
export class FailedSignInBudget {
  private minute = -1;
  private used = 0;
  private suppressed = 0;

  /** undefined: no row now (counted); otherwise how many failures were left out before this one. */
  take(nowMs: number): number | undefined {
    const minute = Math.floor(nowMs / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.used = 0;
    }
    if (this.used >= FAILED_SIGN_IN_ROWS_PER_MINUTE) {
      this.suppressed++;
      return undefined;
    }
    this.used++;
    const left = this.suppressed;
    this.suppressed = 0;
    return left;
  }
}

const budgets = new WeakMap<object, FailedSignInBudget>();

/** The failed sign-in budget of one backend (keyed by its audited store). */
export function failedSignInBudget(owner: object): FailedSignInBudget {
  let budget = budgets.get(owner);
  if (!budget) budgets.set(owner, (budget = new FailedSignInBudget()));
  return budget;
}
