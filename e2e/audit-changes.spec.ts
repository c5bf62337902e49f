import { expect, signIn, test } from './fixtures.js';

test("the tracker card and the user dialog list that entity's changes, before and after", async ({ page, seed, adminApi }) => {
  const stamp = Date.now();
  const login = `changes.${stamp}@example.com`;
  const userId = (await adminApi.call('user/create', { user: { login, legal_type: 'individual', first_name: `Chan${stamp}` }, password: 'e2e-secret-7' }))
    .id as number;
  const trackerId = (
    await adminApi.call('tracker/register', {
      user_id: userId,
      label: `Audit ${stamp}`,
      model: 'telfmb920',
      device_id: `aud${stamp}`,
      tariff_id: seed.tariffs[0]!.id,
    })
  ).id as number;
  await adminApi.call('tracker/settings/update', { tracker_id: trackerId, label: `Renamed ${stamp}` });
  await adminApi.call('tracker/source/update', { tracker_id: trackerId, blocked: true });
  await adminApi.call('user/transaction/change_balance', { user_id: userId, amount: 7.5, type: 'balance', text: 'Audit e2e payment' });

  await signIn(page);
  await page.goto(`/#/trackers/${trackerId}`);
  const changes = page.getByRole('table', { name: `Changes of tracker ${trackerId}` });
  await expect(changes).toBeVisible();
  await expect(changes.locator('tbody tr').filter({ hasText: 'tracker/settings/update' })).toContainText(`label: Audit ${stamp} → Renamed ${stamp}`);
  await expect(changes.locator('tbody tr').filter({ hasText: 'tracker/source/update' })).toContainText('source blocked: false → true');
  await changes.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/audit-changes-card.png', fullPage: true });

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search users' }).fill(login);
  await page.getByRole('button', { name: `Edit user Chan${stamp}`, exact: true }).click();
  const userChanges = page.getByRole('table', { name: `Changes of user ${userId}` });
  await expect(userChanges.locator('tbody tr').filter({ hasText: 'user/transaction/change_balance' })).toContainText('balance: 0 → 7.5');

  // The Audit screen's staff filter has the administrator.
  await page.keyboard.press('Escape');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit', exact: true }).click();
  await page.getByLabel('Staff member').selectOption('admin');
  await page.getByLabel('Entity', { exact: true }).selectOption('tracker');
  await page.getByLabel('Entity ID').fill(String(trackerId));
  const rows = page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await rows
    .filter({ hasText: 'tracker/settings/update' })
    .getByRole('button', { name: /^Show details of entry/ })
    .click();
  await expect(page.getByRole('list', { name: 'Changed fields' })).toContainText(`label: Audit ${stamp} → Renamed ${stamp}`);
});
