import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { expect, signIn, test } from './fixtures.js';
import { imeiFrom } from './support/seed.js';

const dir = mkdtempSync(join(tmpdir(), 'dealer-console-import-'));

test('registers a tracker from the form, with the API refusals shown next to their fields', async ({ page, seed, adminApi }) => {
  const user = seed.users[1]!;
  const deviceId = imeiFrom('35630704900001');
  await signIn(page);
  await page.getByRole('button', { name: 'Register tracker' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register tracker' });
  await dialog.getByLabel('Owner: search').fill(user.name.split(' ')[0]!);
  await dialog.getByLabel('Owner', { exact: true }).selectOption(String(user.id));
  await dialog.getByLabel('Model: search').fill('FMB920');
  await dialog.getByLabel('Model', { exact: true }).selectOption('telfmb920');
  await dialog.getByLabel('Label').fill('Form truck');
  // The IMEI hint: a wrong check digit is named before anything is sent.
  await dialog.getByLabel('Device ID (IMEI)').fill(`${deviceId.slice(0, 14)}${(Number(deviceId[14]) + 1) % 10}`);
  await expect(dialog.getByText('Looks like an IMEI, but its check digit (Luhn) is wrong')).toBeVisible();
  // A device id already registered (seeded) → 224 next to the device id field.
  await dialog.getByLabel('Device ID (IMEI)').fill(seed.firstDeviceId);
  await dialog.getByLabel('Phone of the SIM card (optional)').fill('12');
  await dialog.getByLabel('Plan').selectOption(String(seed.tariffs[1]!.id));
  await dialog.getByRole('button', { name: 'Register tracker' }).click();
  // 7 with errors[] first: the phone's rule, next to the phone field.
  await expect(dialog.getByLabel('Phone of the SIM card (optional)')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert').filter({ hasText: 'Must be 5 to 20 digits' })).toBeVisible();
  await dialog.getByLabel('Phone of the SIM card (optional)').fill('491700009001');
  await dialog.getByRole('button', { name: 'Register tracker' }).click();
  await expect(dialog.getByLabel('Device ID (IMEI)')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert').filter({ hasText: /device id|Device ID/i })).toBeVisible();
  expect((await adminApi.call('tracker/list', { filter: 'Form truck' })).count).toBe(0);

  await dialog.getByLabel('Device ID (IMEI)').fill(deviceId);
  await page.screenshot({ path: '/tmp/desktop-work-register.png' });
  await dialog.getByRole('button', { name: 'Register tracker' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: /Form truck/, level: 1 })).toBeVisible();
  const list = await adminApi.call('tracker/list', { filter: deviceId });
  expect(list.count).toBe(1);
  expect(list.list[0]).toMatchObject({
    label: 'Form truck',
    user_id: user.id,
    source: { device_id: deviceId, model: 'telfmb920', phone: '491700009001', tariff_id: seed.tariffs[1]!.id },
  });
});

test('imports trackers from a CSV file: preview, per-row errors, progress and an error report', async ({ page, seed, adminApi }) => {
  const users = (await adminApi.call('user/list', {})).list as { id: number; login: string }[];
  const login = users.find((u) => u.id === seed.users[2]!.id)!.login;
  const good = [imeiFrom('35630704910001'), imeiFrom('35630704910002'), imeiFrom('35630704910003')];
  const csv = [
    'user_id;model;label;device_id;phone;plan;comment',
    `${seed.users[0]!.id};telfmb920;CSV 1;${good[0]};;Premium;front door`,
    `${login};telfmb920;CSV 2;${good[1]};491700009101;;`,
    `${seed.users[0]!.id};nope;CSV bad;${imeiFrom('35630704910009')};;;`,
    `${seed.users[0]!.id};telfmb920;CSV taken;${seed.firstDeviceId};;;`,
    `${seed.users[3]!.id};telfmb920;CSV 3;${good[2]};;${seed.tariffs[0]!.id};`,
  ].join('\n');
  const file = join(dir, 'trackers.csv');
  writeFileSync(file, csv);

  await signIn(page);
  await page.getByRole('button', { name: 'Import trackers…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import trackers' });
  await dialog.getByLabel('CSV or XLSX file').setInputFiles(file);
  await expect(dialog.getByText('trackers.csv: 5 rows, 4 ready to register, 1 with problems (they will not be registered).')).toBeVisible();
  const preview = dialog.getByRole('table', { name: 'Rows to import' });
  await expect(preview.locator('tbody tr').first()).toContainText('Model: unknown model code nope');
  // Nothing is written by the preview.
  expect((await adminApi.call('tracker/list', { filter: 'CSV ' })).count).toBe(0);
  await page.screenshot({ path: '/tmp/desktop-work-import-preview.png' });

  await dialog.getByRole('button', { name: 'Register 4 trackers' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Registered: 3, 1 failed' })).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Failures' })).toContainText(`Row 5 (${seed.firstDeviceId}):`);
  await page.screenshot({ path: '/tmp/desktop-work-import-done.png' });

  const downloadPromise = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download error report' }).click();
  const report = readFileSync(await (await downloadPromise).path(), 'utf8');
  const lines = report
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe('row,device_id,label,error');
  expect(lines[1]).toMatch(/^4,\d{15},CSV bad,not registered \(checked before import\): Model: unknown model code nope$/);
  expect(lines[2]).toContain(`5,${seed.firstDeviceId},CSV taken,`);
  expect(lines).toHaveLength(3);

  const list = (await adminApi.call('tracker/list', { filter: 'CSV ', order_by: 'label' })).list as any[];
  expect(list.map((t) => t.label)).toEqual(['CSV 1', 'CSV 2', 'CSV 3']);
  expect(list[0]).toMatchObject({ user_id: seed.users[0]!.id, comment: 'front door', source: { tariff_id: seed.tariffs[1]!.id } });
  expect(list[1]).toMatchObject({ user_id: seed.users[2]!.id, source: { phone: '491700009101' } });
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toBeHidden();
});

test('imports trackers from an XLSX file', async ({ page, seed, adminApi }) => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Activation');
  sheet.addRow(['User ID', 'Model', 'Label', 'IMEI', 'Phone']);
  sheet.addRow([seed.users[1]!.id, 'telfmb920', 'XLSX 1', Number(imeiFrom('35630704920001')), 491700009201]);
  sheet.addRow([seed.users[1]!.id, 'telfmb920', 'XLSX 2', imeiFrom('35630704920002'), '']);
  const file = join(dir, 'trackers.xlsx');
  await workbook.xlsx.writeFile(file);

  await signIn(page);
  await page.getByRole('button', { name: 'Import trackers…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import trackers' });
  await dialog.getByLabel('CSV or XLSX file').setInputFiles(file);
  await expect(dialog.getByText('trackers.xlsx: 2 rows, 2 ready to register, 0 with problems.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Register 2 trackers' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: /^Registered: 2$/ })).toBeVisible();
  const list = (await adminApi.call('tracker/list', { filter: 'XLSX ', order_by: 'label' })).list as any[];
  expect(list.map((t) => [t.label, t.source.device_id, t.source.phone])).toEqual([
    ['XLSX 1', imeiFrom('35630704920001'), '491700009201'],
    ['XLSX 2', imeiFrom('35630704920002'), null],
  ]);
});

test('cancelling an import leaves the rows not yet started unregistered', async ({ page, seed, adminApi }) => {
  const rows = Array.from(
    { length: 30 },
    (_, i) => `${seed.users[0]!.id},telfmb920,Cancel ${String(i).padStart(2, '0')},${imeiFrom(`356307049300${String(i).padStart(2, '0')}`)}`,
  );
  const file = join(dir, 'cancel.csv');
  writeFileSync(file, ['user_id,model,label,device_id', ...rows].join('\n'));
  // Slow the calls (3 rows each for a 30-row file) down so Cancel lands mid-way.
  await page.route('**/v2/panel/tracker/batch_register', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    await route.continue();
  });
  await signIn(page);
  await page.getByRole('button', { name: 'Import trackers…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import trackers' });
  await dialog.getByLabel('CSV or XLSX file').setInputFiles(file);
  await dialog.getByRole('button', { name: 'Register 30 trackers' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: /^\d+ of 30…$/ })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Close dialog' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel import' }).click();
  const summary = dialog.getByRole('status').filter({ hasText: /^Registered: \d+, \d+ not started \(cancelled\)$/ });
  await expect(summary).toBeVisible();
  const [, registered, notStarted] = /^Registered: (\d+), (\d+) not started/.exec((await summary.textContent())!)!.map(Number);
  expect(registered! + notStarted!).toBe(30);
  expect(notStarted).toBeGreaterThan(0);
  expect((await adminApi.call('tracker/list', { filter: 'Cancel ' })).count).toBe(registered);
});
