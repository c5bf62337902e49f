import AxeBuilder from '@axe-core/playwright';
import { expect, signIn, signInAsStaff, test } from './fixtures.js';

test('the Audit screen finds a write by its entity and shows its parameters without the password', async ({ page, adminApi }) => {
  const login = `audited.${Date.now()}@example.com`;
  const id = (await adminApi.call('user/create', { user: { login, legal_type: 'individual', first_name: 'Audited' }, password: 'e2e-secret-9' })).id as number;

  await signIn(page);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { name: 'Audit', level: 1 })).toBeVisible();
  await page.getByLabel('Entity', { exact: true }).selectOption('user');
  await page.getByLabel('Entity ID').fill(String(id));
  const table = page.getByRole('table', { name: 'Audit entries' });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('user/create');
  await expect(rows.first()).toContainText('admin (administrator)');
  await expect(rows.first()).toContainText(`user ${id}`);

  await rows
    .first()
    .getByRole('button', { name: /^Show details of entry/ })
    .click();
  const details = page.getByRole('region', { name: /^Entry \d+$/ });
  await expect(details).toContainText(login);
  await expect(details).toContainText('[redacted]');
  await expect(details).not.toContainText('e2e-secret-9');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // Another action filter leaves nothing for this entity.
  await page.getByRole('searchbox', { name: 'Action' }).fill('tracker/move');
  await expect(rows).toHaveCount(0);
  await expect(page.getByText('No audit entries in this period.')).toBeVisible();
});

test('a staff login without audit: read has no Audit section', async ({ page }) => {
  await signInAsStaff(page);
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link', { name: 'Trackers' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Audit' })).toHaveCount(0);
});
