import type { Page } from '@playwright/test';
import { ADMIN_PASSWORD } from './support/seed.js';
import { expect, signIn, test } from './fixtures.js';

/** Picks a language in the top bar's (or sign-in screen's) picker. */
async function pick(page: Page, label: string | RegExp, code: string) {
  await page.getByRole('combobox', { name: label }).selectOption(code);
  await expect(page.locator('html')).toHaveAttribute('lang', code);
}

test('Arabic lays the console out right to left, and the choice is remembered', async ({ page, adminApi }) => {
  await signIn(page);
  await pick(page, 'Language', 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: 'أجهزة التتبع', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'الأقسام' }).getByRole('link', { name: 'المستخدمون' })).toBeVisible();
  const table = page.getByRole('table', { name: 'أجهزة التتبع' });
  await expect(table.getByRole('button', { name: 'الترتيب حسب الاسم' })).toBeVisible();

  // Right to left for real: the brand is at the right edge, the first column right of the second,
  // and nothing spills sideways.
  const brand = (await page.locator('.topbar .brand').boundingBox())!;
  const signOut = (await page.getByRole('button', { name: 'تسجيل الخروج' }).boundingBox())!;
  expect(brand.x).toBeGreaterThan(signOut.x);
  const idHeader = (await table.getByRole('columnheader', { name: 'المعرّف' }).boundingBox())!;
  const labelHeader = (await table.getByRole('columnheader', { name: 'الاسم' }).boundingBox())!;
  expect(idHeader.x).toBeGreaterThan(labelHeader.x);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

  // Counts in the language's own words around them.
  const total = (await adminApi.call('tracker/list', { limit: 1 })).count as number;
  await expect(page.getByRole('navigation', { name: 'الصفحات' }).getByRole('status')).toContainText('من');
  expect(total).toBeGreaterThan(50);
  await page.screenshot({ path: '/tmp/desktop-look-rtl-trackers.png' });

  // The card: field names, yes/no and dates in Arabic.
  await table.locator('td.col-label a').first().click();
  await expect(page.getByRole('heading', { name: 'جهاز التتبع', level: 2 })).toBeVisible();
  await expect(page.getByText('معرّف جهاز التتبع')).toBeVisible();
  await page.screenshot({ path: '/tmp/desktop-look-rtl-card.png' });

  // Remembered on this computer: a reload keeps Arabic.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: 'جهاز التتبع', level: 2 })).toBeVisible();
  await pick(page, 'اللغة', 'en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('heading', { name: 'Tracker', level: 2 })).toBeVisible();
});

test('each language names the screens, formats numbers and puts server errors in its words', async ({ page }) => {
  await page.goto('/');
  const cases = [
    { code: 'es', title: 'Rastreadores', refused: 'Distribuidor no encontrado', of: ' de ' },
    { code: 'pt-BR', title: 'Rastreadores', refused: 'Revendedor não encontrado', of: ' de ' },
    { code: 'ru', title: 'Трекеры', refused: 'Дилер не найден', of: ' из ' },
    { code: 'tr', title: 'Takip cihazları', refused: 'Bayi bulunamadı', of: ' / ' },
    { code: 'ar', title: 'أجهزة التتبع', refused: 'الوكيل غير موجود', of: ' من ' },
  ];
  for (const c of cases) {
    await page.evaluate((code) => localStorage.setItem('dealer-console.language', code), c.code);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', c.code);
    const form = page.locator('form.login-form');
    await form.locator('#login').fill('admin');
    // A wrong password answers 12 (dealer not found), as the panel API does.
    await form.locator('#password').fill('not the password');
    await form.locator('button[type=submit]').click();
    await expect(page.getByRole('alert')).toHaveText(c.refused);
    await form.locator('#password').fill(ADMIN_PASSWORD);
    await form.locator('button[type=submit]').click();
    await expect(page.getByRole('heading', { name: c.title, level: 1 })).toBeVisible();
    await expect(page.locator('.pager [role=status]')).toContainText(c.of);
    await page.locator('.topbar > button').last().click(); // sign out
    await expect(form).toBeVisible();
  }
  await page.evaluate(() => localStorage.removeItem('dealer-console.language'));
});
