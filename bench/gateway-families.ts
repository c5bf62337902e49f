/**
 * `npm run bench:gateway:families`: each device protocol family on its own, with the built CLI
 * (`dealer-console serve`) in one process and the simulator's devices (backend/devices/simulator,
 * the same firmware the protocol tests use) in this one, over loopback. Every record is ACKed only
 * after it is stored, so an ACKed record is a stored record. Figures only: nothing fails on timing.
 *
 * Per family (every family the protocol registry has; the simulator builds its frames):
 * - throughput: 500 devices sending as fast as their ACKs allow (each waits for its ACK, like
 *   firmware), one frame after another; records/s stored and ACKed over a 10 s window.
 *   Target: ≥ 20,000 records/s for binary protocols, ≥ 10,000 for text ones.
 * - latency:    1,000 devices × 5 records/s = 5,000 records/s, one record per frame: ACK p50/p99.
 *   Target: p99 ≤ 50 ms.
 * Both count ACKs that did not match the protocol byte for byte (must be 0).
 *
 * `tsx bench/gateway-families.ts --families=jt808,suntech` measures some of them, `--scale=0.2` with
 * a fifth of both fleets. The device fleet
 * shares this process's event loop, so on a 2-core machine the client's own cost is part of the
 * figure (the throughput is a floor, not a ceiling).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Backend } from '../backend/backend.js';
import { protocols } from '../backend/devices/protocols/index.js';
import type { ProtocolName } from '../backend/devices/protocols/types.js';
import { imeiSequence } from '../backend/devices/simulator/imei.js';
import { startSimulator, type SimulatorStats } from '../backend/devices/simulator/simulator.js';
import { devicePortArgs } from '../backend/devices/test-support/device-ports.js';
import { memoryOf, startServer } from './cli-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => console.log(`[bench:families] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `--scale=<0.01–1>` shrinks both fleets (a quick check on a shared machine; the targets hold at 1). */
const SCALE = parseScale(process.argv.slice(2));
const THROUGHPUT_DEVICES = Math.max(1, Math.round(500 * SCALE));
const LATENCY_DEVICES = Math.max(1, Math.round(1000 * SCALE));
const LATENCY_RATE = 5;
const WINDOW_MS = 10_000;
/** Families whose frames are text; the rest are binary (different throughput targets). */
const TEXT_FAMILIES = new Set<string>(['h02', 'suntech', 'gps103', 'wialon', 'queclink', 'meitrack', 'osmand']);
/** One loopback source address per this many devices, so per-address connection limits do not refuse the fleet. */
const DEVICES_PER_ADDRESS = 200;

function parseScale(argv: string[]): number {
  const arg = argv.find((a) => a.startsWith('--scale='));
  if (!arg) return 1;
  const value = Number(arg.slice('--scale='.length));
  if (!(value >= 0.01 && value <= 1)) throw new Error(`--scale takes a number 0.01–1, got ${arg.slice('--scale='.length)}`);
  return value;
}

function parseFamilies(argv: string[]): ProtocolName[] {
  const all = Object.keys(protocols) as ProtocolName[];
  const arg = argv.find((a) => a.startsWith('--families='));
  const unknownArg = argv.find((a) => !a.startsWith('--families=') && !a.startsWith('--scale='));
  if (unknownArg) throw new Error(`unknown argument ${unknownArg} (--families=${all.join(',')})`);
  if (!arg) return all;
  const names = arg.slice('--families='.length).split(',').filter(Boolean);
  const unknown = names.filter((n) => !all.includes(n as ProtocolName));
  if (!names.length || unknown.length) throw new Error(`--families takes a comma list of ${all.join(', ')}; got ${unknown.join(',') || '(nothing)'}`);
  return names as ProtocolName[];
}

function addresses(devices: number, block: number): string[] {
  return Array.from({ length: Math.ceil(devices / DEVICES_PER_ADDRESS) }, (_, i) => `127.${block}.${i + 1}.1`);
}

/** Registers `imeis` on the first model of `family` (the models table says which protocol a model speaks). */
async function seed(dir: string, family: ProtocolName, imeis: string[]): Promise<string> {
  const backend = await Backend.open({ dataDir: dir, adminPassword: 'bench-admin-password', log: { info: () => {}, error: (l) => console.error(l) } });
  try {
    return await backend.store.write((tx) => {
      const model = tx.get<{ code: string }>('SELECT code FROM models WHERE protocol = ? ORDER BY code LIMIT 1', [family]);
      if (!model) throw new Error(`no model speaks ${family}`);
      tx.run("INSERT INTO tariffs (dealer_id, name, type, price_cents, device_limit, service_prices) VALUES (1, 'Fleet', 'monthly', 990, 100000, '{}')");
      tx.run(
        "INSERT INTO users (dealer_id, login, legal_type, profile, creation_date) VALUES (1, 'fleet@example.com', 'legal_entity', '{}', '2026-01-01 00:00:00')",
      );
      for (const imei of imeis) {
        const sourceId = tx.run("INSERT INTO sources (dealer_id, device_id, model, tariff_id, creation_date) VALUES (1, ?, ?, 1, '2026-01-01')", [
          imei,
          model.code,
        ]).lastInsertRowid;
        tx.run("INSERT INTO trackers (dealer_id, user_id, source_id, label, creation_date) VALUES (1, 1, ?, ?, '2026-01-01')", [sourceId, `Device ${imei}`]);
      }
      return model.code;
    });
  } finally {
    await backend.close();
  }
}

interface Window {
  perSecond: number;
  p50: number;
  p99: number;
  mismatched: number;
  missing: number;
  final: SimulatorStats;
}

async function run(options: Parameters<typeof startSimulator>[0], warmupMs: number): Promise<Window> {
  const sim = startSimulator({ statsIntervalMs: 0, ...options });
  await sleep(warmupMs);
  const before = sim.stats();
  const t0 = performance.now();
  await sleep(WINDOW_MS);
  const after = sim.stats();
  const elapsed = performance.now() - t0;
  const final = await sim.stop({ drainMs: 2000 });
  return {
    perSecond: ((after.records.acked - before.records.acked) * 1000) / elapsed,
    p50: final.latency.p50,
    p99: final.latency.p99,
    mismatched: final.acks.mismatched,
    missing: final.acks.missing,
    final,
  };
}

async function family(name: ProtocolName, block: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(os.tmpdir(), `bench-family-${name}-`));
  const port = 20000 + (protocols[name].defaultPort % 10000);
  try {
    const imeis = imeiSequence(`35${String(100 + block).padStart(3, '0')}000000000`, LATENCY_DEVICES);
    const model = await seed(dir, name, imeis);
    const server = await startServer(
      process.execPath,
      ['bin/dealer-console.js', 'serve', '--data', dir, '--port', '0', ...devicePortArgs({ [name]: port })],
      root,
    );
    try {
      const common = { protocol: name, port, imeiStart: imeis[0], rampUpMs: 2000 } as const;
      const throughput = await run(
        { ...common, devices: THROUGHPUT_DEVICES, rate: 1000, window: 1, localAddresses: addresses(THROUGHPUT_DEVICES, block) },
        4000,
      );
      await sleep(1000);
      const latency = await run(
        { ...common, devices: LATENCY_DEVICES, rate: LATENCY_RATE, window: 1, localAddresses: addresses(LATENCY_DEVICES, block) },
        4000,
      );
      const rss = memoryOf(server.child.pid!);
      const target = TEXT_FAMILIES.has(name) ? 10_000 : 20_000;
      // A family whose servers send no position ACK (Suntech) has no latency samples: its rate is what was sent.
      const acked = latency.final.latency.count > 0;
      log(
        `${name} (${model}): throughput ${throughput.perSecond.toFixed(0)} records/s [target ≥ ${target.toLocaleString('en')}], ` +
          `latency at ${(LATENCY_DEVICES * LATENCY_RATE).toLocaleString('en')}/s: ${latency.perSecond.toFixed(0)} records/s, ACK p50 ${latency.p50.toFixed(2)} ms, ` +
          (acked ? `p99 ${latency.p99.toFixed(2)} ms [target ≤ 50]` : 'no position ACK in this protocol: rates are records sent') +
          `; ACKs not byte-exact ${throughput.mismatched + latency.mismatched}, missing ${throughput.missing + latency.missing}; ` +
          `server RSS ${rss ? rss.rssMiB.toFixed(0) : '?'} MiB`,
      );
      return {
        model,
        throughputRecordsPerSecond: Math.round(throughput.perSecond),
        throughputTarget: target,
        positionAcks: acked,
        latency: { recordsPerSecond: Math.round(latency.perSecond), p50: latency.p50, p99: latency.p99 },
        mismatchedAcks: throughput.mismatched + latency.mismatched,
        missingAcks: throughput.missing + latency.missing,
      };
    } finally {
      await server.stop();
    }
  } catch (error) {
    log(`${name}: failed: ${(error as Error).message.split('\n')[0]}`);
    return { error: (error as Error).message.split('\n')[0] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const families = parseFamilies(process.argv.slice(2));
  log(`${families.length} families on ${os.cpus().length} cores (load average ${os.loadavg()[0]!.toFixed(2)})`);
  const results: Record<string, unknown> = {};
  for (const [i, name] of families.entries()) results[name] = await family(name, 100 + i);
  console.log(JSON.stringify({ families: results }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
