/**
 * `npm run bench`: one dealer with 100,000 trackers across 1,000 users, served by the built CLI over
 * HTTP on this machine. Prints a table and writes bench/results.json. Timing never fails the run:
 * a benchmark is not a test, it reports PASS/MISS against the targets.
 *
 * Options: --trackers N  --users N  --requests N  --keep (keep the seeded data folder)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { memoryOf, startServer, type ServerProcess } from './cli-process.js';
import { ApiClient } from './http-client.js';
import { loadNative, runNativeReference, type NativeReference } from './native-reference.js';
import { ADMIN_PASSWORD, seed } from './seed.js';
import { ms, seededRandom, summarize, type LatencySummary } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    trackers: { type: 'string', default: '100000' },
    users: { type: 'string', default: '1000' },
    requests: { type: 'string', default: '400' },
    keep: { type: 'boolean', default: false },
  },
});
const TRACKERS = Number(values.trackers);
const USERS = Number(values.users);
const REQUESTS = Math.max(300, Number(values.requests));
const PAGE = 50;

const log = (line: string) => console.log(`[bench] ${line}`);

interface Row {
  metric: string;
  value: string;
  target: string;
  verdict: 'PASS' | 'MISS' | '';
}
const rows: Row[] = [];
const results: Record<string, unknown> = {};
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : 'n/a');

function target(metric: string, value: number, unit: string, limit: number, atMost: boolean, shown = `${f1(value)} ${unit}`): void {
  const pass = atMost ? value <= limit : value >= limit;
  rows.push({ metric, value: shown, target: `${atMost ? '≤' : '≥'} ${limit.toLocaleString('en-US')} ${unit}`, verdict: pass ? 'PASS' : 'MISS' });
}
function info(metric: string, value: string): void {
  rows.push({ metric, value, target: '', verdict: '' });
}

/** Sequential requests, one at a time over one keep-alive connection. */
async function timeSequential(n: number, request: (i: number) => Promise<unknown>): Promise<LatencySummary> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await request(i);
    samples.push(ms(start));
  }
  return summarize(samples);
}

/** `--<protocol>-port 0` for every device port the CLI offers: the bench measures the API alone. */
function devicePortsOff(): string[] {
  const help = spawnSync(process.execPath, [join(root, 'bin/dealer-console.js'), 'serve', '--help'], { encoding: 'utf8' }).stdout ?? '';
  return [...new Set(help.match(/--[a-z0-9]+-port\b/g) ?? [])].flatMap((option) => [option, '0']);
}

/** The backend half of `npm run build` (the CLI needs no renderer): `tsc -p tsconfig.build.json`. */
function build(): { ok: boolean; seconds: number; output: string } {
  const started = Date.now();
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000, output: `${result.stdout}${result.stderr}`.trim() };
}

interface HttpFigures {
  total: number;
  filter: string;
  matches: number;
  firstListMs: number;
  listFiltered: LatencySummary;
  listAll: LatencySummary;
  writeSequential: LatencySummary;
  clients: number;
  throughput: number;
  writeConcurrent: LatencySummary;
  memAfterList?: Memory;
  memAfterWrites?: Memory;
}
type Memory = NonNullable<ReturnType<typeof memoryOf>>;

/** Steps 4-7: the HTTP benchmarks against a running server. */
async function measureHttp(server: ServerProcess, trackerIds: number[]): Promise<HttpFigures> {
  const client = new ApiClient(server.url);
  try {
    client.hash = (await client.ok('account/auth', { login: 'admin', password: ADMIN_PASSWORD })).hash as string;
    const list = (params: Record<string, unknown>) => client.ok('tracker/list', { order_by: 'label', limit: PAGE, ...params });

    // 4. A 3-letter filter that matches a few percent of the trackers.
    const firstList = process.hrtime.bigint();
    const total = (await list({ offset: 0 })).count as number;
    const firstListMs = ms(firstList);
    let filter = '';
    let matches = 0;
    for (const candidate of ['gra', 'lyo', 'rig', 'tur', 'mil', 'nap', 'lis', 'bre', 'por', 'ber']) {
      const count = (await list({ filter: candidate, limit: 1 })).count as number;
      if (count >= total * 0.02 && count <= total * 0.05) {
        filter = candidate;
        matches = count;
        break;
      }
    }
    if (!filter) throw new Error('no candidate filter matched 2-5% of the trackers');
    log(`filter "${filter}" matches ${matches.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} (${((100 * matches) / total).toFixed(1)} %)`);

    // 5. tracker/list, filtered and not, random pages, after 20 warm-up requests each.
    const random = seededRandom(42);
    const filteredPage = async () => {
      const body = await list({ filter, offset: Math.floor(random() * (matches - PAGE)) });
      if (body.list.length !== PAGE || body.count !== matches) throw new Error('unexpected page');
    };
    const anyPage = async () => {
      const body = await list({ offset: Math.floor(random() * (total - PAGE)) });
      if (body.list.length !== PAGE || body.count !== total) throw new Error('unexpected page');
    };
    log(`tracker/list: ${REQUESTS} filtered and ${REQUESTS} unfiltered pages ...`);
    await timeSequential(20, filteredPage);
    const listFiltered = await timeSequential(REQUESTS, filteredPage);
    await timeSequential(20, anyPage);
    const listAll = await timeSequential(REQUESTS, anyPage);
    const memAfterList = memoryOf(server.child.pid!);

    // 6. Durable writes: tracker/settings/update, sequential, then 32 concurrent clients.
    let labelCounter = 0;
    const update = () =>
      client.ok('tracker/settings/update', { tracker_id: trackerIds[Math.floor(random() * trackerIds.length)]!, label: `Bench ${++labelCounter}` });
    log(`tracker/settings/update: ${REQUESTS} sequential, then ${WRITES} from ${CLIENTS} clients ...`);
    await timeSequential(20, update);
    const writeSequential = await timeSequential(REQUESTS, update);
    let issued = 0;
    const concurrentSamples: number[] = [];
    const burst = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (issued < WRITES) {
          issued++;
          const start = process.hrtime.bigint();
          await update();
          concurrentSamples.push(ms(start));
        }
      }),
    );
    const throughput = (concurrentSamples.length / ms(burst)) * 1000;
    return {
      total,
      filter,
      matches,
      firstListMs,
      listFiltered,
      listAll,
      writeSequential,
      clients: CLIENTS,
      throughput,
      writeConcurrent: summarize(concurrentSamples),
      memAfterList,
      memAfterWrites: memoryOf(server.child.pid!),
    };
  } finally {
    client.close();
  }
}

const CLIENTS = 32;
const WRITES = 6000;
const NATIVE_QUERIES = 100;

async function main(): Promise<void> {
  const cpus = os.cpus();
  log(`machine: ${cpus.length} × ${cpus[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}`);
  results.machine = { cpus: cpus.length, cpu: cpus[0]?.model.trim(), memGiB: os.totalmem() / 2 ** 30, node: process.version, platform: `${os.platform()} ${os.release()}`, loadAtStart: os.loadavg() };

  // 1. The CLI is what users start: build it.
  log('building the backend (tsc -p tsconfig.build.json) ...');
  const built = build();
  if (!built.ok) {
    const emitted = existsSync(join(root, 'dist/backend/cli.js'));
    log(`build reported errors${emitted ? ' (dist/ was still emitted; using it)' : ''}:\n${built.output.split('\n').slice(0, 8).join('\n')}`);
  }

  // 2. Seed straight through the store, then close: a snapshot and an empty journal.
  const dataDir = mkdtempSync(join(os.tmpdir(), 'dealer-console-bench-'));
  const snapshotCopy = join(os.tmpdir(), `dealer-console-bench-native-${process.pid}.db`);
  try {
    log(`seeding ${TRACKERS.toLocaleString('en-US')} trackers / ${USERS.toLocaleString('en-US')} users into ${dataDir} ...`);
    const seeded = await seed({ dataDir, trackers: TRACKERS, users: USERS, batch: 5000 });
    log(`seeded in ${seeded.seconds.toFixed(1)} s`);
    results.seed = { trackers: TRACKERS, users: USERS, seconds: seeded.seconds };
    copyFileSync(join(dataDir, 'snapshot.db'), snapshotCopy);

    // 3. Cold start of the CLI to its ready line, three times; the last one serves the benchmark.
    const cliArgs = ['serve', '--data', dataDir, '--host', '127.0.0.1', '--port', '0', ...devicePortsOff()];
    let args = [join(root, 'bin/dealer-console.js'), ...cliArgs];
    let how = 'built CLI: node bin/dealer-console.js serve';
    const starts: number[] = [];
    const startCpu: number[] = [];
    let server: ServerProcess | undefined;
    for (let i = 0; i < 3; i++) {
      try {
        server = await startServer(process.execPath, args, root);
      } catch (error) {
        if (starts.length > 0 || args[0]!.endsWith('cli.ts')) throw error;
        log(`the built CLI did not start (${(error as Error).message.split('\n')[0]}); falling back to tsx: cold start not comparable`);
        args = ['--import', 'tsx', join(root, 'backend/cli.ts'), ...cliArgs];
        how = 'tsx backend/cli.ts serve (the build did not run)';
        server = await startServer(process.execPath, args, root);
      }
      starts.push(server.startMs);
      if (server.startCpuMs !== undefined) startCpu.push(server.startCpuMs);
      log(`start ${i + 1}: ready in ${server.startMs.toFixed(0)} ms (${server.startCpuMs ?? '?'} ms CPU)`);
      if (i < 2) await server.stop();
    }
    const coldStart = [...starts].sort((a, b) => a - b)[1]!;
    const memAtStart = memoryOf(server!.child.pid!);

    let http: HttpFigures;
    try {
      http = await measureHttp(server!, seeded.trackerIds);
    } finally {
      results.stop = await server!.stop();
    }

    // 7. The physical reference, after the server is gone so it does not compete for the CPU.
    const Native = await loadNative();
    let native: NativeReference | undefined;
    if (Native) {
      log(`native SQLite reference (better-sqlite3), ${NATIVE_QUERIES} queries per row ...`);
      native = runNativeReference(Native, snapshotCopy, http.filter, NATIVE_QUERIES);
    } else log('better-sqlite3 is not installed: no native reference');

    results.coldStart = { how, runsMs: starts, medianMs: coldStart, cpuMs: startCpu };
    results.list = { filter: http.filter, matches: http.matches, total: http.total, firstRequestMs: http.firstListMs, filtered: http.listFiltered, unfiltered: http.listAll };
    results.native = native ?? null;
    results.writes = {
      sequential: http.writeSequential,
      concurrent: { clients: CLIENTS, writes: WRITES, perSecond: http.throughput, latency: http.writeConcurrent },
    };
    results.memory = { atStart: memAtStart, afterList: http.memAfterList, afterWrites: http.memAfterWrites };
    results.machine = { ...(results.machine as object), loadAtEnd: os.loadavg() };

    // The table.
    const mem = (m: Memory | undefined) => (m ? `${m.rssMiB.toFixed(0)} MiB (peak ${m.peakMiB.toFixed(0)} MiB)` : 'n/a');
    info('data', `1 dealer, ${http.total.toLocaleString('en-US')} trackers, ${USERS.toLocaleString('en-US')} users; seeded in ${seeded.seconds.toFixed(1)} s`);
    info('tracker/list, first request (builds the label order)', `${f1(http.firstListMs)} ms`);
    info(`tracker/list filter="${http.filter}" order_by=label limit=${PAGE}`, `${http.matches.toLocaleString('en-US')} matches, ${REQUESTS} random pages`);
    target('  p50', http.listFiltered.p50, 'ms', 15, true);
    target('  p99', http.listFiltered.p99, 'ms', 50, true);
    info(`tracker/list order_by=label limit=${PAGE}, no filter`, `${REQUESTS} random pages`);
    target('  p50', http.listAll.p50, 'ms', 15, true);
    target('  p99', http.listAll.p99, 'ms', 50, true);
    if (native) {
      info(`native SQLite ${native.sqliteVersion} (better-sqlite3, in-process)`, `same page + COUNT, same file, ${NATIVE_QUERIES} queries`);
      info('  filter p50 / p99', `${f1(native.filtered.p50)} / ${f1(native.filtered.p99)} ms`);
      info('  no filter p50 / p99', `${f1(native.unfiltered.p50)} / ${f1(native.unfiltered.p99)} ms`);
      info('  + index on lower(label): filter p50 / p99', `${f1(native.indexedFiltered.p50)} / ${f1(native.indexedFiltered.p99)} ms`);
      info('  + index on lower(label): no filter p50 / p99', `${f1(native.indexedUnfiltered.p50)} / ${f1(native.indexedUnfiltered.p99)} ms`);
    } else info('native SQLite reference', 'skipped: better-sqlite3 is not installed');
    info('tracker/settings/update, sequential', `${REQUESTS} requests`);
    target('  p50', http.writeSequential.p50, 'ms', 5, true);
    target('  p99', http.writeSequential.p99, 'ms', 20, true);
    target(`tracker/settings/update, ${CLIENTS} clients`, http.throughput, 'writes/s', 1000, false, `${Math.round(http.throughput).toLocaleString('en-US')} writes/s`);
    info('  latency p50 / p99 under that load', `${f1(http.writeConcurrent.p50)} / ${f1(http.writeConcurrent.p99)} ms`);
    target('cold start to the ready line (median of 3)', coldStart, 'ms', 2000, true, `${coldStart.toFixed(0)} ms (${starts.map((v) => v.toFixed(0)).join(', ')})`);
    if (startCpu.length) info('  CPU used by then (user + system)', `${startCpu.map((v) => v.toFixed(0)).join(', ')} ms`);
    info('  started as', how);
    info('RSS after start', mem(memAtStart));
    info('RSS after the list benchmark', mem(http.memAfterList));
    info('RSS after the write benchmark', mem(http.memAfterWrites));
    const stop = results.stop as { ms: number; code: number | null };
    info('clean stop (SIGTERM, writes the snapshot)', `${stop.ms.toFixed(0)} ms, exit code ${stop.code}`);
    info('machine', `${cpus.length} × ${cpus[0]?.model.trim()}, load ${os.loadavg()[0]!.toFixed(2)} at the end`);
  } finally {
    rmSync(snapshotCopy, { force: true });
    if (values.keep) log(`data folder kept: ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }

  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => [r.metric, r.value, r.target][i]!.length), ['Metric', 'Result', 'Target'][i]!.length));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padEnd(7))).join(' | ')} |`;
  const table = [
    line(['Metric', 'Result', 'Target', 'Verdict']),
    line(widths.map((w) => '-'.repeat(w)).concat('-------')),
    ...rows.map((r) => line([r.metric, r.value, r.target, r.verdict])),
  ].join('\n');
  console.log(`\n${table}\n`);
  results.table = rows;
  results.at = new Date().toISOString();
  const out = join(root, 'bench/results.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
