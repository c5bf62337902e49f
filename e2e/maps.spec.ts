import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
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

// A stubbed tile server: the machine has no network, and e2e must not depend on one.
const TILE_HOST = 'https://tiles.e2e.invalid';
const TILE_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

test.describe('maps of last positions from simulated devices', () => {
  let server: { origin: string; child: ChildProcess };
  let dataDir: string;
  let simulator: SimulatorHandle;
  const labels = ['Map van 1', 'Map van 2', 'Map van 3'];
  const ids: number[] = [];

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    dataDir = mkdtempSync(join(tmpdir(), 'dealer-console-e2e-maps-'));
    const teltonikaPort = await freePort();
    const others = [
      '--gt06-port',
      '--h02-port',
      '--jt808-port',
      '--ruptela-port',
      '--suntech-port',
      '--queclink-port',
      '--gps103-port',
      '--osmand-port',
    ].flatMap((flag) => [flag, '0']);
    server = await startServer(dataDir, {}, ['--teltonika-port', String(teltonikaPort), ...others]);
    const api = new PanelApi(server.origin);
    await api.login('admin', ADMIN_PASSWORD);
    const imeis = imeiSequence('356307042559990', labels.length);
    const tariff = (await api.call('tariff/create', { tariff: { name: 'Map plan', type: 'monthly', price: 5, device_limit: 10 } })).id;
    const user = (await api.call('user/create', { user: { login: 'maps@example.com', legal_type: 'individual', first_name: 'Mara' }, password: 'secret1' })).id;
    for (const [i, label] of labels.entries()) {
      ids.push((await api.call('tracker/register', { user_id: user, label, model: 'telfmb920', device_id: imeis[i], tariff_id: tariff })).id as number);
    }
    simulator = startSimulator({
      protocol: 'teltonika',
      devices: labels.length,
      rate: 2,
      port: teltonikaPort,
      imeiStart: imeis[0],
      statsIntervalMs: 0,
      rampUpMs: 0,
    });
    // Wait until every device has reported a position.
    await expect
      .poll(
        async () => {
          let located = 0;
          for (const id of ids) {
            const body = await api.raw('tracker/get_state', { tracker_id: id });
            if ((body as { state?: { gps: { location: unknown } } }).state?.gps.location) located++;
          }
          return located;
        },
        { timeout: 30_000 },
      )
      .toBe(labels.length);
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

  async function signIn(page: Page) {
    await page.goto(`${server.origin}/`);
    await page.getByLabel('Login').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Trackers', level: 1 })).toBeVisible();
  }

  /** Markers plus the trackers inside clusters. */
  async function trackersOnMap(page: Page, region: ReturnType<Page['getByRole']>): Promise<number> {
    const markers = await region.locator('.map-marker').count();
    const clusters = await region.locator('.map-cluster span').allTextContents();
    return markers + clusters.reduce((sum, n) => sum + Number(n), 0);
  }

  test('the fleet map shows the filtered trackers without a tile server; a popup opens the card and its map', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await signIn(page);
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    const region = page.getByRole('region', { name: 'Map of tracker positions' });
    await expect(region).toHaveAttribute('data-points', '3');
    await expect(region).toHaveAttribute('data-tiles', 'off');
    await expect(page.getByText('No tile server is set: positions are drawn on a plain background.')).toBeVisible();
    await expect(page.getByText('Positions of 3 of the 3 trackers on this page.')).toBeVisible();
    await expect.poll(() => trackersOnMap(page, region)).toBe(3);
    await page.screenshot({ path: '/tmp/desktop-look-map-light.png' });

    // The map follows the table's filter.
    await page.getByRole('searchbox', { name: 'Search trackers' }).fill('Map van 2');
    await expect(region).toHaveAttribute('data-points', '1');
    await expect.poll(() => trackersOnMap(page, region)).toBe(1);

    // A marker's popup names the tracker and opens its card, which has its own map.
    await region.getByRole('button', { name: 'Tracker Map van 2' }).click();
    const popup = page.locator('.leaflet-popup');
    await expect(popup).toContainText('Map van 2');
    await expect(popup).toContainText('Online');
    await popup.getByRole('link', { name: 'Open the tracker card' }).click();
    await expect(page.getByRole('heading', { name: 'Last position', level: 2 })).toBeVisible();
    const cardMap = page.locator('.positions-map[role=region][aria-label="Last position"]');
    await expect(cardMap).toHaveAttribute('data-points', '1');
    await expect(cardMap.locator('.map-marker')).toHaveCount(1);
    expect(errors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
  });

  test('tiles come from the configured server, with its attribution, inside the CSP; dark and RTL hold up', async ({ page }) => {
    const requested: string[] = [];
    await page.route(`${TILE_HOST}/**`, (route) => {
      requested.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: TILE_PNG });
    });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    await signIn(page);
    await page.goto(`${server.origin}/#/settings`);
    await page.getByLabel('Tile server URL').fill('ftp://nope/{z}');
    await expect(page.getByText('The address must start with http:// or https:// and contain {z}, {x} and {y}.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save map tiles' })).toBeDisabled();
    await page.getByLabel('Tile server URL').fill(`${TILE_HOST}/{z}/{x}/{y}.png`);
    await page.getByLabel('Attribution').fill('© E2E tile makers');
    await page.getByRole('button', { name: 'Save map tiles' }).click();
    await expect(page.getByText('Saved on this computer.')).toBeVisible();

    await page.goto(`${server.origin}/#/trackers`);
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    const region = page.getByRole('region', { name: 'Map of tracker positions' });
    await expect(region).toHaveAttribute('data-tiles', 'on');
    await expect(region.locator('img.leaflet-tile-loaded').first()).toBeVisible();
    expect(requested.length).toBeGreaterThan(0);
    expect(requested[0]).toMatch(new RegExp(`^${TILE_HOST}/\\d+/\\d+/\\d+\\.png$`));
    await expect(region.locator('.leaflet-control-attribution')).toContainText('© E2E tile makers');
    expect(violations).toEqual([]);

    // Dark theme and Arabic: the same map, mirrored controls, still three trackers.
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    const arRegion = page.getByRole('region', { name: 'خريطة مواقع أجهزة التتبع' });
    await expect(arRegion).toHaveAttribute('data-points', '3');
    await expect.poll(() => trackersOnMap(page, arRegion)).toBe(3);
    await page.screenshot({ path: '/tmp/desktop-look-map-dark-rtl.png' });
  });
});
