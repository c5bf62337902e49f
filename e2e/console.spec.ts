import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { startServer } from './global-setup.js';
import { PanelApi } from './support/api.js';
import { ADMIN_PASSWORD } from './support/seed.js';
import { startSimulator, type SimulatorHandle } from '../backend/devices/simulator/simulator.js';
import { imeiSequence } from '../backend/devices/simulator/imei.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

test.describe('live console with a simulated device', () => {
  let server: { origin: string; child: ChildProcess };
  let dataDir: string;
  let simulator: SimulatorHandle;
  let trackerId: number;

  test.beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dealer-console-e2e-console-'));
    const teltonikaPort = await freePort();
    server = await startServer(dataDir, {}, [
      '--teltonika-port',
      String(teltonikaPort),
      '--gt06-port',
      '0',
      '--h02-port',
      '0',
      '--jt808-port',
      '0',
      '--ruptela-port',
      '0',
      '--suntech-port',
      '0',
      '--queclink-port',
      '0',
      '--gps103-port',
      '0',
      '--wialon-port',
      '0',
    ]);
    const api = new PanelApi(server.origin);
    await api.login('admin', ADMIN_PASSWORD);
    const [imei] = imeiSequence('356307042449990', 1);
    const tariff = (await api.call('tariff/create', { tariff: { name: 'Console plan', type: 'monthly', price: 5, device_limit: 10 } })).id;
    const user = (await api.call('user/create', { user: { login: 'console@example.com', legal_type: 'individual', first_name: 'Cora' }, password: 'secret1' }))
      .id;
    trackerId = (await api.call('tracker/register', { user_id: user, label: 'Console van', model: 'telfmb920', device_id: imei, tariff_id: tariff })).id;
    simulator = startSimulator({ protocol: 'teltonika', devices: 1, rate: 2, port: teltonikaPort, imeiStart: imei, statsIntervalMs: 0, rampUpMs: 0 });
  });

  test.afterAll(async () => {
    await simulator?.stop();
    await new Promise<void>((resolve) => {
      if (!server || server.child.exitCode !== null) return resolve();
      server.child.once('exit', () => resolve());
      server.child.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a status frame appears, and a typed command reaches the device and its reply is shown', async ({ page }) => {
    await page.goto(`${server.origin}/`);
    await page.getByLabel('Login').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Trackers', level: 1 })).toBeVisible();
    await page.goto(`${server.origin}/#/trackers/${trackerId}`);
    await page.getByRole('button', { name: 'Console' }).click();
    await expect(page.getByRole('heading', { name: /Air console for tracker Console van/ })).toBeVisible();
    // Decoded status from the simulated device fills the grid.
    const status = page.locator('.status-grid');
    await expect(status.getByRole('rowheader', { name: 'Latitude' })).toBeVisible({ timeout: 15_000 });
    await expect(status.getByRole('rowheader', { name: 'Satellites' })).toBeVisible();
    // A command typed in the console goes to the device; the firmware's reply comes back.
    await page.getByLabel('Command', { exact: true }).fill('getver');
    await page.getByRole('button', { name: 'Send command' }).click();
    await expect(page.locator('.console-terminal')).toContainText('Ver:03.28.07', { timeout: 15_000 });
    const answered = simulator.stats().commands.answered;
    expect(answered).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: 'test-results/console-live.png' });
  });
});
