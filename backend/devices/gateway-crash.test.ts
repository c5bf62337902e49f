import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openTestBackend } from '../test-support/harness.js';
import { TrackingStore } from './tracking-store.js';
import pg from 'pg';
import { TcpDevice } from './test-support/tcp-device.js';
import captures from './protocols/__fixtures__/device-captures.json' with { type: 'json' };
import { devicePortArgs } from './test-support/device-ports.js';

const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
const IMEI = '123456789012345';
const HANDSHAKE = '000f313233343536373839303132333435';
const AVL = (captures as unknown as Record<string, { id: string; hex: string }[]>).teltonika!.find((e) => e.id === 'teltonika-002')!.hex;
const CYCLES = 3;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function countFolderHistory(folder: string, sourceId: number): Promise<number> {
  const store = new TrackingStore(folder);
  try {
    return (await store.read(sourceId, 0, Date.now() + 86_400_000, 100_000)).length;
  } finally {
    await store.close();
  }
}

async function countPgHistory(databaseUrl: string, sourceId: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM device_history WHERE source_id = $1', [sourceId]);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** `databaseUrl`: the PostgreSQL test switch's schema, where the tracker was registered. */
function startServer(dir: string, port: number, databaseUrl: string | undefined): Promise<ChildProcess> {
  const database = databaseUrl ? ['--database', databaseUrl] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--data', dir, ...database, '--port', '0', ...devicePortArgs({ teltonika: port })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no ready line:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('API ready at')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}

describe('device records survive kill -9 of the server once ACKed', () => {
  it(`keeps every ACKed record over ${CYCLES} SIGKILLs mid-stream`, async () => {
    const t = await openTestBackend();
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'T', type: 'monthly', price: 1, device_limit: 10 } })).id;
    const user = (await t.ok('user/create', { user: { login: 'crash@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    const trackerId = (await t.ok('tracker/register', { user_id: user, label: 'Crash van', model: 'telfmb920', device_id: IMEI, tariff_id: tariff })).id;
    const sourceId = t.backend.trackerIndex.get(1, trackerId)!.source_id;
    const dir = t.dir;
    await t.backend.close();

    let acknowledged = 0; // records the device got an ACK for, over all cycles
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const port = await freePort();
      const server = await startServer(dir, port, t.databaseUrl);
      const device = await TcpDevice.open(port);
      device.send(HANDSHAKE);
      expect((await device.read(1)).toString('hex')).toBe('01');
      const killAfter = 20 + Math.floor(Math.random() * 40);
      for (let packet = 0; ; packet++) {
        if (packet === killAfter) server.kill('SIGKILL');
        device.send(AVL);
        const ack = await device.read(4, 2000);
        if (ack.length < 4) break; // the server is gone: this packet was not acknowledged
        expect(ack.toString('hex')).toBe('00000002');
        acknowledged += 2;
      }
      device.close();
      await new Promise<void>((resolve) => (server.exitCode !== null || server.signalCode ? resolve() : server.once('exit', () => resolve())));
    }
    // Recovery happens when the store opens the folder, as the next server start would. On
    // PostgreSQL (the test switch) the server kept the history in the database's device_history.
    const stored = { length: t.databaseUrl ? await countPgHistory(t.databaseUrl, sourceId) : await countFolderHistory(join(dir, 'tracking'), sourceId) };
    expect(acknowledged).toBeGreaterThan(0);
    // Every ACKed record is there; at most the last unacknowledged packet of each cycle is extra.
    expect(stored.length).toBeGreaterThanOrEqual(acknowledged);
    expect(stored.length).toBeLessThanOrEqual(acknowledged + 2 * CYCLES);
    await t.close();
  }, 90_000);
});
