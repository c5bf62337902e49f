/**
 * `npm run bench:gateway`: the device-gateway figures of the device issue, on this machine, with the
 * built CLI (`dealer-console serve`) in one process and simulated devices (backend/devices/simulator)
 * in this one, over loopback. Every record is ACKed only after it is fdatasync'd (durability before ACK).
 *
 * 1. 10,000 idle device connections (logged in, silent): extra resident memory of the fresh server.
 * 2. Throughput: 1,000 Teltonika devices sending Codec 8 packets of 10 records as fast as ACKs allow.
 * 3. ACK latency at 5,000 records/s: 1,000 GT06 devices × 5 positions/s, one record per frame.
 */
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Backend } from '../backend/backend.js';
import { imeiSequence } from '../backend/devices/simulator/imei.js';
import { startSimulator, type SimulatorStats } from '../backend/devices/simulator/simulator.js';
import { memoryOf, startServer } from './cli-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => console.log(`[bench:gateway] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PORTS = { teltonika: 25027, gt06: 25023, h02: 25013 };
const IDLE = 10_000;

async function seedDevices(dir: string, groups: { model: string; imeis: string[] }[]): Promise<void> {
  const backend = await Backend.open({ dataDir: dir, adminPassword: 'bench-admin-password', log: { info: () => {}, error: (l) => console.error(l) } });
  try {
    await backend.store.write((tx) => {
      tx.run("INSERT INTO tariffs (dealer_id, name, type, price_cents, device_limit, service_prices) VALUES (1, 'Fleet', 'monthly', 990, 100000, '{}')");
      tx.run("INSERT INTO users (dealer_id, login, legal_type, profile, creation_date) VALUES (1, 'fleet@example.com', 'legal_entity', '{}', '2026-01-01 00:00:00')");
      for (const { model, imeis } of groups) {
        for (const imei of imeis) {
          const sourceId = tx.run("INSERT INTO sources (dealer_id, device_id, model, tariff_id, creation_date) VALUES (1, ?, ?, 1, '2026-01-01')", [imei, model]).lastInsertRowid;
          tx.run("INSERT INTO trackers (dealer_id, user_id, source_id, label, creation_date) VALUES (1, 1, ?, ?, '2026-01-01')", [sourceId, `Device ${imei}`]);
        }
      }
    });
  } finally {
    await backend.close();
  }
}

function summary(s: SimulatorStats, seconds: number): string {
  return `${s.records.acked} records ACKed in ${seconds.toFixed(1)} s = ${(s.records.acked / seconds).toFixed(0)}/s; ACK p50 ${s.latency.p50.toFixed(2)} ms, p99 ${s.latency.p99.toFixed(2)} ms; mismatched ${s.acks.mismatched}, missing ${s.acks.missing}`;
}

async function measure(options: Parameters<typeof startSimulator>[0], warmupMs: number, windowMs: number): Promise<{ stats: SimulatorStats; perSecond: number }> {
  const sim = startSimulator({ statsIntervalMs: 0, ...options });
  await sleep(warmupMs);
  const before = sim.stats();
  await sleep(windowMs);
  const after = sim.stats();
  const final = await sim.stop({ drainMs: 2000 });
  return { stats: final, perSecond: ((after.records.acked - before.records.acked) * 1000) / windowMs };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'dealer-console-bench-gateway-'));
  const teltonika = imeiSequence('356307042440000', 1000);
  const gt06 = imeiSequence('358688000000000', 1000);
  const idle = imeiSequence('861000000000000', IDLE);
  log('seeding 12,000 registered devices ...');
  await seedDevices(dir, [
    { model: 'telfmb920', imeis: [...teltonika, ...idle] },
    { model: 'concoxgt06n', imeis: gt06 },
  ]);
  const server = await startServer(
    process.execPath,
    ['bin/dealer-console.js', 'serve', '--data', dir, '--port', '0', '--teltonika-port', String(PORTS.teltonika), '--gt06-port', String(PORTS.gt06), '--h02-port', String(PORTS.h02)],
    root,
  );
  const results: Record<string, unknown> = {};
  try {
    // 1. Idle connections, on the freshly started server.
    await sleep(1500);
    const before = memoryOf(server.child.pid!)!;
    const sockets: Socket[] = [];
    let accepted = 0;
    for (let i = 0; i < idle.length; i += 500) {
      await Promise.all(
        idle.slice(i, i + 500).map(
          (imei) =>
            new Promise<void>((resolve) => {
              const socket = connect(PORTS.teltonika, '127.0.0.1', () => {
                const id = Buffer.from(imei, 'ascii');
                const header = Buffer.alloc(2);
                header.writeUInt16BE(id.length);
                socket.write(Buffer.concat([header, id]));
              });
              socket.once('data', (ack) => {
                if (ack[0] === 1) accepted++;
                resolve();
              });
              socket.on('error', () => resolve());
              sockets.push(socket);
            }),
        ),
      );
    }
    await sleep(3000);
    const after = memoryOf(server.child.pid!)!;
    const extra = after.rssMiB - before.rssMiB;
    log(`idle connections: ${accepted} logged in and held; server RSS ${before.rssMiB.toFixed(0)} → ${after.rssMiB.toFixed(0)} MiB (+${extra.toFixed(0)} MiB) [target ≤ 300 MiB extra]`);
    results.idle = { connections: accepted, rssBeforeMiB: before.rssMiB, rssAfterMiB: after.rssMiB, extraMiB: extra };
    for (const s of sockets) s.destroy();
    // 2. Throughput.
    const t = await measure(
      { protocol: 'teltonika', devices: 1000, rate: 50, window: 1, port: PORTS.teltonika, imeiStart: teltonika[0], rampUpMs: 2000, firmware: { teltonika: { maxRecordsPerPacket: 10 } } },
      4000,
      10_000,
    );
    log(`throughput (1,000 Teltonika devices, 10 records per packet): ${t.perSecond.toFixed(0)} records/s stored and ACKed over 10 s [target ≥ 20,000] — ${summary(t.stats, t.stats.elapsedMs / 1000)}`);
    results.throughputRecordsPerSecond = Math.round(t.perSecond);

    // 3. Latency at 5,000 records/s, one record per frame.
    const l = await measure({ protocol: 'gt06', devices: 1000, rate: 5, window: 1, port: PORTS.gt06, imeiStart: gt06[0], rampUpMs: 2000 }, 4000, 10_000);
    log(`latency (1,000 GT06 devices × 5 records/s): ${l.perSecond.toFixed(0)} records/s, ACK p50 ${l.stats.latency.p50.toFixed(2)} ms, p99 ${l.stats.latency.p99.toFixed(2)} ms [target p99 ≤ 50 ms]`);
    results.latency = { recordsPerSecond: Math.round(l.perSecond), p50: l.stats.latency.p50, p99: l.stats.latency.p99 };

  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
