import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileBytes } from '../../api/file-download.js';
import { addDealer, openTestBackend, type TestBackend, type TestResult } from '../../test-support/harness.js';
import { allStaffPermissionsExcept, createStaff, createUser, expectError, expectInvalid } from '../../test-support/api-assertions.js';
import { closeHttpTest, json, openHttpTest, type HttpTestContext } from '../../test-support/http-client.js';

/** The rows of a CSV answer (header first), BOM checked and removed. */
async function csvRows(result: TestResult): Promise<string[][]> {
  expect(result.httpStatus).toBe(200);
  expect(result.body).toEqual({ success: true });
  expect(result.file).toMatchObject({ name: 'users.csv', contentType: 'text/csv; charset=utf-8' });
  const bytes = Buffer.from(await fileBytes(result.file!));
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes.subarray(3).toString('utf8'), { relax_column_count: false }) as string[][];
}

async function xlsxRows(bytes: Uint8Array): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Users')!;
  const rows: unknown[][] = [];
  const width = sheet.getRow(1).cellCount;
  // An empty text cell reads back as no cell: read it as ''.
  sheet.eachRow((row) => rows.push(Array.from({ length: width }, (_, i) => (row.values as unknown[])[i + 1] ?? '')));
  return rows;
}

describe('user/export', () => {
  let t: TestBackend;
  let u1: number;
  let u2: number;
  let u3: number;
  beforeEach(async () => {
    t = await openTestBackend();
    u1 = await createUser(t, { login: 'c@x.com', first_name: 'Carl', last_name: 'Brown', phone: '5550000003' });
    u2 = await createUser(t, { login: 'a@x.com', first_name: 'Ann', middle_name: 'Q', last_name: 'adams, "the" first', phone: '5550000001' });
    u3 = await createUser(t, { login: 'b@x.com', first_name: '=HYPERLINK("x")', last_name: 'Clark', activated: false });
  });
  afterEach(async () => t.close());

  it('XLSX by default with the documented default columns, in id order', async () => {
    const result = await t.call('user/export');
    expect(result.body).toEqual({ success: true });
    expect(result.file).toMatchObject({ name: 'users.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const rows = await xlsxRows(await fileBytes(result.file!));
    expect(rows).toEqual([
      ['id', 'login', 'first_name', 'middle_name', 'last_name', 'phone'],
      [u1, 'c@x.com', 'Carl', '', 'Brown', '5550000003'],
      [u2, 'a@x.com', 'Ann', 'Q', 'adams, "the" first', '5550000001'],
      [u3, 'b@x.com', '=HYPERLINK("x")', '', 'Clark', ''],
    ]);
  });

  it('CSV with chosen columns, quoting, typed values and formula-like text made inert', async () => {
    const rows = await csvRows(await t.call('user/export', { format: 'csv', columns: ['login', 'last_name', 'first_name', 'activated', 'balance'] }));
    expect(rows).toEqual([
      ['login', 'last_name', 'first_name', 'activated', 'balance'],
      ['c@x.com', 'Brown', 'Carl', 'true', '0'],
      ['a@x.com', 'adams, "the" first', 'Ann', 'true', '0'],
      ['b@x.com', 'Clark', `'=HYPERLINK("x")`, 'false', '0'],
    ]);
  });

  it("user/list's filter, hide_inactive, order and paging", async () => {
    const logins = async (params: Record<string, unknown>) =>
      (await csvRows(await t.call('user/export', { format: 'csv', columns: ['login'], ...params }))).slice(1).map((r) => r[0]);
    expect(await logins({ order_by: 'login' })).toEqual(['a@x.com', 'b@x.com', 'c@x.com']);
    expect(await logins({ order_by: 'login', ascending: false, limit: 2 })).toEqual(['c@x.com', 'b@x.com']);
    expect(await logins({ offset: 1 })).toEqual(['a@x.com', 'b@x.com']);
    expect(await logins({ hide_inactive: true })).toEqual(['c@x.com', 'a@x.com']);
    expect(await logins({ filter: 'ADAMS' })).toEqual(['a@x.com']);
    expect(await logins({ filter: 'nobody' })).toEqual([]);
  });

  it('every user past one storage chunk, each once, in order', async () => {
    await t.backend.database.transaction(async (tx) => {
      for (let i = 0; i < 1203; i++) {
        await tx.run(
          `INSERT INTO users (dealer_id, login, activated, verified, legal_type, profile, creation_date)
           VALUES (1, ?, 1, 1, 'individual', '{}', '2026-01-01 00:00:00')`,
          [`bulk${i}@example.com`],
        );
      }
    });
    const rows = (await csvRows(await t.call('user/export', { format: 'csv', columns: ['id'] }))).slice(1).map((r) => Number(r[0]));
    expect(rows).toHaveLength(1206);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(new Set(rows).size).toBe(1206);
  });

  it("leaves out other dealers' and deleted users", async () => {
    const admin2 = await addDealer(t, 2);
    await createUser(t, { login: 'foreign@x.com' }, admin2);
    await t.ok('user/corrupt', { user_id: u2, login: 'a@x.com' });
    const logins = (await csvRows(await t.call('user/export', { format: 'csv', columns: ['login'] }))).slice(1).map((r) => r[0]);
    expect(logins).toEqual(['c@x.com', 'b@x.com']);
  });

  it('names every bad parameter (7); 212 above the page maximum', async () => {
    expectInvalid(await t.call('user/export', { format: 'pdf', columns: ['id', 'password_hash'], order_by: 'x', hide_inactive: 'y', offset: -1 }), [
      'format',
      'columns.1',
      'order_by',
      'hide_inactive',
      'offset',
    ]);
    expectInvalid(await t.call('user/export', { columns: [] }), ['columns']);
    expectInvalid(await t.call('user/export', { columns: ['id', 'id'] }), ['columns']);
    expectInvalid(await t.call('user/export', { columns: 'id' }), ['columns']);
    expectError(await t.call('user/export', { limit: 1001 }), 212);
  });

  it('13 (HTTP 403) without users: read', async () => {
    const staff = await createStaff(t, allStaffPermissionsExcept('users', 'read'));
    expectError(await t.call('user/export', {}, staff.hash), 13);
    const reader = await createStaff(t, { users: ['read'] });
    expect((await t.call('user/export', { format: 'csv' }, reader.hash)).file?.name).toBe('users.csv');
  });

  it('over the desktop IPC the file comes whole in the body', async () => {
    const result = await t.backend.dispatchWhole({ path: 'user/export', params: { format: 'csv', columns: ['id'] }, hash: t.adminHash });
    const file = result.body.file as { name: string; contentType: string; data: Uint8Array };
    expect(file).toMatchObject({ name: 'users.csv', contentType: 'text/csv; charset=utf-8' });
    expect(Buffer.from(file.data).toString('utf8')).toBe(`\ufeffid\r\n${u1}\r\n${u2}\r\n${u3}\r\n`);
    expect((await t.backend.dispatchWhole({ path: 'user/export', params: { format: 'doc' }, hash: t.adminHash })).body.success).toBe(false);
  });
});

describe('user/export over HTTP', () => {
  let ctx: HttpTestContext;
  beforeEach(async () => {
    ctx = await openHttpTest();
  });
  afterEach(async () => closeHttpTest(ctx));

  it('answers the file as a download; refusals stay JSON envelopes', async () => {
    const id = await createUser(ctx.t, { login: 'ann@example.com' });
    const res = await fetch(`${ctx.base}user/export`, json({ hash: ctx.t.adminHash, format: 'csv', columns: ['id', 'login'] }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="users.csv"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toBe(`\ufeffid,login\r\n${id},ann@example.com\r\n`);

    const xlsx = await fetch(`${ctx.base}user/export?hash=${ctx.t.adminHash}`);
    expect(xlsx.headers.get('content-disposition')).toBe('attachment; filename="users.xlsx"');
    expect((await xlsxRows(new Uint8Array(await xlsx.arrayBuffer())))[1]).toEqual([id, 'ann@example.com', 'Ann', '', '', '']);

    const refused = await fetch(`${ctx.base}user/export`, json({ hash: ctx.t.adminHash, format: 'pdf' }));
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await refused.json()).toMatchObject({ success: false, status: { code: 7 } });
  });
});
