import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../playwright.config.js';
import { startServer } from './global-setup.js';
import { PanelApi } from './support/api.js';
import { ADMIN_PASSWORD } from './support/seed.js';

/*
 * Issue 9 rule 2 in a real browser: a page on another origin, in the dealer's Chromium, tries to
 * drive the loopback API. The browser maps evil.example to 127.0.0.1, as a DNS-rebinding attacker's
 * name would resolve; the foreign page itself is served by a second local HTTP server on another port.
 */

test.describe('a foreign page in the browser cannot drive the API', () => {
  let server: { origin: string; child: ChildProcess };
  let dataDir: string;
  let foreign: Server;
  let foreignOrigin: string;
  let browser: Browser;
  let page: Page;
  let apiPort: string;
  let consoleTarget: { trackerId: number; key: string; timestamp: number };

  test.beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dealer-console-e2e-origin-'));
    server = await startServer(dataDir);
    apiPort = new URL(server.origin).port;
    const api = new PanelApi(server.origin);
    await api.login('admin', ADMIN_PASSWORD);
    const tariff = (await api.call('tariff/create', { tariff: { name: 'Origin plan', type: 'monthly', price: 5, device_limit: 10 } })).id as number;
    const user = (await api.call('user/create', { user: { login: 'origin@example.com', legal_type: 'individual', first_name: 'Olga' }, password: 'secret1' }))
      .id as number;
    const trackerId = (
      await api.call('tracker/register', { user_id: user, label: 'Origin van', model: 'telfmb920', device_id: '356307042441013', tariff_id: tariff })
    ).id as number;
    const key = await api.call('tracker/console/connect', { tracker_id: trackerId });
    consoleTarget = { trackerId, key: key.key as string, timestamp: key.timestamp as number };
    await api.call('staff/create', { login: 'imgvictim', password: 'imgvictim-password', permissions: { trackers: ['read'] } });

    foreign = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Totally harmless page</title><h1>Hello</h1>');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    foreignOrigin = `http://evil.example:${(foreign.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, '--host-resolver-rules=MAP evil.example 127.0.0.1'] });
    page = await browser.newPage();
    await page.goto(`${foreignOrigin}/`);
    await expect(page.getByRole('heading', { name: 'Hello' })).toBeVisible();
  });

  test.afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (foreign ? foreign.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => {
      if (!server || server.child.exitCode !== null) return resolve();
      server.child.once('exit', () => resolve());
      server.child.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
  });

  const authUrl = () => `${server.origin}/v2/panel/account/auth`;

  test('fetch POST account/auth with a text/plain body (no preflight) is refused 403', async () => {
    for (let i = 0; i < 3; i++) {
      const answered = page.waitForResponse((r) => r.url() === authUrl() && r.request().method() === 'POST');
      await page.evaluate((url) => void fetch(url, { method: 'POST', mode: 'no-cors', body: 'login=admin&password=guess' }).catch(() => {}), authUrl());
      expect((await answered).status()).toBe(403);
    }
  });

  test('fetch POST account/auth with JSON: the preflight is refused and the browser never sends the POST', async () => {
    for (let i = 0; i < 3; i++) {
      const outcome = await page.evaluate(
        (url) =>
          fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'guess' }) }).then(
            (r) => `answered ${r.status}`,
            (error: Error) => `failed: ${error.name}`,
          ),
        authUrl(),
      );
      expect(outcome).toBe('failed: TypeError');
    }
  });

  test('a form post to account/auth is refused 403 and shows no method answer', async () => {
    // Five: as many as the login throttle allows, so the last test would fail had they counted
    // (every post is made before the answers are judged).
    const answers: { status: number; text: string }[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`${foreignOrigin}/`);
      await page.evaluate((url) => {
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = url;
        for (const [name, value] of [
          ['login', 'admin'],
          ['password', 'guess'],
        ]) {
          const input = document.createElement('input');
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      }, authUrl());
      const answer = await page.waitForResponse((r) => r.url() === authUrl());
      await page.waitForURL(authUrl());
      answers.push({ status: answer.status(), text: await page.locator('body').innerText() });
    }
    // Had they reached account/auth, this sixth attempt from the same address would answer 15.
    await new PanelApi(server.origin).login('admin', ADMIN_PASSWORD);
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.text).toContain('Cross-origin request refused');
    }
    await page.goto(`${foreignOrigin}/`);
  });

  test('<img> GETs of account/auth?login=…&password=… are refused (Sec-Fetch-Site: cross-site): the victim is not throttled', async () => {
    // The browser hides the answer from the page (ORB blocks a JSON reply to <img>): the proof is
    // that eight wrong guesses for one login did not reach the method, so its owner still signs in.
    const failures: string[] = [];
    const onFailed = (r: { url(): string }) => void (r.url().startsWith(authUrl()) && failures.push(r.url()));
    page.on('requestfailed', onFailed);
    await page.evaluate((url) => {
      for (let i = 0; i < 8; i++) new Image().src = `${url}?login=imgvictim&password=guess${i}`;
    }, authUrl());
    await expect.poll(() => failures.length).toBe(8);
    page.off('requestfailed', onFailed);
    const victim = new PanelApi(server.origin);
    expect((await victim.raw('account/auth', { login: 'imgvictim', password: 'wrong' }, '')).status?.code).toBe(12);
    await victim.login('imgvictim', 'imgvictim-password');
  });

  test('a WebSocket to /console with a valid key never opens from the foreign page, and does from the app', async () => {
    const wsUrl = `${server.origin.replace('http', 'ws')}/console?device=${consoleTarget.trackerId}&key=${consoleTarget.key}&timestamp=${consoleTarget.timestamp}&dealer_id=1`;
    const tryOpen = (p: Page) =>
      p.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(url);
            ws.onopen = () => {
              ws.close();
              resolve('open');
            };
            ws.onclose = (event) => resolve(`closed ${event.code}`);
          }),
        wsUrl,
      );
    expect(await tryOpen(page)).toBe('closed 1006');
    // The same key from the server's own origin (the console UI's page) connects.
    const own = await browser.newPage();
    await own.goto(`${server.origin}/`);
    expect(await tryOpen(own)).toBe('open');
    await own.close();
  });

  test('DNS rebinding: the API reached as evil.example:<port> answers 421 to the page and to its own-origin fetch', async () => {
    const rebound = await browser.newPage();
    const response = await rebound.goto(`http://evil.example:${apiPort}/`);
    expect(response?.status()).toBe(421);
    const read = await rebound.evaluate(() =>
      fetch('/v2/panel/account/auth', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'admin', password: 'guess' }),
      }).then((r) => r.status),
    );
    expect(read).toBe(421);
    await rebound.close();
  });

  test('after all of that the administrator is not throttled: the real login works in the UI', async () => {
    const own = await browser.newPage();
    await own.goto(`${server.origin}/`);
    await own.getByLabel('Login').fill('admin');
    await own.getByLabel('Password').fill(ADMIN_PASSWORD);
    await own.getByRole('button', { name: 'Sign in' }).click();
    await expect(own.getByRole('heading', { name: 'Trackers', level: 1 })).toBeVisible();
    await own.close();
  });
});
