import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../accounts/passwords.js';
import { fileBytes } from '../../api/file-download.js';
import { addDealer, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { allStaffPermissionsExcept, apiState, createStaff, createUser, expectError, expectInvalid } from '../../test-support/api-assertions.js';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

describe('user/upload', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('creates every user of a CSV file, in order, with the user/create defaults', async () => {
    const csv =
      '\ufefflogin,legal_type,first_name,phone,activated,password\r\nann@x.com,individual,Ann,491761234567,,secret1\r\nbob@x.com,legal_entity,,,false,\r\n\r\n';
    const { list } = await t.ok('user/upload', { file: b64(csv) });
    expect(list).toHaveLength(2);
    expect((await t.ok('user/read', { user_id: list[0] })).value).toMatchObject({
      login: 'ann@x.com',
      first_name: 'Ann',
      phone: '491761234567',
      activated: true,
      verified: true,
    });
    expect((await t.ok('user/read', { user_id: list[1] })).value).toMatchObject({
      login: 'bob@x.com',
      legal_type: 'legal_entity',
      activated: false,
      verified: false,
    });
    const hash = (await t.backend.database.get<{ password_hash: string | null }>('SELECT password_hash FROM users WHERE id = ?', [list[0]]))!.password_hash!;
    expect(await verifyPassword('secret1', hash)).toBe(true);
    expect(
      (await t.backend.database.get<{ password_hash: string | null }>('SELECT password_hash FROM users WHERE id = ?', [list[1]]))!.password_hash,
    ).toBeNull();
    // The file may hold passwords: its text never reaches the audit trail.
    const audited = JSON.stringify(await t.backend.database.all("SELECT * FROM audit_log WHERE action = 'user/upload'"));
    expect(audited).toContain('[redacted]');
    expect(audited).not.toContain(b64(csv).slice(0, 40));
  });

  it('takes back what user/export wrote (XLSX and CSV, formula apostrophe removed)', async () => {
    await createUser(t, { login: 'one@x.com', first_name: '=SUM(1)', last_name: 'One' });
    for (const format of ['xlsx', 'csv']) {
      const exported = await t.call('user/export', { format, columns: ['login', 'legal_type', 'first_name', 'last_name'] });
      const bytes = Buffer.from(await fileBytes(exported.file!));
      const admin2 = await addDealer(t, format === 'xlsx' ? 2 : 3);
      const { list } = await t.ok('user/upload', { file: bytes.toString('base64') }, admin2);
      expect((await t.ok('user/read', { user_id: list[0] }, admin2)).value).toMatchObject({ login: 'one@x.com', first_name: '=SUM(1)', last_name: 'One' });
    }
  });

  it('all or nothing: one bad row → 7 naming each bad row and field; nothing is created', async () => {
    await createUser(t, { login: 'taken@x.com' });
    const before = await apiState(t);
    const csv = [
      'login,legal_type,phone,password',
      'ok@x.com,individual,,',
      'not-an-email,company,12ab,123',
      'taken@x.com,individual,,',
      'ok@x.com,individual,,',
    ].join('\n');
    expectInvalid(await t.call('user/upload', { file: b64(csv) }), [
      'row 3.login',
      'row 3.legal_type',
      'row 3.phone',
      'row 3.password',
      'row 4.login',
      'row 5.login',
    ]);
    expect(await apiState(t)).toEqual(before);
  });

  it('7 for a file that is not a user table; 271 too large; 267 too many rows; nothing is created', async () => {
    const before = await apiState(t);
    for (const csv of [
      'login,legal_type,shoe_size\na@x.com,individual,42',
      'first_name\nAnn',
      'login,legal_type\n',
      'login,login,legal_type\na,b,c',
      '"unterminated\n',
    ]) {
      expectInvalid(await t.call('user/upload', { file: b64(csv) }), ['file']);
    }
    expectInvalid(await t.call('user/upload', { file: 'not base64!' }), ['file']);
    expectInvalid(await t.call('user/upload', {}), ['file']);
    const big = await t.call('user/upload', { file: b64('login,legal_type\n' + 'x'.repeat(2 * 1024 * 1024)) });
    expect([big.httpStatus, big.body.status]).toEqual([413, { code: 271, description: 'File over max size' }]);
    const many = 'login,legal_type\n' + Array.from({ length: 1001 }, (_, i) => `u${i}@x.com,individual`).join('\n');
    const tooMany = await t.call('user/upload', { file: b64(many) });
    expect(tooMany.body.status.code).toBe(267);
    expect(await apiState(t)).toEqual(before);
  });

  it('reads the first sheet of an XLSX file', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('People');
    sheet.addRow(['login', 'legal_type', 'phone']);
    sheet.addRow(['x@x.com', 'sole_trader', 4917612345678]);
    const { list } = await t.ok('user/upload', { file: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64') });
    expect((await t.ok('user/read', { user_id: list[0] })).value).toMatchObject({ login: 'x@x.com', legal_type: 'sole_trader', phone: '4917612345678' });
  });

  it('13 (HTTP 403) without users: create; changes nothing', async () => {
    const staff = await createStaff(t, allStaffPermissionsExcept('users', 'create'));
    const before = await apiState(t);
    expectError(await t.call('user/upload', { file: b64('login,legal_type\na@x.com,individual') }, staff.hash), 13);
    expect(await apiState(t)).toEqual(before);
  });
});
