import { expect } from 'vitest';
import type { DispatchResult } from '../../../../api/dispatch.js';
import type { TestBackend } from '../../../../test-support/harness.js';

/** The spec's wording and HTTP status for the codes these methods answer (docs/navixy-api-facts.md §2.4), copied on purpose. */
const SPEC: Record<number, [description: string, http: number]> = {
  7: ['Invalid parameters', 400],
  13: ['Operation not permitted', 403],
  201: ['Not found in database', 400],
  204: ['Entity not found', 404],
  208: ['Device blocked', 403],
  223: ['Phone number already in use', 400],
  226: ['Wrong ICCID', 400],
  247: ['Entity already exists', 409],
  250: ['Not allowed for deleted devices', 403],
};

/** The exact failure envelope. */
export function expectError(result: DispatchResult, code: number, extra: Record<string, unknown> = {}): void {
  const row = SPEC[code];
  if (!row) throw new Error(`test bug: code ${code} missing`);
  expect(result.body).toEqual({ success: false, status: { code, description: row[0] }, ...extra });
  expect(result.httpStatus).toBe(row[1]);
}

/** Code 7 naming exactly these parameters, each with a reason. */
export function expectInvalid(result: DispatchResult, parameters: string[]): void {
  expect(result.httpStatus).toBe(400);
  expect(result.body.status).toEqual({ code: 7, description: 'Invalid parameters' });
  const errors = result.body.errors as { parameter: string; error: string }[];
  for (const e of errors) expect(e.error.length).toBeGreaterThan(0);
  expect(errors.map((e) => e.parameter).sort()).toEqual([...parameters].sort());
}

/** A 15-digit IMEI with a valid Luhn check digit from a 14-digit body. */
export function withCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = Number(body[i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

let serial = 0;
/** Distinct valid IMEIs (`prefix` is 8 digits, a TAC). */
export function imeis(n: number, prefix = '35209900'): string[] {
  const list: string[] = [];
  for (let i = 0; i < n; i++) list.push(withCheckDigit(prefix + String(++serial).padStart(6, '0')));
  return list;
}

/** The same IMEI with a wrong check digit. */
export function breakCheckDigit(imei: string): string {
  return imei.slice(0, 14) + String((Number(imei[14]) + 1) % 10);
}

let iccidSerial = 0;
export function iccids(n: number): string[] {
  const list: string[] = [];
  for (let i = 0; i < n; i++) list.push(`8949022${String(++iccidSerial).padStart(12, '0')}`);
  return list;
}

let phoneSerial = 0;
export const nextPhone = () => `4915${String(++phoneSerial).padStart(8, '0')}`;

let staffSerial = 0;
/** A staff login holding only `trackers: read` (no tracker_bundles). */
export async function staffWithoutBundles(t: TestBackend, permissions: Record<string, string[]> = { trackers: ['read'] }): Promise<string> {
  const login = `bundlestaff${++staffSerial}.${Math.random().toString(36).slice(2, 8)}`;
  await t.ok('staff/create', { login, password: 'staff-password-1', permissions });
  return t.login(login, 'staff-password-1');
}

/** Imports `n` bundles of `equipId` and returns them (bundle objects) in import order. */
export async function importBundles(t: TestBackend, n: number, equipId = 1, hash = t.adminHash): Promise<Record<string, any>[]> {
  const list = imeis(n);
  await t.ok('tracker/bundle/import', { imeis: list, equip_id: equipId, factory_preset: false }, hash);
  const bundles: Record<string, any>[] = [];
  for (const imei of list) bundles.push((await t.ok('tracker/bundle/read', { imei }, hash)).value);
  return bundles;
}

/** Imports SIM cards and returns their ICCIDs. */
export async function importSimCards(t: TestBackend, n: number, hash = t.adminHash): Promise<string[]> {
  const list = iccids(n);
  await t.ok('sim_card/import', { sim_cards: list.map((iccid) => ({ iccid, phone: nextPhone(), apn: 'internet' })) }, hash);
  return list;
}

export async function bundleCount(t: TestBackend, hash = t.adminHash): Promise<number> {
  return (await t.ok('tracker/bundle/list', { limit: 1 }, hash)).count as number;
}
