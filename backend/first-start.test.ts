import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resetAdminPassword } from './accounts/admin-password.js';
import { Backend } from './backend.js';
import type { DispatchResult } from './api/dispatch.js';
import { desktopStartErrorText, resetAdminPasswordFromMenu } from './desktop-support.js';
import { serveBackend } from './serve.js';
import { SharedDataFolderError } from './storage/private-files.js';
import { createStaff } from './test-support/api-assertions.js';
import { openTestBackend } from './test-support/harness.js';
import { cliSource as cli, spawnServe, type ServeProcess } from './test-support/serve-process.js';
import { devicePortArgs } from './devices/test-support/device-ports.js';

const noDevices = devicePortArgs();
const quiet = { info: () => {}, error: () => {} };
const dirs: string[] = [];
const children: ChildProcess[] = [];
const servers: Server[] = [];

/** A data folder path inside a fresh private temp folder (not created yet). */
function dataDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'dealer-console-first-start-'));
  dirs.push(root);
  return join(root, 'data');
}

/** An env without DEALER_CONSOLE_ADMIN_PASSWORD: the password is generated. */
function env(): NodeJS.ProcessEnv {
  const copy = { ...process.env };
  delete copy.DEALER_CONSOLE_ADMIN_PASSWORD;
  return copy;
}

const runCli = (args: string[], shell?: string) =>
  shell
    ? spawnSync('sh', ['-c', `${shell} && exec "$0" "$@"`, process.execPath, '--import', 'tsx', cli, ...args], {
        encoding: 'utf8',
        timeout: 60_000,
        env: env(),
      })
    : spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 60_000, env: env() });

/** `serve` until its ready line; `shell` runs first (e.g. `umask 000`). */
const startCli = (args: string[], shell = 'true'): Promise<ServeProcess> =>
  spawnServe([...noDevices, '--api-port', '0', ...args], { env: env(), shell, track: children });

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

async function busyPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function auth(url: string, login: string, password: string): Promise<{ success: boolean; hash?: string; status?: { code: number } }> {
  const response = await fetch(`${url}/v2/panel/account/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  return (await response.json()) as { success: boolean; hash?: string; status?: { code: number } };
}

const errorCode = (result: DispatchResult) => (result.body as { status?: { code: number } }).status?.code;

const generatedPassword = (output: string) => /First start: administrator login "admin", password "([^"]+)"/.exec(output)?.[1];

afterEach(async () => {
  for (const child of children.splice(0)) await stop(child);
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('first start: the generated administrator password is committed only once the API listens', () => {
  it('serveBackend (the desktop app): a busy port creates no administrator; the retry on a free port does, and its password signs in', async () => {
    const dir = dataDir();
    const port = await busyPort();
    const options = {
      dataDir: dir,
      apiPort: port,
      devicePorts: { teltonika: null, gt06: null, h02: null, jt808: null, ruptela: null, suntech: null },
      log: quiet,
    };
    const failed = await serveBackend(options).catch((error: unknown) => error);
    expect((failed as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    // Nothing committed: a look at the folder finds no dealer, no account.
    const look = await Backend.open({ dataDir: dir, deferFirstAdmin: true, log: quiet });
    expect(look.store.get('SELECT 1 AS x FROM accounts')).toBeUndefined();
    expect(look.generatedAdminPassword).toBeUndefined();
    await look.close();

    // What electron/main.ts does next: any free port.
    const running = await serveBackend({ ...options, apiPort: 0 });
    try {
      const password = running.backend.generatedAdminPassword;
      expect(password).toMatch(/^[\w-]{16}$/);
      expect((await auth(running.http.url, 'admin', password!)).success).toBe(true);
    } finally {
      await running.stop();
    }
    // Shown once: the next start has nothing to show.
    const again = await serveBackend({ ...options, apiPort: 0 });
    expect(again.backend.generatedAdminPassword).toBeUndefined();
    await again.stop();
  });

  it('dealer-console serve: exit 2 on a busy port with no password printed; the next start prints one that signs in', async () => {
    const dir = dataDir();
    const port = await busyPort();
    const busy = runCli(['serve', '--data', dir, '--api-port', String(port), ...noDevices]);
    expect(busy.status).toBe(2);
    expect(busy.stderr).toContain('the port is already in use');
    expect(busy.stdout + busy.stderr).not.toContain('First start');

    const server = await startCli(['--data', dir]);
    const password = generatedPassword(server.output());
    expect(password).toBeDefined();
    const login = await auth(server.url, 'admin', password!);
    expect(login.success).toBe(true);
    expect(await stop(server.child)).toBe(0);
  });
});

describe('dealer-console admin reset-password', () => {
  it('refused while a server holds the folder; on the stopped folder prints a new password and ends every session of admin only', async () => {
    const t = await openTestBackend();
    const staff = await createStaff(t, { trackers: ['read'] });
    const staffHash = staff.hash;
    const busy = runCli(['admin', 'reset-password', '--data', t.dir]);
    expect(busy.status).toBe(2);
    expect(busy.stderr).toContain('in use by another Dealer Console process');
    const adminHash = t.adminHash;
    await t.backend.close();

    const reset = runCli(['admin', 'reset-password', '--data', t.dir]);
    expect(reset.stderr).toBe('');
    expect(reset.status).toBe(0);
    const password = /New password for administrator "admin": (\S+)/.exec(reset.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{16}$/);
    expect(reset.stdout).toContain('1 session(s) of "admin" ended');

    const after = await Backend.open({ dataDir: t.dir, clock: t.clock, log: quiet });
    try {
      expect(await after.accounts.resolve(adminHash)).toBeUndefined();
      expect((await after.accounts.resolve(staffHash))?.login).toBe(staff.login);
      const old = await after.dispatch({ path: 'account/auth', params: { login: 'admin', password: 'admin-password' } });
      expect(errorCode(old)).toBe(12);
      const fresh = await after.dispatch({ path: 'account/auth', params: { login: 'admin', password } });
      expect(fresh.body.success).toBe(true);
    } finally {
      await after.close();
    }
    rmSync(t.dir, { recursive: true, force: true });
  });

  it('says why it cannot: no such folder, a folder never started, an unknown administrator login (exit 2)', async () => {
    const missing = runCli(['admin', 'reset-password', '--data', join(tmpdir(), 'dealer-console-no-such-folder-xyz')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('There is no data folder at');
    const dir = dataDir();
    const never = await Backend.open({ dataDir: dir, deferFirstAdmin: true, log: quiet });
    await never.close();
    const fresh = runCli(['admin', 'reset-password', '--data', dir]);
    expect(fresh.status).toBe(2);
    expect(fresh.stderr).toContain('has no administrator yet');
    const t = await openTestBackend();
    await t.backend.close();
    const unknown = runCli(['admin', 'reset-password', '--data', t.dir, '--login', 'root']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('There is no administrator login "root"');
    expect(runCli(['admin', 'frobnicate']).status).toBe(2);
    rmSync(t.dir, { recursive: true, force: true });
  });

  it('the desktop menu resets on the backend it hosts (sessions end at once) and on a stopped folder', async () => {
    const dir = dataDir();
    const running = await serveBackend({
      dataDir: dir,
      apiPort: 0,
      devicePorts: { teltonika: null, gt06: null, h02: null, jt808: null, ruptela: null, suntech: null },
      log: quiet,
    });
    const first = running.backend.generatedAdminPassword!;
    const session = (await auth(running.http.url, 'admin', first)).hash!;
    const notice = await resetAdminPasswordFromMenu({ running, dataDir: dir });
    expect(notice.message).toBe('The administrator password was reset');
    const password = /Password: (\S+)/.exec(notice.detail)?.[1];
    expect(await running.backend.accounts.resolve(session)).toBeUndefined();
    expect((await auth(running.http.url, 'admin', first)).status?.code).toBe(12);
    expect((await auth(running.http.url, 'admin', password!)).success).toBe(true);
    await running.stop();

    const stopped = await resetAdminPasswordFromMenu({ running: undefined, dataDir: dir });
    const newest = /Password: (\S+)/.exec(stopped.detail)?.[1];
    const backend = await Backend.open({ dataDir: dir, log: quiet });
    expect((await backend.dispatch({ path: 'account/auth', params: { login: 'admin', password: newest } })).body.success).toBe(true);
    expect(errorCode(await backend.dispatch({ path: 'account/auth', params: { login: 'admin', password } }))).toBe(12);
    // The same reset as a plain function (what both call).
    expect((await resetAdminPassword(backend)).sessionsEnded).toBe(1);
    await backend.close();
  });
});

describe.skipIf(process.platform === 'win32')('dealer-console serve on a private data folder', () => {
  it('refuses a 0755 folder (exit 2, says chmod 700 or --allow-shared-data-folder); starts with the flag', async () => {
    const dir = dataDir();
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const refused = runCli(['serve', '--data', dir, '--api-port', '0', ...noDevices]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`The data folder ${dir} is accessible to other users (mode 0755)`);
    expect(refused.stderr).toContain(`chmod 700 '${dir}'`);
    expect(refused.stderr).toContain('--allow-shared-data-folder');
    expect(readdirSync(dir)).toEqual([]);
    const bill = runCli(['bill', '--data', dir, '--date', '2026-01-01']);
    expect(bill.status).toBe(2);
    expect(bill.stderr).toContain('accessible to other users');

    const server = await startCli(['--data', dir, '--allow-shared-data-folder']);
    expect(generatedPassword(server.output())).toBeDefined();
    expect(await stop(server.child)).toBe(0);
    expect(statSync(dir).mode & 0o777).toBe(0o755);
  });

  it('under umask 000 the folder is 0700 and the database files 0600, while serving and after a stop', async () => {
    const dir = dataDir();
    const server = await startCli(['--data', dir], 'umask 000');
    const modes = () =>
      Object.fromEntries(
        readdirSync(dir)
          .filter((n) => n !== 'tracking')
          .map((n) => [n, statSync(join(dir, n)).mode & 0o777]),
      );
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'tracking')).mode & 0o777).toBe(0o700); // its files: tracking/modes.test.ts
    const running = modes();
    expect(Object.keys(running)).toContain('LOCK');
    for (const [name, mode] of Object.entries(running)) expect(mode, name).toBe(0o600);
    expect(await stop(server.child)).toBe(0);
    const stopped = modes();
    expect(Object.keys(stopped)).toContain('snapshot.db');
    for (const [name, mode] of Object.entries(stopped)) expect(mode, name).toBe(0o600);
  });

  it('the desktop app words it for settings.json', () => {
    const text = desktopStartErrorText(
      new SharedDataFolderError('/home/ann/.local/share/dealer-console', 0o755),
      '/home/ann/.config/Dealer Console/settings.json',
    );
    expect(text).toContain('can be read or changed by other users of this computer (permissions 0755)');
    expect(text).toContain("chmod 700 '/home/ann/.local/share/dealer-console'");
    expect(text).toContain('"allowSharedDataFolder": true in /home/ann/.config/Dealer Console/settings.json');
    expect(desktopStartErrorText(new Error('port 8383 taken'), 'settings.json')).toBe('port 8383 taken');
  });
});
