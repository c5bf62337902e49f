import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expect, search, signIn, test } from './fixtures.js';

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; path: string }> {
  const promise = page.waitForEvent('download');
  await click();
  const download: Download = await promise;
  return { name: download.suggestedFilename(), path: await download.path() };
}

const csvLines = (path: string) =>
  readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');

test('changes a balance after showing its effect, and lists and exports the transactions', async ({ page, seed, adminApi }) => {
  const user = seed.users[0]!;
  const before = (await adminApi.call('user/read', { user_id: user.id })).value as { balance: number; bonus: number };
  await signIn(page);
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: `Money of ${user.name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Money of ${user.name}` });
  await dialog.getByLabel('Amount (negative to deduct)').fill('25.5');
  await dialog.getByLabel(/^Reason/).fill('Cash payment at the desk');
  const effect = `Balance: ${before.balance.toFixed(2)} → ${(before.balance + 25.5).toFixed(2)} (+25.50)`;
  await expect(dialog.getByRole('status').filter({ hasText: effect })).toBeVisible();
  await dialog.getByRole('button', { name: 'Review change' }).click();
  // Nothing is written before the confirmation.
  expect(((await adminApi.call('user/read', { user_id: user.id })).value as { balance: number }).balance).toBe(before.balance);
  await dialog.getByRole('button', { name: `Confirm: ${effect}` }).click();
  await expect(dialog.getByText(`Done. ${effect}`)).toBeVisible();
  expect(((await adminApi.call('user/read', { user_id: user.id })).value as { balance: number }).balance).toBeCloseTo(before.balance + 25.5, 2);
  const table = dialog.getByRole('table', { name: 'Transactions' });
  await expect(table.locator('tbody tr').filter({ hasText: 'Cash payment at the desk' })).toContainText('25.50');

  // A bonus deduction below zero: the effect warns, the server refuses (251) in words, nothing changes.
  await dialog.getByLabel('Change', { exact: true }).selectOption('bonus');
  await dialog.getByLabel('Amount (negative to deduct)').fill('-100000');
  await dialog.getByLabel(/^Reason/).fill('Bonus correction');
  await expect(dialog.getByRole('status').filter({ hasText: 'would be negative' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Review change' }).click();
  await dialog.getByRole('button', { name: /^Confirm: Bonus balance/ }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: /^Not changed: / })).toBeVisible();
  expect(((await adminApi.call('user/read', { user_id: user.id })).value as { bonus: number }).bonus).toBe(before.bonus);
  await page.screenshot({ path: '/tmp/desktop-work-money.png' });

  const csv = await downloaded(page, () => dialog.getByRole('button', { name: 'Export CSV' }).click());
  expect(csv.name).toMatch(new RegExp(`^transactions-user-${user.id}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const lines = csvLines(csv.path);
  expect(lines[0]).toBe('timestamp,type,subtype,description,tracker_id,amount,old_balance,new_balance,bonus_amount,old_bonus,new_bonus');
  expect(lines.some((l) => l.includes('Cash payment at the desk') && l.includes(',25.5,'))).toBe(true);
});

test('exports every tracker of the current filter and sort to XLSX, not only the page', async ({ page, adminApi }) => {
  await signIn(page);
  // Sorted by label, descending; more rows than the page of 50.
  await page.getByRole('button', { name: 'Sort by Label' }).click();
  await page.getByRole('button', { name: 'Sort by Label' }).click();
  await search(page, '0');
  const expected = (await adminApi.call('tracker/list', { filter: '0', order_by: 'label', ascending: false })).list as {
    id: number;
    label: string;
    source: { device_id: string };
  }[];
  expect(expected.length).toBeGreaterThan(50);
  await expect(page.getByRole('table', { name: 'Trackers' }).locator('tbody tr').first()).toContainText(expected[0]!.label);
  const xlsx = await downloaded(page, () => page.getByRole('button', { name: 'Export XLSX' }).click());
  expect(xlsx.name).toMatch(/^trackers-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsx.path);
  const sheet = workbook.getWorksheet('Trackers')!;
  const rows = sheet
    .getSheetValues()
    .slice(1)
    .map((r) => (r as unknown[]).slice(1));
  expect(rows[0]!.slice(0, 3)).toEqual(['id', 'label', 'clone']);
  expect(rows.slice(1).map((r) => [r[0], r[1], r[7]])).toEqual(expected.map((t) => [t.id, t.label, t.source.device_id]));
});

test('exports the users to CSV', async ({ page, adminApi }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Users' }).click();
  const users = (await adminApi.call('user/list', {})).list as { id: number; login: string }[];
  const csv = await downloaded(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
  const lines = csvLines(csv.path);
  expect(lines[0]!.startsWith('id,login,legal_type,')).toBe(true);
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(users.map((u) => `${u.id},${u.login}`));
});

test('the activity chart shows months without activity as zero bars, and exports them', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByLabel('From month').fill('2026-01');
  await page.getByLabel('To month').fill('2026-04');
  const chart = page.getByRole('img', { name: /^Active trackers per month: / });
  await expect(chart).toHaveAttribute('aria-label', /2026-01 \d+, 2026-02 \d+, 2026-03 \d+, 2026-04 \d+$/);
  await expect(chart.locator('g.bar')).toHaveCount(4);
  await expect(chart.locator('g.bar[data-month="2026-02"] title')).toHaveText(/^2026-02: \d+ active trackers$/);
  await expect(page.getByRole('table', { name: 'Active trackers per month' }).locator('tbody tr')).toHaveCount(4);
  await page.screenshot({ path: '/tmp/desktop-work-activity.png' });
  const csv = await downloaded(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
  expect(csvLines(csv.path)).toEqual(['month,active_trackers', '2026-01,0', '2026-02,0', '2026-03,0', '2026-04,0']);
});
