import { expect, signIn, test } from './fixtures.js';

test('the overview shows the dealer figures from dealer/get_info, each linking to its table', async ({ page, adminApi }) => {
  const info = (await adminApi.call('dealer/get_info')).value as { trackers_count: number; clones_count: number; users_count: number; users_balance: number };
  await signIn(page);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  const tiles = page.getByRole('list', { name: 'Figures' });
  await expect(tiles.getByRole('link', { name: `${info.trackers_count} Trackers`, exact: true })).toBeVisible();
  await expect(tiles.getByRole('link', { name: `${info.clones_count} Clones`, exact: true })).toBeVisible();
  await expect(tiles.getByRole('link', { name: `${info.users_count} Users`, exact: true })).toBeVisible();
  await expect(tiles.getByRole('link', { name: `${info.users_balance.toFixed(2)} Users' balances` })).toBeVisible();
  await expect(tiles.getByRole('link', { name: /^\d+ Active last month \(\d{4}-\d{2}\)$/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Lowest balances' })).toBeVisible();
  await page.screenshot({ path: '/tmp/desktop-work-dashboard.png' });
  await tiles.getByRole('link', { name: `${info.users_count} Users`, exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
});
