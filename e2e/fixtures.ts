import { test as base, expect, type Page } from '@playwright/test';
import { PanelApi } from './support/api.js';
import { ADMIN_PASSWORD, STAFF_LOGIN, STAFF_PASSWORD, type SeedInfo } from './support/seed.js';

export function seedInfo(): SeedInfo {
  const text = process.env.DEALER_CONSOLE_E2E;
  if (!text) throw new Error('DEALER_CONSOLE_E2E is not set: run through playwright test (global setup)');
  return JSON.parse(text) as SeedInfo;
}

export const test = base.extend<{ seed: SeedInfo; adminApi: PanelApi }>({
  // The server's port is only known after global setup.
  baseURL: async ({}, use) => use(seedInfo().origin),
  seed: async ({}, use) => use(seedInfo()),
  adminApi: async ({}, use) => {
    const api = new PanelApi(seedInfo().origin);
    await api.login('admin', ADMIN_PASSWORD);
    await use(api);
  },
});

export { expect };

export async function signIn(page: Page, login = 'admin', password = ADMIN_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Trackers', level: 1 })).toBeVisible();
}

export const signInAsStaff = (page: Page) => signIn(page, STAFF_LOGIN, STAFF_PASSWORD);

/** The table's data rows. */
export function trackerRows(page: Page) {
  return page.getByRole('table', { name: 'Trackers' }).locator('tbody tr');
}

/** Types into the search box and waits until the table shows the rows for it (after the debounce). */
export async function search(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search trackers' }).fill(text);
  await expect(page.locator('.table-wrap[data-filter]')).toHaveAttribute('data-filter', text.trim());
  await expect(page.getByRole('table', { name: 'Trackers' })).toHaveAttribute('aria-busy', 'false');
}
