import { expect } from 'vitest';
import type { DispatchResult } from '../api/dispatch.js';
import type { Permissions } from '../../shared/permissions.js';
import { nextImei, type TestBackend } from './harness.js';

/**
 * The Navixy error table as the spec gives it (docs/navixy-api-facts.md §2.4, spec-era wording), copied
 * here on purpose rather than imported from shared/errors.ts, so a wrong row there fails a test.
 */
export const SPEC_ERRORS: Record<number, [description: string, http: number]> = {
  3: ['Wrong user hash', 400],
  4: ['User not found or session ended', 400],
  5: ['Wrong request format', 400],
  6: ['Unexpected error', 500],
  7: ['Invalid parameters', 400],
  9: ['Too large request', 412],
  11: ['Access denied', 403],
  12: ['Dealer not found', 400],
  13: ['Operation not permitted', 403],
  15: ['Too many requests (rate limit exceeded)', 429],
  111: ['Wrong handler', 400],
  112: ['Wrong method', 400],
  201: ['Not found in database', 400],
  203: ['Delete entity associated with', 400],
  204: ['Entity not found', 404],
  206: ['Login already in use', 400],
  208: ['Device blocked', 403],
  212: ['Requested limit is too big', 400],
  214: ['Requested operation or parameters are not supported by the device', 400],
  219: ['Not allowed for clones of the device', 403],
  220: ['Unknown device model', 400],
  221: ['Device limit exceeded', 403],
  223: ['Phone number already in use', 400],
  224: ['Device ID already in use', 400],
  244: ['Duplicate entity label.', 400],
  246: ['Invalid user ID', 400],
  247: ['Entity already exists', 409],
  249: ['Operation available for clones only', 403],
  252: ['Device already corrupted', 400],
  253: ['Device has clones', 400],
};

/** The exact failure envelope: `{success: false, status: {code, description}, ...extra}` with the table's HTTP status. */
export function expectError(result: DispatchResult, code: number, extra: Record<string, unknown> = {}): void {
  const row = SPEC_ERRORS[code];
  if (!row) throw new Error(`test bug: code ${code} missing from SPEC_ERRORS`);
  expect(result.body).toEqual({ success: false, status: { code, description: row[0] }, ...extra });
  expect(result.httpStatus).toBe(row[1]);
}

/** Code 7 whose `errors` name exactly these parameters (in any order), each with a non-empty reason. */
export function expectInvalid(result: DispatchResult, parameters: string[]): void {
  expect(result.httpStatus).toBe(400);
  expect(result.body.success).toBe(false);
  expect(result.body.status).toEqual({ code: 7, description: 'Invalid parameters' });
  expect(Object.keys(result.body).sort()).toEqual(['errors', 'status', 'success']);
  const errors = result.body.errors as { parameter: string; error: string }[];
  for (const e of errors) {
    expect(Object.keys(e).sort()).toEqual(['error', 'parameter']);
    expect(typeof e.error).toBe('string');
    expect(e.error.length).toBeGreaterThan(0);
  }
  expect(errors.map((e) => e.parameter).sort()).toEqual([...parameters].sort());
}

/** The categories and operations a staff login may hold (everything but `staff` and `billing`). */
export const STAFF_CATALOGUE: Record<string, string[]> = {
  accounting: ['generate'],
  activation_code: ['create', 'read', 'update'],
  base: ['get_dealer_info'],
  notification_settings: ['read', 'update'],
  service_settings: ['read', 'update'],
  tariffs: ['create', 'read', 'update'],
  trackers: ['create', 'read', 'update', 'delete', 'corrupt'],
  transactions: ['create', 'read', 'update'],
  users: ['create', 'read', 'update', 'delete', 'corrupt'],
  user_sessions: ['create'],
  sms: ['create'],
  tracker_bundles: ['create', 'read', 'update'],
  audit: ['read'],
};

/** Every staff permission except `category: op`. */
export function allStaffPermissionsExcept(category: string, op: string): Permissions {
  const result: Permissions = {};
  for (const [c, ops] of Object.entries(STAFF_CATALOGUE)) {
    const kept = ops.filter((o) => !(c === category && o === op));
    if (kept.length) result[c] = kept;
  }
  return result;
}

let staffCounter = 0;
export const STAFF_PASSWORD = 'staff-password-1';

/** Creates a staff login through staff/create and signs it in; returns its id, login and session hash. */
export async function createStaff(t: TestBackend, permissions: Permissions, adminHash = t.adminHash): Promise<{ id: number; login: string; hash: string }> {
  const login = `staff${++staffCounter}.${Math.random().toString(36).slice(2, 8)}`;
  const { id } = await t.ok('staff/create', { login, password: STAFF_PASSWORD, permissions }, adminHash);
  return { id: id as number, login, hash: await t.login(login, STAFF_PASSWORD) };
}

/** Everything the administrator can see through the API: to prove a refused call changed nothing. */
export async function apiState(t: TestBackend, hash = t.adminHash): Promise<unknown> {
  const trackers = await t.ok('tracker/list', {}, hash);
  const users = await t.ok('user/list', {}, hash);
  const tariffs = await t.ok('tariff/list', {}, hash);
  const staff = await t.ok('staff/list', {}, hash);
  return { trackers, users, tariffs, staff };
}

let userCounter = 0;
export async function createUser(t: TestBackend, fields: Record<string, unknown> = {}, hash = t.adminHash): Promise<number> {
  const user = { login: `user${++userCounter}.${Math.random().toString(36).slice(2, 8)}@example.com`, legal_type: 'individual', first_name: 'Ann', ...fields };
  return (await t.ok('user/create', { user, password: 'secret1' }, hash)).id as number;
}

let tariffCounter = 0;
export async function createTariff(t: TestBackend, fields: Record<string, unknown> = {}, hash = t.adminHash): Promise<number> {
  const tariff = { name: `Plan ${++tariffCounter}.${Math.random().toString(36).slice(2, 8)}`, type: 'monthly', price: 10, device_limit: 100, ...fields };
  return (await t.ok('tariff/create', { tariff }, hash)).id as number;
}

export async function registerTracker(
  t: TestBackend,
  userId: number,
  tariffId: number,
  fields: Record<string, unknown> = {},
  hash = t.adminHash,
): Promise<number> {
  const params = { user_id: userId, label: 'Tracker', model: 'telfmb920', device_id: nextImei(), tariff_id: tariffId, ...fields };
  return (await t.ok('tracker/register', params, hash)).id as number;
}

/** Makes the next ids of these tables start after the given numbers (SQLite's sqlite_sequence, PostgreSQL's identity sequences). */
export async function startIdsAfter(t: TestBackend, last: Record<string, number>): Promise<void> {
  await t.backend.database.transaction(async (tx) => {
    for (const [table, seq] of Object.entries(last)) {
      if (t.backend.database.dialect === 'postgres') await tx.get(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), ?)`, [seq]);
      else {
        await tx.run('DELETE FROM sqlite_sequence WHERE name = ?', [table]);
        await tx.run('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)', [table, seq]);
      }
    }
  });
}

/** Inserts a rule of `userId` bound to the trackers (no API exists for rules). Returns its id. */
export async function insertRule(t: TestBackend, dealerId: number, userId: number, trackerIds: number[]): Promise<number> {
  return t.backend.database.transaction(async (tx) => {
    const ruleId = await tx.insert('INSERT INTO rules (dealer_id, user_id, name) VALUES (?, ?, ?)', [dealerId, userId, 'Rule']);
    for (const trackerId of trackerIds) await tx.run('INSERT INTO rule_trackers (rule_id, tracker_id) VALUES (?, ?)', [ruleId, trackerId]);
    return ruleId;
  });
}

/** Inserts a vehicle of `userId` bound to the tracker (no API exists for vehicles). Returns its id. */
export async function insertVehicle(t: TestBackend, dealerId: number, userId: number, trackerId: number): Promise<number> {
  return t.backend.database.transaction((tx) =>
    tx.insert('INSERT INTO vehicles (dealer_id, user_id, label, tracker_id) VALUES (?, ?, ?, ?)', [dealerId, userId, 'Van', trackerId]),
  );
}

/**
 * Marks a source corrupted directly in the database (with clones present, tracker/corrupt refuses,
 * so a corrupted clone cannot be made through the API) and refreshes the tracker index.
 */
export async function markSourceCorrupted(t: TestBackend, sourceId: number): Promise<void> {
  await t.backend.database.transaction((tx) => tx.run('UPDATE sources SET corrupted = 1 WHERE id = ?', [sourceId]));
  t.backend.trackerIndex.refresh([], [sourceId]);
  await t.backend.trackerIndex.idle();
}

/** Sets source columns directly (connection facts, avatar, ...) and refreshes the tracker index. */
export async function setSourceColumns(t: TestBackend, sourceId: number, columns: Record<string, string | number | null>): Promise<void> {
  const names = Object.keys(columns);
  await t.backend.database.transaction((tx) =>
    tx.run(`UPDATE sources SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`, [...names.map((n) => columns[n]!), sourceId]),
  );
  t.backend.trackerIndex.refresh([], [sourceId]);
  await t.backend.trackerIndex.idle();
}
