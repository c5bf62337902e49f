import { expect, search, signIn, test, trackerRows } from './fixtures.js';

test.beforeEach(async ({ page }) => signIn(page));

test('pages through the trackers on the server', async ({ page, adminApi }) => {
  // Other specs add and remove clones: count what the server holds now.
  const total = (await adminApi.call('tracker/list', { limit: 1 })).count as number;
  const status = page.getByRole('navigation', { name: 'Pages' }).getByRole('status');
  await expect(status).toHaveText(`1–50 of ${total}`);
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(status).toHaveText(`51–${Math.min(100, total)} of ${total}`);
  await expect(trackerRows(page)).toHaveCount(Math.min(50, total - 50));
  await page.getByRole('button', { name: 'First page' }).click();
  await expect(status).toHaveText(`1–50 of ${total}`);
  await page.getByLabel('Rows per page').selectOption('20');
  await expect(trackerRows(page)).toHaveCount(20);
});

test('filters by text, owner, plan and clones', async ({ page, seed, adminApi }) => {
  await search(page, 'Trailer 0');
  await expect(trackerRows(page).first()).toContainText('Trailer 0');
  for (const label of await trackerRows(page).locator('td.col-label a').allTextContents()) expect(label).toMatch(/^Trailer 0/);

  await search(page, '');
  const owner = seed.users[1]!;
  await page.getByLabel('Owner', { exact: true }).selectOption(String(owner.id));
  await expect(trackerRows(page).first()).toContainText(owner.name);
  for (const cell of await trackerRows(page).locator('td.col-owner').allTextContents()) expect(cell).toContain(`#${owner.id}`);
  await page.getByLabel('Owner', { exact: true }).selectOption('');

  const premium = seed.tariffs[1]!.id;
  const onPremium = (await adminApi.call('tracker/list', { tariff_id: premium, limit: 1 })).count as number;
  expect(onPremium).toBeGreaterThan(0);
  await page.getByLabel('Plan', { exact: true }).selectOption(String(premium));
  await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('status')).toHaveText(new RegExp(`^1–${Math.min(50, onPremium)} of ${onPremium}$`));
  await page.getByLabel('Plan', { exact: true }).selectOption('');

  const clones = (await adminApi.call('tracker/list', { clones_filter: 'include_clones_only', limit: 1 })).count as number;
  await page.getByLabel('Show').selectOption('clones');
  await expect(trackerRows(page)).toHaveCount(clones);
  for (const row of await trackerRows(page).all()) await expect(row.getByText('clone', { exact: true })).toBeVisible();
  await page.getByLabel('Show').selectOption('trackers');
  await expect(trackerRows(page).getByText('clone', { exact: true })).toHaveCount(0);
});

test('sorts by a column, both ways, with aria-sort', async ({ page, adminApi }) => {
  // Other specs add trackers to the shared server, so the expected ends come from the API.
  const first = async (ascending: boolean) =>
    ((await adminApi.call('tracker/list', { order_by: 'label', ascending, limit: 1 })).list as { label: string }[])[0]!.label;
  await page.getByRole('button', { name: 'Sort by Label' }).click();
  const header = page.getByRole('columnheader', { name: 'Sort by Label' });
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expect(trackerRows(page).first().locator('td.col-label a')).toHaveText(await first(true));
  await page.getByRole('button', { name: 'Sort by Label' }).click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect(trackerRows(page).first().locator('td.col-label a')).toHaveText(await first(false));
});

test('the table is usable from the keyboard', async ({ page }) => {
  await page.getByRole('searchbox', { name: 'Search trackers' }).focus();
  await page.keyboard.type('Bus 010');
  await expect(trackerRows(page)).toHaveCount(1);
  // Tab to the row's checkbox, select it with Space, then to its label link and open the card with Enter.
  const checkbox = page.getByRole('checkbox', { name: 'Select tracker Bus 010' });
  await checkbox.focus();
  await page.keyboard.press('Space');
  await expect(checkbox).toBeChecked();
  await expect(page.getByRole('toolbar', { name: 'Actions for the selected trackers' })).toContainText('1 selected');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Open tracker Bus 010' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Bus 010', level: 1 })).toBeVisible();
});
