import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures.js';

/** Serious and critical axe violations on the page as it is (WCAG 2 A/AA, contrast included). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const screens = [
  { hash: '#/trackers', heading: 'Trackers' },
  { hash: '#/users', heading: 'Users' },
  { hash: '#/tariffs', heading: 'Plans' },
  { hash: '#/bundles', heading: 'Bundles' },
  { hash: '#/activity', heading: 'Activity' },
  { hash: '#/staff', heading: 'Staff' },
  { hash: '#/settings', heading: 'Settings' },
];

for (const theme of ['light', 'dark'] as const) {
  test(`${theme} theme: every main screen passes axe with no serious or critical violation`, async ({ page }) => {
    test.setTimeout(120_000); // eight screens, each analysed by axe, on a shared 2-core machine
    await page.goto('/');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    expect(await violations(page), 'sign-in').toEqual([]);
    await page.screenshot({ path: `/tmp/desktop-look-${theme}-login.png` });

    await signIn(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    for (const screen of screens) {
      await page.goto(`/${screen.hash}`);
      await expect(page.getByRole('heading', { name: screen.heading, level: 1 })).toBeVisible();
      await expect(page.locator('[role=status]', { hasText: /Loading/ })).toHaveCount(0);
      expect(await violations(page), screen.hash).toEqual([]);
    }
    await page.goto('/#/trackers');
    await expect(page.getByRole('table', { name: 'Trackers' }).locator('tbody tr').first()).toBeVisible();
    await page.screenshot({ path: `/tmp/desktop-look-${theme}-trackers.png` });
    await page.getByRole('table', { name: 'Trackers' }).locator('td.col-label a').first().click();
    await expect(page.getByRole('heading', { name: 'Tracker', level: 2 })).toBeVisible();
    expect(await violations(page), 'tracker card').toEqual([]);
    await page.screenshot({ path: `/tmp/desktop-look-${theme}-card.png` });
  });
}

test('System follows the system setting, and a pick is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('system');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  // The body really is dark, not only the attribute.
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor || getComputedStyle(document.documentElement).backgroundColor);
  expect(background).not.toBe('rgb(244, 246, 249)');
});
