/**
 * `npm run bench:gateway`: the device-gateway figures of the device issue, on this machine, with the
 * built CLI (`dealer-console serve`) in one process and simulated devices (backend/devices/simulator)
 * in this one or in child processes (bench/gateway-load.ts), over loopback. Every record is ACKed
 * only after it is fdatasync'd (durability before ACK). Figures only: nothing fails on timing.
 *
 * 1. idle:       10,000 idle device connections (logged in, silent): extra resident memory of the fresh server.
 * 2. throughput: 1,000 Teltonika devices sending Codec 8 packets of 10 records as fast as ACKs allow.
 * 3. latency:    ACK latency at 5,000 records/s: 1,000 GT06 devices × 5 positions/s, one record per frame.
 * 4. load5k:     5,000 connected GT06 devices × 1 record/s for 15 s (the load in a child process): ACK
 *                latency, every record's byte-exact ACK, server RSS, and the server's responsiveness
 *                seen from outside (an HTTP request every 100 ms) and its CPU use.
 * 5. flood:      one Teltonika connection writing valid AVL packets as fast as the socket takes them and
 *                never reading its ACKs, next to 1,000 GT06 devices × 1 record/s: their ACK latency, the
 *                bytes the flooder pushed, and the server's RSS growth (sampled every 250 ms).
 *
 * `tsx bench/gateway.ts --only=load5k,flood` runs some of them (names above; 1–3 share one server,
 * 4 and 5 get a fresh one each). `--load-procs=N` splits the load5k fleet over N child processes.
 * `--flood-mib=N` caps what the flooder pushes (default 120 MiB; it stops after 15 s anyway).
 *
 * Source addresses: every fleet connects from many loopback addresses (127.0.x.y, at most
 * DEVICES_PER_ADDRESS each), so a per-address connection limit in the gateway does not refuse the
 * benchmark's own devices. Server flags the scenarios need go in SERVE_EXTRA_ARGS (or the
 * BENCH_GATEWAY_SERVE_ARGS environment variable, split on spaces).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Backend } from '../backend/backend.js';
import { imeiSequence } from '../backend/devices/simulator/imei.js';
import { startSimulator, type SimulatorStats } from '../backend/devices/simulator/simulator.js';
import { cpuTimeOf, memoryOf, startServer, type ServerProcess } from './cli-process.js';
import type { DevicesConfig, EventLoopFigures, FloodConfig, LoadCommand, LoadMessage } from './gateway-load.js';
import { summarize, type LatencySummary } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => console.log(`[bench:gateway] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PORTS = { teltonika: 25027, gt06: 25023, h02: 25013 };
const IDLE = 10_000;
const LOAD_DEVICES = 5_000;
const FLOOD_NORMAL_DEVICES = 1_000;
const FLOOD_MS = 15_000;

/**
 * Extra `dealer-console serve` flags for every server this benchmark starts: the one place to raise
 * connection limits (e.g. per-address or per-listener bounds) should their defaults get in the way
 * of 10,000 connections from loopback. Empty today: `serve` has no such flags yet.
 */
const SERVE_EXTRA_ARGS: string[] = [...(process.env.BENCH_GATEWAY_SERVE_ARGS?.split(/\s+/).filter(Boolean) ?? [])];

/** Most connections one loopback source address carries. */
const DEVICES_PER_ADDRESS = 250;
/** `count` source addresses 127.0.<block>.1…, each for DEVICES_PER_ADDRESS devices (blocks keep scenarios apart). */
function sourceAddresses(devices: number, block: number): string[] {
  return Array.from({ length: Math.ceil(devices / DEVICES_PER_ADDRESS) }, (_, i) => `127.${block + Math.floor(i / 250)}.${(i % 250) + 1}.1`);
}
const FLOODER_ADDRESS = '127.99.0.1';

const SCENARIOS = ['idle', 'throughput', 'latency', 'load5k', 'flood'] as const;
type Scenario = (typeof SCENARIOS)[number];

function parseArgs(argv: string[]): { only: Set<Scenario>; loadProcs: number; floodMiB: number } {
  let only = new Set<Scenario>(SCENARIOS);
  let loadProcs = 1;
  let floodMiB = 120;
  for (const arg of argv) {
    const [key, value = ''] = arg.split('=', 2);
    if (key === '--only') {
      const names = value.split(',').filter(Boolean);
      const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
      if (!names.length || unknown.length) throw new Error(`--only takes a comma list of ${SCENARIOS.join(', ')}; got ${value || '(nothing)'}`);
      only = new Set(names as Scenario[]);
    } else if (key === '--load-procs' && /^[1-9]\d*$/.test(value)) loadProcs = Number(value);
    else if (key === '--flood-mib' && Number(value) > 0) floodMiB = Number(value);
    else throw new Error(`unknown argument ${arg} (--only=${SCENARIOS.join(',')} --load-procs=N --flood-mib=N)`);
  }
  return { only, loadProcs, floodMiB };
}

async function seedDevices(dir: string, groups: { model: string; imeis: string[] }[]): Promise<void> {
  const backend = await Backend.open({ dataDir: dir, adminPassword: 'bench-admin-password', log: { info: () => {}, error: (l) => console.error(l) } });
  try {
    await backend.store.write((tx) => {
      tx.run("INSERT INTO tariffs (dealer_id, name, type, price_cents, device_limit, service_prices) VALUES (1, 'Fleet', 'monthly', 990, 100000, '{}')");
      tx.run(
        "INSERT INTO users (dealer_id, login, legal_type, profile, creation_date) VALUES (1, 'fleet@example.com', 'legal_entity', '{}', '2026-01-01 00:00:00')",
      );
      for (const { model, imeis } of groups) {
        for (const imei of imeis) {
          const sourceId = tx.run("INSERT INTO sources (dealer_id, device_id, model, tariff_id, creation_date) VALUES (1, ?, ?, 1, '2026-01-01')", [
            imei,
            model,
          ]).lastInsertRowid;
          tx.run("INSERT INTO trackers (dealer_id, user_id, source_id, label, creation_date) VALUES (1, 1, ?, ?, '2026-01-01')", [sourceId, `Device ${imei}`]);
        }
      }
    });
  } finally {
    await backend.close();
  }
}

// ---- the server process -------------------------------------------------------------------------

interface Server {
  process: ServerProcess;
  pid: number;
  /** Set when the server exited before we stopped it. */
  died?: { code: number | null; signal: NodeJS.Signals | null; afterMs: number };
  stop(): Promise<{ ms: number; killed: boolean }>;
}

async function launchServer(dir: string): Promise<Server> {
  const proc = await startServer(
    process.execPath,
    [
      // e.g. BENCH_GATEWAY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server
      ...(process.env.BENCH_GATEWAY_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
      'bin/dealer-console.js',
      'serve',
      '--data',
      dir,
      '--port',
      '0',
      '--teltonika-port',
      String(PORTS.teltonika),
      '--gt06-port',
      String(PORTS.gt06),
      '--h02-port',
      String(PORTS.h02),
      ...SERVE_EXTRA_ARGS,
    ],
    root,
  );
  const started = performance.now();
  let stopping = false;
  const server: Server = {
    process: proc,
    pid: proc.child.pid!,
    async stop() {
      stopping = true;
      const t0 = performance.now();
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) return { ms: 0, killed: false };
      const exited = new Promise<void>((resolve) => proc.child.once('exit', () => resolve()));
      proc.child.kill('SIGTERM');
      const inTime = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
      if (!inTime) {
        proc.child.kill('SIGKILL');
        await exited;
      }
      return { ms: performance.now() - t0, killed: !inTime };
    },
  };
  proc.child.once('exit', (code, signal) => {
    if (stopping) return;
    server.died = { code, signal, afterMs: performance.now() - started };
    log(`!! the server exited (code ${code}, signal ${signal}); last output:\n${proc.output.slice(-8).join('\n')}`);
  });
  return server;
}

async function withServer<T>(dir: string, name: string, run: (server: Server) => Promise<T>): Promise<T | { error: string }> {
  log(
    `${name}: starting a server (load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${os.cpus().length} cores)`,
  );
  let server: Server;
  try {
    server = await launchServer(dir);
  } catch (error) {
    log(`${name}: the server did not start: ${(error as Error).message}`);
    return { error: `server did not start: ${(error as Error).message.split('\n')[0]}` };
  }
  try {
    return await run(server);
  } catch (error) {
    log(`${name}: failed: ${(error as Error).stack ?? String(error)}`);
    return { error: (error as Error).message };
  } finally {
    const stopped = await server.stop();
    if (stopped.killed) log(`${name}: the server did not stop within 30 s of SIGTERM and was killed`);
    else if (stopped.ms > 5000) log(`${name}: the server took ${(stopped.ms / 1000).toFixed(1)} s to stop`);
  }
}

/** Server RSS every 250 ms, CPU time, and the latency of a cheap HTTP request every 100 ms (its event loop, seen from outside). */
function watchServer(server: Server) {
  const rss: { atMs: number; mib: number }[] = [];
  const probes: number[] = [];
  let probeTimeouts = 0;
  let probing = false;
  const t0 = performance.now();
  const cpu0 = cpuTimeOf(server.pid);
  let cpuUntil = cpu0;
  const sample = () => {
    const m = memoryOf(server.pid);
    if (m && Number.isFinite(m.rssMiB)) rss.push({ atMs: performance.now() - t0, mib: m.rssMiB });
    cpuUntil = cpuTimeOf(server.pid) ?? cpuUntil;
  };
  sample();
  const rssTimer = setInterval(sample, 250);
  const url = new URL('/v2/panel/tracker/list', server.process.url);
  const probe = () => {
    if (probing || server.died) return;
    probing = true;
    const started = performance.now();
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => {
        probes.push(performance.now() - started);
        probing = false;
      });
    });
    req.on('timeout', () => {
      probeTimeouts++;
      req.destroy();
    });
    req.on('error', () => (probing = false));
    req.end('{}');
  };
  const probeTimer = setInterval(probe, 100);
  return {
    rssNow: () => rss[rss.length - 1]?.mib ?? Number.NaN,
    stop() {
      clearInterval(rssTimer);
      clearInterval(probeTimer);
      sample();
      const seconds = (performance.now() - t0) / 1000;
      const mibs = rss.map((r) => r.mib);
      return {
        rss: { firstMiB: mibs[0] ?? Number.NaN, maxMiB: Math.max(...mibs), lastMiB: mibs[mibs.length - 1] ?? Number.NaN, samples: mibs.length },
        cpuPercent: cpu0 === undefined || cpuUntil === undefined ? undefined : (cpuUntil - cpu0) / 10 / seconds,
        httpProbe: { ...summarize(probes), timeouts: probeTimeouts },
      };
    },
  };
}

// ---- child processes ------------------------------------------------------------------------------

interface LoadChild {
  child: ChildProcess;
  latest?: Extract<LoadMessage, { type: 'progress' }>;
  next<K extends LoadMessage['type']>(type: K, timeoutMs: number): Promise<Extract<LoadMessage, { type: K }> | undefined>;
  command(command: LoadCommand): void;
  kill(): void;
}

function forkLoad(config: DevicesConfig | FloodConfig): LoadChild {
  // The child runs under the same TypeScript loader as this process (tsx passes it in execArgv).
  const child = fork(fileURLToPath(new URL('./gateway-load.ts', import.meta.url)), [JSON.stringify(config)], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const seen: LoadMessage[] = [];
  const waiters = new Set<() => void>();
  const handle: LoadChild = {
    child,
    next(type, timeoutMs) {
      return new Promise((resolve) => {
        const check = () => {
          const at = seen.findIndex((m) => m.type === type);
          if (at >= 0) return finish(seen.splice(at, 1)[0] as Extract<LoadMessage, { type: typeof type }>);
          if (child.exitCode !== null || child.signalCode !== null) finish(undefined);
        };
        const timer = setTimeout(() => finish(undefined), timeoutMs);
        function finish(value: Extract<LoadMessage, { type: typeof type }> | undefined) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(value);
        }
        waiters.add(check);
        check();
      });
    },
    command(command) {
      if (child.connected) child.send(command);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  const wake = () => [...waiters].forEach((w) => w());
  child.on('message', (message: LoadMessage) => {
    if (message.type === 'progress') handle.latest = message;
    else if (message.type !== 'flood-progress') seen.push(message);
    wake();
  });
  child.on('exit', wake);
  return handle;
}

interface FleetResult {
  stats: SimulatorStats;
  window: LatencySummary & { seconds: number };
  clientEventLoop: EventLoopFigures[];
}

/** Starts `parts` device children, waits until every device is online (or `onlineTimeoutMs`), and returns the fleet. */
async function startFleet(configs: DevicesConfig[], onlineTimeoutMs: number) {
  const children = configs.map((c) => forkLoad(c));
  const total = configs.reduce((s, c) => s + c.devices, 0);
  const online = () => children.reduce((s, c) => s + (c.latest?.online ?? 0), 0);
  const deadline = performance.now() + onlineTimeoutMs;
  const t0 = performance.now();
  let lastLog = t0;
  while (online() < total && performance.now() < deadline && children.every((c) => c.child.exitCode === null)) {
    await sleep(250);
    if (performance.now() - lastLog >= 5000) {
      lastLog = performance.now();
      log(`  … ${online()}/${total} devices online after ${((lastLog - t0) / 1000).toFixed(0)} s`);
    }
  }
  return {
    online: online(),
    total,
    mark: () => children.forEach((c) => c.command({ type: 'mark' })),
    /** Stops every child (draining `drainMs`) and merges their results; a child that does not answer is killed. */
    async stop(drainMs: number): Promise<FleetResult | undefined> {
      children.forEach((c) => c.command({ type: 'stop', drainMs }));
      const results = await Promise.all(children.map((c) => c.next('result', drainMs + 30_000)));
      children.forEach((c) => c.kill());
      const ok = results.filter((r): r is NonNullable<typeof r> => r !== undefined);
      if (ok.length < children.length) log(`!! ${children.length - ok.length} load process(es) gave no result`);
      if (!ok.length) return undefined;
      return {
        stats: mergeStats(ok.map((r) => r.stats)),
        window: { ...summarize(ok.flatMap((r) => r.windowLatencies)), seconds: Math.max(...ok.map((r) => r.windowMs)) / 1000 },
        clientEventLoop: ok.map((r) => r.eventLoop),
      };
    },
    kill: () => children.forEach((c) => c.kill()),
  };
}

function mergeStats(all: SimulatorStats[]): SimulatorStats {
  const sum = <T extends Record<string, number>>(pick: (s: SimulatorStats) => T): T => {
    const out = { ...pick(all[0]!) };
    for (const s of all.slice(1)) for (const k of Object.keys(out) as (keyof T)[]) (out[k] as number) += pick(s)[k] as number;
    return out;
  };
  const first = all[0]!;
  return {
    ...first,
    elapsedMs: Math.max(...all.map((s) => s.elapsedMs)),
    devices: all.reduce((n, s) => n + s.devices, 0),
    online: all.reduce((n, s) => n + s.online, 0),
    connects: all.reduce((n, s) => n + s.connects, 0),
    disconnects: all.reduce((n, s) => n + s.disconnects, 0),
    connectFailures: all.reduce((n, s) => n + s.connectFailures, 0),
    errors: all.reduce((n, s) => n + s.errors, 0),
    logins: sum((s) => s.logins),
    records: sum((s) => s.records),
    heartbeats: sum((s) => s.heartbeats),
    acks: sum((s) => s.acks),
    commands: sum((s) => s.commands),
    latency: first.latency, // per-process histograms do not merge here; the window samples do
  };
}

function devicesConfigs(total: number, parts: number, imeis: string[], addresses: string[], rampUpMs: number): DevicesConfig[] {
  const per = Math.ceil(total / parts);
  const configs: DevicesConfig[] = [];
  for (let i = 0; i * per < total; i++) {
    const count = Math.min(per, total - i * per);
    // Whole addresses per child, so that no address carries more than DEVICES_PER_ADDRESS.
    const perChildAddresses = Math.ceil(addresses.length / parts);
    configs.push({
      role: 'devices',
      protocol: 'gt06',
      devices: count,
      rate: 1,
      host: '127.0.0.1',
      port: PORTS.gt06,
      imeiStart: imeis[i * per]!,
      localAddresses: addresses.slice(i * perChildAddresses, (i + 1) * perChildAddresses),
      rampUpMs,
    });
  }
  return configs;
}

/** Records that never got their byte-exact ACK, and what the ACK checks counted. */
function ackAccount(s: SimulatorStats) {
  const unacked = s.records.sent - s.records.acked;
  return {
    recordsSent: s.records.sent,
    recordsAcked: s.records.acked,
    unackedRecords: unacked,
    resent: s.records.resent,
    mismatchedAcks: s.acks.mismatched,
    missingAcks: s.acks.missing,
    unexpectedAcks: s.acks.unexpected,
    reconnects: Math.max(0, s.connects - s.devices),
    noAckLost: unacked === 0 && s.acks.mismatched === 0 && s.acks.missing === 0 && s.acks.unexpected === 0,
  };
}

/** The server's log lines since `from`, grouped with digits masked, most frequent first. */
function logDigest(server: Server, from: number, top = 6): string[] {
  const counts = new Map<string, number>();
  for (const line of server.process.output.slice(from)) {
    const key = line.replace(/\d+/g, '#').slice(0, 160);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([line, n]) => `${n}× ${line}`);
}

const f = (n: number | undefined, digits = 1) => (n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));

// ---- scenarios 1–3 (one server) ---------------------------------------------------------------------

function summary(s: SimulatorStats, seconds: number): string {
  return `${s.records.acked} records ACKed in ${seconds.toFixed(1)} s = ${(s.records.acked / seconds).toFixed(0)}/s; ACK p50 ${s.latency.p50.toFixed(2)} ms, p99 ${s.latency.p99.toFixed(2)} ms; mismatched ${s.acks.mismatched}, missing ${s.acks.missing}`;
}

async function measure(
  options: Parameters<typeof startSimulator>[0],
  warmupMs: number,
  windowMs: number,
): Promise<{ stats: SimulatorStats; perSecond: number }> {
  const sim = startSimulator({ statsIntervalMs: 0, ...options });
  await sleep(warmupMs);
  const before = sim.stats();
  await sleep(windowMs);
  const after = sim.stats();
  const final = await sim.stop({ drainMs: 2000 });
  return { stats: final, perSecond: ((after.records.acked - before.records.acked) * 1000) / windowMs };
}

async function classic(
  server: Server,
  only: Set<Scenario>,
  imeis: { teltonika: string[]; gt06: string[]; idle: string[] },
  results: Record<string, unknown>,
): Promise<void> {
  if (only.has('idle')) {
    // 1. Idle connections, on the freshly started server.
    await sleep(1500);
    const before = memoryOf(server.pid)!;
    const sockets: Socket[] = [];
    const addresses = sourceAddresses(IDLE, 0);
    let accepted = 0;
    for (let i = 0; i < imeis.idle.length; i += 500) {
      await Promise.all(
        imeis.idle.slice(i, i + 500).map(
          (imei, j) =>
            new Promise<void>((resolve) => {
              const socket = connect({ port: PORTS.teltonika, host: '127.0.0.1', localAddress: addresses[Math.floor((i + j) / DEVICES_PER_ADDRESS)]! }, () => {
                const id = Buffer.from(imei, 'ascii');
                const header = Buffer.alloc(2);
                header.writeUInt16BE(id.length);
                socket.write(Buffer.concat([header, id]));
              });
              socket.setTimeout(10_000, () => socket.destroy());
              socket.once('data', (ack) => {
                socket.setTimeout(0);
                if (ack[0] === 1) accepted++;
                resolve();
              });
              socket.on('error', () => resolve());
              socket.on('close', () => resolve());
              sockets.push(socket);
            }),
        ),
      );
    }
    await sleep(3000);
    const after = memoryOf(server.pid)!;
    const extra = after.rssMiB - before.rssMiB;
    log(
      `idle connections: ${accepted} logged in and held; server RSS ${before.rssMiB.toFixed(0)} → ${after.rssMiB.toFixed(0)} MiB (+${extra.toFixed(0)} MiB) [target ≤ 300 MiB extra]`,
    );
    results.idle = { connections: accepted, rssBeforeMiB: before.rssMiB, rssAfterMiB: after.rssMiB, extraMiB: extra };
    for (const s of sockets) s.destroy();
    await sleep(1000); // let the server see them go before the next fleet connects
  }
  if (only.has('throughput')) {
    // 2. Throughput.
    const t = await measure(
      {
        protocol: 'teltonika',
        devices: 1000,
        rate: 50,
        window: 1,
        port: PORTS.teltonika,
        imeiStart: imeis.teltonika[0],
        localAddresses: sourceAddresses(1000, 0),
        rampUpMs: 2000,
        firmware: { teltonika: { maxRecordsPerPacket: 10 } },
      },
      4000,
      10_000,
    );
    log(
      `throughput (1,000 Teltonika devices, 10 records per packet): ${t.perSecond.toFixed(0)} records/s stored and ACKed over 10 s [target ≥ 20,000] — ${summary(t.stats, t.stats.elapsedMs / 1000)}`,
    );
    results.throughputRecordsPerSecond = Math.round(t.perSecond);
  }
  if (only.has('latency')) {
    // 3. Latency at 5,000 records/s, one record per frame.
    const l = await measure(
      {
        protocol: 'gt06',
        devices: 1000,
        rate: 5,
        window: 1,
        port: PORTS.gt06,
        imeiStart: imeis.gt06[0],
        localAddresses: sourceAddresses(1000, 0),
        rampUpMs: 2000,
      },
      4000,
      10_000,
    );
    log(
      `latency (1,000 GT06 devices × 5 records/s): ${l.perSecond.toFixed(0)} records/s, ACK p50 ${l.stats.latency.p50.toFixed(2)} ms, p99 ${l.stats.latency.p99.toFixed(2)} ms [target p99 ≤ 50 ms]`,
    );
    results.latency = { recordsPerSecond: Math.round(l.perSecond), p50: l.stats.latency.p50, p99: l.stats.latency.p99 };
  }
}

// ---- 4. 5,000 devices × 1 record/s -------------------------------------------------------------------

async function load5k(server: Server, imeis: string[], loadProcs: number) {
  await sleep(1500);
  const logFrom = server.process.output.length;
  const rssBefore = memoryOf(server.pid)?.rssMiB;
  const watch = watchServer(server);
  const fleet = await startFleet(devicesConfigs(LOAD_DEVICES, loadProcs, imeis, sourceAddresses(LOAD_DEVICES, 10), 5000), 60_000);
  if (fleet.online < fleet.total) log(`load5k: only ${fleet.online}/${fleet.total} devices online after 60 s; measuring anyway`);
  await sleep(2000);
  fleet.mark();
  await sleep(15_000);
  const rssAfter = memoryOf(server.pid)?.rssMiB;
  const result = await fleet.stop(5000);
  const server_ = watch.stop();
  if (!result) return { error: 'no result from the load process', server: server_, died: server.died };
  const acks = ackAccount(result.stats);
  const w = result.window;
  const loops = result.clientEventLoop;
  log(
    `load5k (${LOAD_DEVICES} GT06 devices × 1 record/s, ${f(w.seconds)} s window, ${loadProcs} load process(es)): ${w.count} ACKs in the window = ${(w.count / w.seconds).toFixed(0)}/s; ` +
      `ACK p50 ${f(w.p50, 2)} ms, p99 ${f(w.p99, 2)} ms, max ${f(w.max, 1)} ms [target p99 ≤ 50 ms]`,
  );
  log(
    `load5k ACKs over the whole run: ${acks.recordsSent} records sent, ${acks.recordsAcked} ACKed byte-exact, ${acks.unackedRecords} never ACKed, ${acks.mismatchedAcks} mismatched, ${acks.missingAcks} timed out, ${acks.unexpectedAcks} unexpected, ${acks.reconnects} reconnects → ${acks.noAckLost ? 'no ACK lost' : 'ACKS LOST'} [target: no ACK lost]`,
  );
  log(
    `load5k server: RSS ${f(rssBefore, 0)} MiB before → ${f(rssAfter, 0)} MiB after (max ${f(server_.rss.maxMiB, 0)}), CPU ${f(server_.cpuPercent, 0)}% of a core; ` +
      `HTTP request every 100 ms: p50 ${f(server_.httpProbe.p50, 2)} ms, p99 ${f(server_.httpProbe.p99, 2)} ms, max ${f(server_.httpProbe.max, 1)} ms, ${server_.httpProbe.timeouts} over 2 s` +
      (server.died ? `; SERVER DIED after ${f(server.died.afterMs / 1000)} s` : ''),
  );
  log(
    `load5k client event loop (per load process, over the window): ${loops.map((l) => `delay p50 ${f(l.p50, 1)} / p99 ${f(l.p99, 1)} / max ${f(l.max, 1)} ms, CPU ${f(l.cpuPercent, 0)}% of a core`).join('; ')}`,
  );
  const serverLog = logDigest(server, logFrom);
  if (serverLog.length) log(`load5k server log meanwhile:\n  ${serverLog.join('\n  ')}`);
  return {
    devices: LOAD_DEVICES,
    online: fleet.online,
    loadProcesses: loadProcs,
    windowSeconds: w.seconds,
    ackLatencyMs: { p50: w.p50, p99: w.p99, max: w.max, count: w.count },
    acks,
    serverRssMiB: { before: rssBefore, after: rssAfter, max: server_.rss.maxMiB },
    serverCpuPercent: server_.cpuPercent,
    serverHttpProbeMs: { p50: server_.httpProbe.p50, p99: server_.httpProbe.p99, max: server_.httpProbe.max, timeouts: server_.httpProbe.timeouts },
    clientEventLoopMs: loops,
    serverLog,
    ...(server.died ? { serverDied: server.died } : {}),
  };
}

// ---- 5. a flooding connection next to 1,000 devices -------------------------------------------------

async function flood(server: Server, normal: string[], flooderImei: string, floodMiB: number) {
  await sleep(1500);
  const logFrom = server.process.output.length;
  const watch = watchServer(server);
  const rssBaseline = watch.rssNow();
  const fleet = await startFleet(devicesConfigs(FLOOD_NORMAL_DEVICES, 1, normal, sourceAddresses(FLOOD_NORMAL_DEVICES, 20), 2000), 30_000);
  if (fleet.online < fleet.total) log(`flood: only ${fleet.online}/${fleet.total} normal devices online after 30 s; measuring anyway`);
  await sleep(2000);
  const rssAtFloodStart = watch.rssNow();
  const flooder = forkLoad({
    role: 'flood',
    host: '127.0.0.1',
    port: PORTS.teltonika,
    imei: flooderImei,
    localAddress: FLOODER_ADDRESS,
    durationMs: FLOOD_MS,
    maxBytes: Math.round(floodMiB * 1024 * 1024),
    recordsPerPacket: 10,
  });
  const floodStartedAt = performance.now();
  const flooding = await flooder.next('flooding', 15_000);
  fleet.mark(); // the normal devices' window: from the flooder's login until they stop
  if (!flooding) log('flood: the flooder did not get logged in (see below)');
  const floodEnd = performance.now() + FLOOD_MS;
  const done = await flooder.next('flood-done', FLOOD_MS + 30_000);
  // The window lasts the whole FLOOD_MS even when the flooder reached its cap sooner (the server may
  // still be working off what it read), and 3 s more.
  await sleep(Math.max(0, floodEnd - performance.now()) + 3000);
  const result = await fleet.stop(5000);
  flooder.command({ type: 'stop', drainMs: 0 });
  await sleep(2000);
  flooder.kill();
  const server_ = watch.stop();
  const growth = server_.rss.maxMiB - rssBaseline; // the scenario's: normal devices connecting included
  const floodGrowth = server_.rss.maxMiB - rssAtFloodStart; // from the flooder's start, the normal devices already online
  const pushedMiB = (done?.pushedBytes ?? 0) / 1024 / 1024;
  log(
    `flood: the flooder ${done ? `(${done.handshake})` : '(no report)'} pushed ${f(pushedMiB)} MiB in ${f((done?.floodMs ?? performance.now() - floodStartedAt) / 1000)} s` +
      ` (${done?.packets ?? 0} AVL packets, ${done?.records ?? 0} records; waited on a full socket ${f((done?.stalledMs ?? 0) / 1000)} s)` +
      (done?.closedAfterMs !== undefined ? `; the server closed it after ${f(done.closedAfterMs / 1000)} s` : '; its connection stayed open') +
      (done?.error ? ` (${done.error})` : ''),
  );
  const w = result?.window;
  const acks = result ? ackAccount(result.stats) : undefined;
  log(
    `flood: ${FLOOD_NORMAL_DEVICES} normal GT06 devices × 1 record/s: ` +
      (w
        ? `${w.count} ACKs in ${f(w.seconds)} s, ACK p50 ${f(w.p50, 2)} ms, p99 ${f(w.p99, 2)} ms, max ${f(w.max, 1)} ms [target p99 ≤ 50 ms]; `
        : 'no result; ') +
      (acks
        ? `${acks.recordsSent} sent, ${acks.recordsAcked} ACKed, ${acks.unackedRecords} never ACKed, ${acks.mismatchedAcks} mismatched, ${acks.missingAcks} timed out, ${acks.reconnects} reconnects`
        : ''),
  );
  log(
    `flood server: RSS ${f(rssBaseline, 0)} MiB at the start, ${f(rssAtFloodStart, 0)} MiB when the flood began, max ${f(server_.rss.maxMiB, 0)} MiB, ${f(server_.rss.lastMiB, 0)} MiB at the end → growth ${f(growth, 0)} MiB over the scenario, ${f(floodGrowth, 0)} MiB from the flood's start [target ≤ 150 MiB];` +
      ` CPU ${f(server_.cpuPercent, 0)}% of a core; HTTP request every 100 ms: p50 ${f(server_.httpProbe.p50, 2)} ms, p99 ${f(server_.httpProbe.p99, 2)} ms, max ${f(server_.httpProbe.max, 1)} ms, ${server_.httpProbe.timeouts} over 2 s` +
      (server.died ? `; SERVER DIED after ${f(server.died.afterMs / 1000)} s (code ${server.died.code}, signal ${server.died.signal})` : ''),
  );
  const serverLog = logDigest(server, logFrom);
  if (serverLog.length) log(`flood server log meanwhile:\n  ${serverLog.join('\n  ')}`);
  if (result)
    log(
      `flood client event loop (normal devices' process): ${result.clientEventLoop.map((l) => `delay p50 ${f(l.p50, 1)} / p99 ${f(l.p99, 1)} / max ${f(l.max, 1)} ms, CPU ${f(l.cpuPercent, 0)}% of a core`).join('; ')}`,
    );
  return {
    flooder: done ?? { error: 'no report' },
    flooderPushedMiB: pushedMiB,
    normalDevices: FLOOD_NORMAL_DEVICES,
    normalOnline: fleet.online,
    ...(w ? { normalAckLatencyMs: { p50: w.p50, p99: w.p99, max: w.max, count: w.count }, windowSeconds: w.seconds } : {}),
    ...(acks ? { normalAcks: acks } : {}),
    serverRssMiB: {
      baseline: rssBaseline,
      atFloodStart: rssAtFloodStart,
      max: server_.rss.maxMiB,
      end: server_.rss.lastMiB,
      growth,
      growthFromFloodStart: floodGrowth,
    },
    serverCpuPercent: server_.cpuPercent,
    serverHttpProbeMs: { p50: server_.httpProbe.p50, p99: server_.httpProbe.p99, max: server_.httpProbe.max, timeouts: server_.httpProbe.timeouts },
    serverLog,
    ...(server.died ? { serverDied: server.died } : {}),
  };
}

// ---- main -----------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { only, loadProcs, floodMiB } = parseArgs(process.argv.slice(2));
  const imeis = {
    teltonika: imeiSequence('356307042440000', 1000),
    gt06: imeiSequence('358688000000000', 1000),
    idle: imeiSequence('861000000000000', IDLE),
    load: imeiSequence('358688100000000', LOAD_DEVICES),
    flooder: imeiSequence('356307042450000', 1),
  };
  if (SERVE_EXTRA_ARGS.length) log(`extra serve flags: ${SERVE_EXTRA_ARGS.join(' ')}`);
  const results: Record<string, unknown> = {};
  /** A fresh data folder (on the normal tmp disk) seeded with `groups`, for one server, removed afterwards. */
  const inFolder = async <T>(name: string, groups: { model: string; imeis: string[] }[], run: (dir: string) => Promise<T>): Promise<T> => {
    const dir = mkdtempSync(join(os.tmpdir(), 'dealer-console-bench-gateway-'));
    try {
      log(`${name}: seeding ${groups.reduce((n, g) => n + g.imeis.length, 0).toLocaleString('en')} registered devices in ${dir} ...`);
      await seedDevices(dir, groups);
      return await run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  if (only.has('idle') || only.has('throughput') || only.has('latency')) {
    const groups: { model: string; imeis: string[] }[] = [];
    if (only.has('idle')) groups.push({ model: 'telfmb920', imeis: imeis.idle });
    if (only.has('throughput')) groups.push({ model: 'telfmb920', imeis: imeis.teltonika });
    if (only.has('latency')) groups.push({ model: 'concoxgt06n', imeis: imeis.gt06 });
    const outcome = await inFolder('idle/throughput/latency', groups, (dir) =>
      withServer(dir, 'idle/throughput/latency', (server) => classic(server, only, imeis, results)),
    );
    if (outcome && 'error' in outcome) results.classicError = outcome.error;
  }
  if (only.has('load5k')) {
    results.load5k = await inFolder('load5k', [{ model: 'concoxgt06n', imeis: imeis.load }], (dir) =>
      withServer(dir, 'load5k', (server) => load5k(server, imeis.load, loadProcs)),
    );
  }
  if (only.has('flood')) {
    const groups = [
      { model: 'telfmb920', imeis: imeis.flooder },
      { model: 'concoxgt06n', imeis: imeis.gt06 },
    ];
    results.flood = await inFolder('flood', groups, (dir) => withServer(dir, 'flood', (server) => flood(server, imeis.gt06, imeis.flooder[0]!, floodMiB)));
  }
  console.log(JSON.stringify(results));
}

main().then(
  () => process.exit(0), // nothing left to wait for (a stuck child socket must not hold the run)
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
