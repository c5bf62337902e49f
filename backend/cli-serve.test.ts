import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSelfSignedCert } from './http/test-support/tls-cert.js';
import { cliSource as cli, spawnServe, type ServeProcess } from './test-support/serve-process.js';
import { devicePortArgs } from './devices/test-support/device-ports.js';

const noDevices = devicePortArgs();
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dealer-console-cli-serve-'));
  dirs.push(dir);
  return dir;
}

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, 'serve', '--data', tempDir(), ...args], { encoding: 'utf8', timeout: 30_000 });

/** Starts `serve` on a fresh data folder. */
const start = (args: string[]): Promise<ServeProcess> =>
  spawnServe(['--data', tempDir(), ...args], { env: { ...process.env, DEALER_CONSOLE_ADMIN_PASSWORD: 'admin-password' }, track: children });

function status(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null) continue;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('dealer-console serve: separate listeners and TLS', () => {
  it('refuses a non-loopback --api-host over plain HTTP with exit 2 and says what to do', () => {
    for (const flag of ['--api-host', '--host']) {
      const r = run(flag, '0.0.0.0', '--api-port', '0', ...noDevices);
      expect(r.status, flag).toBe(2);
      expect(r.stderr).toContain('refusing to serve the panel API on 0.0.0.0 over plain HTTP');
      expect(r.stderr).toContain('--device-host');
    }
  });

  it('refuses contradictory aliases, half a TLS pair and a bad --api-allowed-host (exit 2)', () => {
    const conflicting = run('--host', '127.0.0.1', '--api-host', '127.0.0.2', ...noDevices);
    expect(conflicting.status).toBe(2);
    expect(conflicting.stderr).toContain('--host is another name for --api-host');
    const half = run('--tls-cert', 'cert.pem', ...noDevices);
    expect(half.status).toBe(2);
    expect(half.stderr).toContain('--tls-cert and --tls-key go together');
    const bad = run('--api-port', '0', '--api-allowed-host', 'not a host', ...noDevices);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--api-allowed-host not a host');
  });

  it('--insecure-http serves a non-loopback API with a warning line; Host and Origin are still checked', async () => {
    const server = await start(['--api-host', '0.0.0.0', '--api-port', '0', '--insecure-http', ...noDevices]);
    expect(server.output()).toMatch(/warning: the panel API, console and UI are served over plain HTTP on 0\.0\.0\.0 \(--insecure-http\)/);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const port = new URL(server.url).port;
    expect(await status(`${server.url}/v2/panel/account/auth`, {})).toBe(400); // reached the method (7)
    expect(await status(`${server.url}/v2/panel/account/auth`, { host: `evil.example:${port}` })).toBe(421);
    expect(await status(`${server.url}/v2/panel/account/auth`, { origin: 'http://evil.example' })).toBe(403);
  });

  it('--tls-cert/--tls-key serve https://; --api-allowed-host adds a name', async () => {
    const cert = makeSelfSignedCert();
    dirs.push(cert.dir);
    const server = await start([
      '--api-port',
      '0',
      '--tls-cert',
      cert.certPath,
      '--tls-key',
      cert.keyPath,
      '--api-allowed-host',
      'console.example.com',
      ...noDevices,
    ]);
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { request: httpsRequest } = await import('node:https');
    const code = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpsRequest(
          `${server.url}/v2/panel/account/get_permissions`,
          { method: 'POST', ca: cert.cert, servername: 'localhost', headers: { host, 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    expect(await code('console.example.com')).toBe(400); // reached the method: no hash (3)
    expect(await code('evil.example')).toBe(421);
  });

  it("--device-host binds the trackers' listeners apart from the API (and --host/--port still name the API)", async () => {
    const server = await start(['--host', '127.0.0.1', '--port', '0', '--device-host', '127.0.0.2', ...devicePortArgs()]);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.2', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const devices = await start(['--api-port', '0', '--device-host', '127.0.0.2', ...devicePortArgs({ teltonika: port })]);
    expect(devices.output()).toContain(`device ports: teltonika ${port} on 127.0.0.2`);
    const reachable = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, host, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
    expect(await reachable('127.0.0.2')).toBe(true);
    expect(await reachable('127.0.0.1')).toBe(false);
  });
});
