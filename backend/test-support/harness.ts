import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../shared/clock.js';
import { withCheckDigit } from '../../shared/imei.js';
import { allPermissions } from '../../shared/permissions.js';
import { hashPassword } from '../accounts/passwords.js';
import { Backend } from '../backend.js';
import type { DispatchResult } from '../api/dispatch.js';
import { freshTestSchema, TEST_DATABASE_URL } from '../storage/test-support/pg-test-database.js';

export const ADMIN_PASSWORD = 'admin-password';

/** A clock tests can set and move. */
export class FixedClock implements Clock {
  private at: number;
  constructor(iso = '2026-03-15T10:00:00Z') {
    this.at = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string): void {
    this.at = Date.parse(iso);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

/** A dispatch result with a loosely typed body, for terse assertions. */
export interface TestResult extends DispatchResult {
  body: Record<string, any>;
}

export interface TestBackend {
  backend: Backend;
  dir: string;
  /** The PostgreSQL URL of this backend's schema (the PG switch), to reopen the same database; else undefined. */
  databaseUrl: string | undefined;
  clock: FixedClock;
  /** The administrator's session hash of dealer #1. */
  adminHash: string;
  call(path: string, params?: Record<string, unknown>, hash?: string | null): Promise<TestResult>;
  /** Calls and asserts success; returns the body. */
  ok(path: string, params?: Record<string, unknown>, hash?: string | null): Promise<Record<string, any>>;
  login(login: string, password: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * `dir` and `databaseUrl` (an earlier TestBackend's) reopen that backend's data: a restart. A
 * reopened PostgreSQL schema is dropped by the backend that created it, not by this one.
 */
export async function openTestBackend(options: { clock?: FixedClock; dir?: string; databaseUrl?: string } = {}): Promise<TestBackend> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'dealer-console-test-'));
  const clock = options.clock ?? new FixedClock();
  // DEALER_CONSOLE_TEST_DATABASE_URL: the same tests on PostgreSQL, a fresh schema per backend.
  const schema = options.databaseUrl ? undefined : TEST_DATABASE_URL ? await freshTestSchema() : undefined;
  const databaseUrl = options.databaseUrl ?? schema?.url;
  const backend = await Backend.open({ dataDir: dir, clock, adminPassword: ADMIN_PASSWORD, databaseUrl });
  const call = (path: string, params: Record<string, unknown> = {}, hash?: string | null): Promise<TestResult> =>
    backend.dispatch({ path, params, hash: hash === null ? undefined : (hash ?? harness.adminHash) });
  const harness: TestBackend = {
    backend,
    dir,
    databaseUrl,
    clock,
    adminHash: '',
    call,
    async ok(path, params, hash) {
      const result = await call(path, params, hash);
      if (result.httpStatus !== 200 || result.body.success !== true) {
        throw new Error(`${path} failed: ${JSON.stringify(result.body)}`);
      }
      return result.body as Record<string, any>;
    },
    async login(login, password) {
      const result = await backend.dispatch({ path: 'account/auth', params: { login, password } });
      if (result.body.success !== true) throw new Error(`login ${login} failed: ${JSON.stringify(result.body)}`);
      return result.body.hash as string;
    },
    async close() {
      await backend.close();
      await schema?.drop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  harness.adminHash = await harness.login('admin', ADMIN_PASSWORD);
  return harness;
}

/**
 * Adds another dealer with its own administrator (there is no API for dealers) and returns a
 * session hash for it: for "another dealer's entity is not found" tests.
 */
export async function addDealer(t: TestBackend, dealerId: number): Promise<string> {
  const login = `admin${dealerId}`;
  const passwordHash = await hashPassword(ADMIN_PASSWORD);
  await t.backend.database.transaction(async (tx) => {
    await tx.run("INSERT INTO dealers (id, name, blocked, creation_date) VALUES (?, ?, 0, '2026-01-01')", [dealerId, `Dealer #${dealerId}`]);
    await tx.run(
      "INSERT INTO accounts (dealer_id, login, password_hash, permissions, is_admin, blocked, creation_date) VALUES (?, ?, ?, ?, 1, 0, '2026-01-01 00:00:00')",
      [dealerId, login, passwordHash, JSON.stringify(allPermissions())],
    );
    await tx.run("INSERT INTO tariff_defaults (dealer_id, device_type, free_days) VALUES (?, 'tracker', 0)", [dealerId]);
  });
  return t.login(login, ADMIN_PASSWORD);
}

// A random start per test process, then consecutive: unique within the process, and unlikely to
// repeat across processes sharing nothing anyway.
let imeiCounter = Math.floor(Math.random() * 500_000);
/** A fresh 15-digit IMEI with a valid Luhn check digit (unique within this process). */
export function nextImei(prefix = '35630704'): string {
  const serialDigits = 14 - prefix.length;
  const serial = String(++imeiCounter % 10 ** serialDigits).padStart(serialDigits, '0');
  return withCheckDigit(prefix + serial);
}

/** A customer, a tariff and a tracker: the usual starting point. */
export async function seedBasics(t: TestBackend, hash = t.adminHash) {
  const tariffId = (await t.ok('tariff/create', { tariff: { name: `Basic ${Math.random()}`, type: 'monthly', price: 10, device_limit: 100 } }, hash))
    .id as number;
  const userId = (
    await t.ok(
      'user/create',
      { user: { login: `u${Math.random().toString(36).slice(2)}@example.com`, legal_type: 'individual', first_name: 'Ann' }, password: 'secret1' },
      hash,
    )
  ).id as number;
  const otherUserId = (
    await t.ok(
      'user/create',
      { user: { login: `v${Math.random().toString(36).slice(2)}@example.com`, legal_type: 'legal_entity', legal_name: 'Acme GmbH' }, password: 'secret1' },
      hash,
    )
  ).id as number;
  const trackerId = (
    await t.ok('tracker/register', { user_id: userId, label: 'Truck 1', model: 'telfmb920', device_id: nextImei(), tariff_id: tariffId }, hash)
  ).id as number;
  return { tariffId, userId, otherUserId, trackerId };
}
