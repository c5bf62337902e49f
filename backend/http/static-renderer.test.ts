import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticRenderer, RENDERER_CSP } from './static-renderer.js';

let root: string;
let server: Server;
let port: number;
let builtServer: Server;

function get(path: string, method = 'GET', onPort = port): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    // A raw request line, so paths like /../ reach the server unnormalised.
    const req = request({ host: '127.0.0.1', port: onPort, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function serve(handler: ReturnType<typeof createStaticRenderer>): Promise<Server> {
  const s = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!handler(req, res, url)) {
      res.writeHead(418);
      res.end('api');
    }
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'static-renderer-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Dealer Console</title>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(root, '..', 'secret-outside.txt'), 'secret');
  server = await serve(createStaticRenderer(undefined));
  port = (server.address() as AddressInfo).port;
  builtServer = await serve(createStaticRenderer(root));
});

afterAll(() => {
  server.close();
  builtServer.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(join(root, '..', 'secret-outside.txt'), { force: true });
});

const built = (path: string, method = 'GET') => get(path, method, (builtServer.address() as AddressInfo).port);

describe('static renderer', () => {
  it('serves index.html at / with a strict CSP and no caching', async () => {
    const res = await built('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).toContain("object-src 'none'");
    // Map tiles: images from https origins only; scripts and connections stay on this origin.
    expect(RENDERER_CSP).toContain("img-src 'self' data: https:;");
    expect(RENDERER_CSP).not.toMatch(/img-src[^;]*(http:|\*)/);
    expect(RENDERER_CSP).toContain("connect-src 'self';");
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toContain('Dealer Console');
  });

  it('serves hashed assets with their content type, cached for good', async () => {
    const js = await built('/assets/index-abc123.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    const css = await built('/assets/index-abc123.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await built('/assets/index-abc123.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('falls back to index.html for client routes, 404 for missing files', async () => {
    const route = await built('/trackers/12');
    expect(route.status).toBe(200);
    expect(route.body).toContain('Dealer Console');
    expect((await built('/assets/missing.js')).status).toBe(404);
  });

  it('never leaves the folder', async () => {
    for (const path of ['/../secret-outside.txt', '/assets/../../secret-outside.txt', '/%2e%2e/secret-outside.txt', '/..%2fsecret-outside.txt', '/%00']) {
      const res = await built(path);
      expect(res.body, path).not.toContain('secret');
      expect([400, 404, 200]).toContain(res.status);
      if (res.status === 200) expect(res.body).toContain('Dealer Console');
    }
  });

  it('refuses other methods and leaves /console to the WebSocket endpoint', async () => {
    expect((await built('/', 'POST')).status).toBe(405);
    expect((await built('/console?device=1')).status).toBe(418);
  });

  it('when the UI is not built: says so at /, leaves other paths to the API', async () => {
    const res = await get('/');
    expect(res.status).toBe(503);
    expect(res.body).toContain('npm run build');
    expect((await get('/anything')).status).toBe(418);
  });
});
