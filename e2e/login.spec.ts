import { PanelApi } from './support/api.js';
import { expect, signIn, test, trackerRows } from './fixtures.js';

test('a wrong password is refused in words', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Login').fill('admin');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Dealer not found');
  await expect(page.getByRole('alert')).not.toContainText('{');
});

test('sign in shows the trackers table; sign out returns to the login', async ({ page, seed }) => {
  await signIn(page);
  await expect(trackerRows(page)).toHaveCount(50);
  // The server is shared by every spec (some register trackers): the total from the API now.
  const hash = await page.evaluate(() => JSON.parse(sessionStorage.getItem('dealer-console.session')!).hash as string);
  const total = ((await new PanelApi(seed.origin).call('tracker/list', {}, hash)) as unknown as { list: unknown[] }).list.length;
  await expect(page.getByRole('status').filter({ hasText: ` of ${total.toLocaleString('en-US')}` })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  // The session is really gone: a reload stays on the login.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('an ended session (code 4) returns to the login with a notice', async ({ page, seed }) => {
  await signIn(page);
  const hash = await page.evaluate(() => JSON.parse(sessionStorage.getItem('dealer-console.session')!).hash as string);
  // Once the UI is idle (its lookups after sign-in may still be loading under load), end the
  // session behind its back, then make it call the API.
  await page.waitForLoadState('networkidle');
  await new PanelApi(seed.origin).call('account/logout', {}, hash);
  await page.getByRole('button', { name: 'Sort by Label' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText(/Your session has ended \(User not found or session ended\)/)).toBeVisible();
});
