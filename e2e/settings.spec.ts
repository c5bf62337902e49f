import { expect, search, seedInfo, signIn, test } from './fixtures.js';
import { PanelApi } from './support/api.js';
import { ADMIN_PASSWORD } from './support/seed.js';

// The e2e server listens on 127.0.0.1 without --public-host: no address devices can reach is known.
test.afterAll(async () => {
  const api = new PanelApi(seedInfo().origin);
  await api.login('admin', ADMIN_PASSWORD);
  await api.call('settings/device_gateway/update', { public_host: null });
});

test('Retry activation without a public host names it and links to Settings', async ({ page, adminApi }) => {
  const models = (await adminApi.call('tracker/list_models')).list as { code: string; protocol: string; has_gsm: boolean }[];
  const device = new Set(models.filter((m) => m.has_gsm && ['teltonika', 'gt06', 'h02'].includes(m.protocol)).map((m) => m.code));
  const trackers = (await adminApi.call('tracker/list', { limit: 100 })).list as {
    label: string;
    clone: boolean;
    source: { model: string; blocked: boolean; corrupted?: boolean };
  }[];
  // From the end of the list: the trackers other tests change are at its start.
  const target = trackers.filter((t) => !t.clone && !t.source.blocked && !t.source.corrupted && device.has(t.source.model)).at(-1)!;
  expect(target).toBeDefined();

  await signIn(page);
  await search(page, target.label);
  await page.getByRole('link', { name: `Open tracker ${target.label}`, exact: true }).click();
  await page.getByRole('button', { name: 'Retry activation' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Retry activation failed' });
  await expect(alert).toContainText('No address devices can reach is known');
  await alert.getByRole('link', { name: 'Set the public address for devices in Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/#\/settings$/);
});

test('sets the public address for devices, refusing loopback, and keeps it over a reload', async ({ page, adminApi }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('No address devices can reach is known');

  const field = page.getByRole('textbox', { name: 'Public address for devices' });
  await field.fill('127.0.0.1');
  await field.press('Enter');
  await expect(page.locator('.field-problem')).toHaveText('Must not be a loopback address: devices could never reach it');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: 'test-results/settings-screen-refused.png', fullPage: true });
  expect((await adminApi.call('settings/device_gateway/read')).settings.public_host).toBeNull();

  await field.fill('gps.example.com');
  await expect(page.locator('.field-problem')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved: gps.example.com.' })).toBeVisible();
  expect((await adminApi.call('settings/device_gateway/read')).settings).toMatchObject({ public_host: 'gps.example.com', effective_source: 'setting' });

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(field).toHaveValue('gps.example.com');
  const told = page.getByRole('region', { name: 'What devices are told now' });
  await expect(told).toContainText('gps.example.com');
  await expect(told).toContainText('this setting');
  // The e2e server runs with every device port off.
  await expect(page.getByRole('table', { name: 'Device ports' }).getByRole('row', { name: /Teltonika/ })).toContainText('Not listening');
  await page.screenshot({ path: 'test-results/settings-screen.png', fullPage: true });

  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The public address was cleared.' })).toBeVisible();
  await expect(field).toHaveValue('');
  await expect(page.getByRole('note')).toContainText('No address devices can reach is known');
});
