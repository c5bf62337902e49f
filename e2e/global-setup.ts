import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FullConfig } from '@playwright/test';
import { chromiumPath } from '../playwright.config.js';
import { freshTestSchema } from '../backend/storage/test-support/pg-test-database.js';
import { ADMIN_PASSWORD, seed } from './support/seed.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Starts `dealer-console serve` on a free loopback port and resolves with its origin once the ready line appears. */
export function startServer(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
  deviceArgs: string[] = [
    '--teltonika-port',
    '0',
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
    '--osmand-port',
    '0',
    '--meitrack-port',
    '0',
  ],
): Promise<{ origin: string; child: ChildProcess; output: () => string }> {
  const child = spawn(
    process.execPath,
    [join(root, 'bin/dealer-console.js'), 'serve', '--data', dataDir, '--host', '127.0.0.1', '--port', '0', ...deviceArgs],
    {
      cwd: root,
      env: { ...process.env, DEALER_CONSOLE_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`dealer-console serve did not get ready in 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Dealer Console API ready at (http:\/\/[^/\s]+)\/v2\/panel\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ origin: match[1]!, child, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dealer-console serve exited with ${code}:\n${output}`));
    });
  });
}

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  if (!existsSync(chromiumPath)) throw new Error(`No Chromium at ${chromiumPath}: apt-get install -y chromium (or set DEALER_CONSOLE_CHROMIUM)`);
  for (const built of ['dist/backend/cli.js', 'dist/renderer/index.html']) {
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` before the end-to-end tests`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'dealer-console-e2e-'));
  // DEALER_CONSOLE_E2E_DATABASE_URL (npm test's PostgreSQL pass): the server keeps its database in a
  // fresh schema there (`serve --database`), dropped afterwards; device history stays in the data folder.
  const e2eDatabase = process.env.DEALER_CONSOLE_E2E_DATABASE_URL;
  const schema = e2eDatabase ? await freshTestSchema(e2eDatabase) : undefined;
  if (schema) console.log(`e2e: the server's database is PostgreSQL (${new URL(schema.url).searchParams.get('options')})`);
  const server = await startServer(dataDir, schema ? { DEALER_CONSOLE_DATABASE_URL: schema.url } : {});
  server.child.removeAllListeners('exit');
  const info = await seed(server.origin);
  process.env.DEALER_CONSOLE_E2E = JSON.stringify(info);
  return async () => {
    await new Promise<void>((resolve) => {
      if (server.child.exitCode !== null) return resolve();
      server.child.once('exit', () => resolve());
      server.child.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
    await schema?.drop();
  };
}
