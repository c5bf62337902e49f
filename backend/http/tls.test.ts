import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serveBackend } from '../serve.js';
import { ADMIN_PASSWORD } from '../test-support/harness.js';
import { makeSelfSignedCert } from './test-support/tls-cert.js';
import { checkApiExposure, isLoopbackHost, loadTlsFiles, ServeConfigError } from './tls.js';
import { onlyDevicePorts } from '../devices/test-support/device-ports.js';

const quiet = { info: () => {}, error: () => {} };

describe('API exposure rules', () => {
  it('tells loopback from the rest', () => {
    for (const host of ['127.0.0.1', '127.5.0.1', 'localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com', '10.0.0.1', '::2']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('beyond loopback: TLS, or --insecure-http with a warning, else a refusal naming the flags', () => {
    expect(checkApiExposure('127.0.0.1', undefined, false)).toBeUndefined();
    expect(checkApiExposure('0.0.0.0', { cert: 'c', key: 'k' }, false)).toBeUndefined();
    expect(checkApiExposure('0.0.0.0', undefined, true)).toMatch(/^warning: .*plain HTTP on 0\.0\.0\.0/);
    expect(() => checkApiExposure('0.0.0.0', undefined, false)).toThrow(ServeConfigError);
    expect(() => checkApiExposure('192.168.1.10', undefined, false)).toThrow(/--tls-cert and --tls-key .*--insecure-http.*--device-host/);
  });

  it('reads a PEM pair and refuses half a pair, a missing file or a key of another certificate', () => {
    const a = makeSelfSignedCert();
    const b = makeSelfSignedCert();
    try {
      expect(loadTlsFiles(undefined, undefined)).toBeUndefined();
      expect(loadTlsFiles(a.certPath, a.keyPath)).toEqual({ cert: a.cert, key: a.key });
      expect(() => loadTlsFiles(a.certPath, undefined)).toThrow(/go together/);
      expect(() => loadTlsFiles(join(a.dir, 'missing.pem'), a.keyPath)).toThrow(/cannot read the TLS certificate/);
      expect(() => loadTlsFiles(a.certPath, b.keyPath)).toThrow(/not a usable PEM pair/);
    } finally {
      rmSync(a.dir, { recursive: true, force: true });
      rmSync(b.dir, { recursive: true, force: true });
    }
  });

  it('serveBackend refuses a non-loopback API without TLS before it creates anything in the data folder', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dealer-console-exposure-')), 'data');
    await expect(
      serveBackend({
        dataDir: dir,
        apiHost: '0.0.0.0',
        apiPort: 0,
        devicePorts: onlyDevicePorts(),
        log: quiet,
      }),
    ).rejects.toThrow(ServeConfigError);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});

describe('the API, UI and console over HTTPS', () => {
  let cert: ReturnType<typeof makeSelfSignedCert>;
  let running: Awaited<ReturnType<typeof serveBackend>>;
  let dataDir: string;
  beforeAll(async () => {
    cert = makeSelfSignedCert();
    dataDir = mkdtempSync(join(tmpdir(), 'dealer-console-https-'));
    writeFileSync(join(cert.dir, 'index.html'), '<!doctype html><title>ui</title>');
    const { createStaticRenderer } = await import('./static-renderer.js');
    running = await serveBackend({
      dataDir,
      apiHost: '127.0.0.1',
      apiPort: 0,
      devicePorts: onlyDevicePorts(),
      tls: { cert: cert.cert, key: cert.key },
      adminPassword: ADMIN_PASSWORD,
      log: quiet,
      fallback: () => createStaticRenderer(cert.dir),
    });
  });
  afterAll(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(cert.dir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(
        `${running.http.url}${path}`,
        { method: 'POST', ca: cert.cert, servername: 'localhost', headers: { 'content-type': 'application/json', ...headers } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });

  it('answers https://, with the same Host and Origin checks', async () => {
    expect(running.http.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const auth = await post('/v2/panel/account/auth', { login: 'admin', password: ADMIN_PASSWORD });
    expect(auth.body).toMatchObject({ success: true });
    expect((await post('/v2/panel/account/auth', { login: 'admin', password: 'x' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/v2/panel/account/auth', { login: 'admin', password: 'x' }, { host: 'evil.example' })).status).toBe(421);
    // The own https origin passes (the UI's fetch sends it).
    const own = await post('/v2/panel/account/get_permissions', { hash: auth.body.hash }, { origin: running.http.url });
    expect(own.status).toBe(200);
  });

  it('serves the console WebSocket over wss:// (refusing a foreign Origin at the upgrade)', async () => {
    const url = `${running.http.url.replace('https', 'wss')}/console?device=1&key=x&timestamp=1&dealer_id=1`;
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url, { ca: cert.cert, headers });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', (error) => (/Unexpected server response/.test(error.message) ? undefined : reject(error)));
      });
    expect(await status({ origin: 'https://evil.example' })).toBe(403);
    expect(await status({ host: 'evil.example' })).toBe(421);
    // With a real key the own origin gets its console over wss://.
    const hash = (await post('/v2/panel/account/auth', { login: 'admin', password: ADMIN_PASSWORD })).body.hash as string;
    const ok = async (path: string, params: Record<string, unknown>) => {
      const r = await post(`/v2/panel/${path}`, { ...params, hash });
      expect(r.body, path).toMatchObject({ success: true });
      return r.body;
    };
    const tariff = (await ok('tariff/create', { tariff: { name: 'T', type: 'monthly', price: 1, device_limit: 10 } })).id;
    const user = (await ok('user/create', { user: { login: 'tls@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    const trackerId = (await ok('tracker/register', { user_id: user, label: 'Van', model: 'telfmb920', device_id: '356307042441013', tariff_id: tariff })).id;
    const { key, timestamp } = await ok('tracker/console/connect', { tracker_id: trackerId });
    const ws = new WebSocket(`${running.http.url.replace('https', 'wss')}/console?device=${trackerId}&key=${key}&timestamp=${timestamp}&dealer_id=1`, {
      ca: cert.cert,
      headers: { origin: running.http.url },
    });
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (data) => resolve(data.toString()));
      ws.once('error', reject);
    });
    expect(JSON.parse(first)).toMatchObject({ type: 'output', msg: expect.stringContaining(`console of tracker ${trackerId}`) });
    ws.close();
  });
});
