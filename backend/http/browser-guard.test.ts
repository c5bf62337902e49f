import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { ADMIN_PASSWORD, openTestBackend, type TestBackend } from '../test-support/harness.js';
import { attachConsoleSocket } from './console-socket.js';
import { createRequestGuard, parseHostEntry } from './host-origin.js';
import { startHttpApi, type HttpApi } from './server.js';

interface RawReply {
  status: number;
  text: string;
  body: Record<string, any> | undefined;
}

/** One request with exactly these headers (fetch would not let a test set Host). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers ?? {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let body: Record<string, any> | undefined;
        try {
          body = JSON.parse(text) as Record<string, any>;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('request guard (unit)', () => {
  it('accepts loopback names and the bound address with the port, and allowed names', () => {
    const guard = createRequestGuard({ scheme: 'http', boundHost: '192.0.2.7', port: 8383, allowedHosts: ['console.example.com', 'proxy.example:9443'] });
    for (const host of [
      'localhost:8383',
      '127.0.0.1:8383',
      '[::1]:8383',
      '192.0.2.7:8383',
      'console.example.com:8383',
      'console.example.com',
      'proxy.example:9443',
    ]) {
      expect(guard.hosts.has(host), host).toBe(true);
    }
    for (const host of ['localhost', '127.0.0.1:8384', 'evil.example:8383', 'proxy.example', '192.0.2.8:8383']) expect(guard.hosts.has(host), host).toBe(false);
  });

  it("a server bound to 0.0.0.0 answers for the machine's own addresses", () => {
    const guard = createRequestGuard({ scheme: 'https', boundHost: '0.0.0.0', port: 443, interfaceAddresses: () => ['10.1.2.3', 'fe80::1'] });
    expect([...guard.hosts]).toEqual(expect.arrayContaining(['10.1.2.3:443', '10.1.2.3', '[fe80::1]:443', 'localhost']));
    expect(guard.hosts.has('0.0.0.0:443')).toBe(false);
  });

  it('parses host entries and refuses what is not one', () => {
    expect(parseHostEntry('Example.COM:8080')).toEqual({ host: 'example.com', port: 8080 });
    expect(parseHostEntry('::1')).toEqual({ host: '[::1]' });
    expect(parseHostEntry('[::1]:9')).toEqual({ host: '[::1]', port: 9 });
    for (const bad of ['', 'http://x', 'a b', 'x:0', 'x:70000', '[nothex]']) expect(parseHostEntry(bad), bad).toBeUndefined();
    expect(() => createRequestGuard({ scheme: 'http', boundHost: '127.0.0.1', port: 1, allowedHosts: ['bad host'] })).toThrow(/--api-allowed-host/);
  });

  it('costs well under 0.1 ms per request', () => {
    const guard = createRequestGuard({ scheme: 'http', boundHost: '127.0.0.1', port: 8383 });
    const req = { headers: { host: '127.0.0.1:8383', origin: 'http://127.0.0.1:8383', 'sec-fetch-site': 'same-origin' } } as never;
    const n = 20_000;
    const started = performance.now();
    for (let i = 0; i < n; i++) guard.check(req, 'api');
    expect((performance.now() - started) / n).toBeLessThan(0.1);
  });
});

describe('browser-facing hardening over HTTP', () => {
  let t: TestBackend;
  let http: HttpApi;
  let detach: () => void;
  let port: number;
  let dispatched: string[];
  beforeEach(async () => {
    t = await openTestBackend();
    http = await startHttpApi(t.backend, '127.0.0.1', 0, { allowedHosts: ['console.example.com'] });
    detach = attachConsoleSocket(http.server, t.backend, http.guard);
    port = Number(new URL(http.url).port);
    dispatched = [];
    const dispatch = t.backend.dispatch.bind(t.backend);
    vi.spyOn(t.backend, 'dispatch').mockImplementation((req) => {
      dispatched.push(req.path);
      return dispatch(req);
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    detach();
    await http.close();
    await t.close();
  });

  const api = (path: string) => `${http.url}/v2/panel/${path}`;
  const jsonHeaders = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', ...extra });
  const wrongLogin = JSON.stringify({ login: 'admin', password: 'guess' });

  it('a Host that is not this server (DNS rebinding: evil.example:<port>) → 421 before any method runs, on the API and the UI', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example:8383', `localhost:${port + 1}`, 'localhost']) {
      const r = await raw(api('account/auth'), { headers: jsonHeaders({ host }), body: wrongLogin });
      expect(r.status, host).toBe(421);
      expect(r.body, host).toMatchObject({ success: false, status: { code: 11 } });
      expect(r.body!.status.description).toContain('Misdirected');
    }
    expect((await raw(`${http.url}/`, { method: 'GET', headers: { host: `evil.example:${port}` } })).status).toBe(421);
    expect(dispatched).toEqual([]);
  });

  it('localhost, 127.0.0.1, [::1] with the port and an --api-allowed-host name are served', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `console.example.com:${port}`, 'console.example.com']) {
      const r = await raw(api('account/get_permissions'), { headers: jsonHeaders({ host }), body: JSON.stringify({ hash: t.adminHash }) });
      expect(r.status, host).toBe(200);
    }
    expect(dispatched).toHaveLength(5);
  });

  it('a foreign Origin on a JSON or form POST → 403; the own origin and no Origin (curl) are served', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, `http://127.0.0.1:${port + 1}`, 'null', `https://localhost:${port}x`]) {
      const json = await raw(api('account/auth'), { headers: jsonHeaders({ origin }), body: wrongLogin });
      expect(json.status, origin).toBe(403);
      expect(json.body!.status.description, origin).toContain('Cross-origin');
      const form = await raw(api('account/auth'), {
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'login=admin&password=guess',
      });
      expect(form.status, origin).toBe(403);
    }
    expect(dispatched).toEqual([]);
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `https://console.example.com`, undefined]) {
      const r = await raw(api('account/get_permissions'), { headers: jsonHeaders(origin ? { origin } : {}), body: JSON.stringify({ hash: t.adminHash }) });
      expect(r.status, origin).toBe(200);
    }
    const form = await raw(api('account/get_permissions'), { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `hash=${t.adminHash}` });
    expect(form.body).toMatchObject({ success: true });
  });

  it('Sec-Fetch-Site cross-site or same-site (another port) → 403, even on GET; same-origin and none are served', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const r = await raw(`${api('account/auth')}?login=admin&password=guess`, { method: 'GET', headers: { 'sec-fetch-site': site } });
      expect(r.status, site).toBe(403);
    }
    expect(dispatched).toEqual([]);
    for (const site of ['same-origin', 'none']) {
      const r = await raw(`${api('account/get_permissions')}?hash=${t.adminHash}`, { method: 'GET', headers: { 'sec-fetch-site': site } });
      expect(r.status, site).toBe(200);
    }
  });

  it('a text/plain or untyped body is never read as parameters (5, no method runs)', async () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', '', 'multipart/form-data; boundary=x']) {
      const r = await raw(api('account/auth'), { headers: type ? { 'content-type': type } : {}, body: 'login=admin&password=guess' });
      expect(r.status, type).toBe(400);
      expect(r.body, type).toMatchObject({ success: false, status: { code: 5 } });
    }
    expect(dispatched).toEqual([]);
  });

  it('refused guesses never count against the login throttle: the admin still signs in', async () => {
    const attempts = [
      () => raw(api('account/auth'), { headers: jsonHeaders({ origin: 'http://evil.example' }), body: wrongLogin }),
      () => raw(api('account/auth'), { headers: { 'content-type': 'text/plain' }, body: 'login=admin&password=guess' }),
      () => raw(api('account/auth'), { headers: jsonHeaders({ host: `evil.example:${port}` }), body: wrongLogin }),
      () => raw(`${api('account/auth')}?login=admin&password=guess`, { method: 'GET', headers: { 'sec-fetch-site': 'cross-site' } }),
    ];
    for (let i = 0; i < 5; i++) for (const attempt of attempts) expect((await attempt()).status).not.toBe(200);
    expect(dispatched).toEqual([]);
    const ok = await raw(api('account/auth'), { headers: jsonHeaders(), body: JSON.stringify({ login: 'admin', password: ADMIN_PASSWORD }) });
    expect(ok.body).toMatchObject({ success: true });
  });

  it('/console upgrade: a foreign Origin → 403 and a rebound Host → 421 before the key is checked; the own origin connects', async () => {
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'T', type: 'monthly', price: 1, device_limit: 10 } })).id;
    const user = (await t.ok('user/create', { user: { login: 'ws@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    const trackerId = (await t.ok('tracker/register', { user_id: user, label: 'Van', model: 'telfmb920', device_id: '356307042441013', tariff_id: tariff })).id;
    const { key, timestamp } = await t.ok('tracker/console/connect', { tracker_id: trackerId });
    const url = `${http.url.replace('http', 'ws')}/console?device=${trackerId}&key=${key}&timestamp=${timestamp}&dealer_id=1`;
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url, { headers });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('error', (error) => (/Unexpected server response/.test(error.message) ? undefined : reject(error)));
      });
    expect(await status({ origin: 'http://evil.example' })).toBe(403);
    expect(await status({ origin: 'null' })).toBe(403);
    expect(await status({ host: `evil.example:${port}` })).toBe(421);
    expect(await status({ origin: http.url })).toBe(101);
    expect(await status({})).toBe(101);
  });
});
