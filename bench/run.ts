/**
 * `npm run bench:api`: one dealer with 10,000, 100,000 and 250,000 trackers across 1,000 users, each
 * size seeded afresh and served by the built CLI over HTTP on this machine, one after the other.
 * Prints one table with a column per size and writes bench/results.json. Timing never fails the
 * run: a benchmark is not a test, it reports PASS/MISS against the targets.
 *
 * Options: --sizes N,N,...  (default 10000,100000,250000)  --trackers N (one size only)
 *          --users N  --requests N  --registers N  --keep (keep the seeded data folders)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { memoryOf, startServer, type ServerProcess } from './cli-process.js';
import { ApiClient } from './http-client.js';
import { loadNative, runNativeReference, type NativeConstructor, type NativeReference } from './native-reference.js';
import { ADMIN_PASSWORD, seed, type SeedResult } from './seed.js';
import { ms, seededRandom, summarize, type LatencySummary } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,250000' },
    trackers: { type: 'string' },
    users: { type: 'string', default: '1000' },
    requests: { type: 'string', default: '400' },
    registers: { type: 'string', default: '3000' },
    keep: { type: 'boolean', default: false },
  },
});
const SIZES = (values.trackers ?? values.sizes).split(',').map((n) => Number(n.trim()));
if (SIZES.some((n) => !Number.isInteger(n) || n < 1000))
  throw new Error(`--sizes/--trackers: whole numbers of at least 1,000 (got ${values.trackers ?? values.sizes})`);
const USERS = Number(values.users);
const REQUESTS = Math.max(300, Number(values.requests));
/** tracker/register calls per size (they add trackers: a few percent of the smallest size). */
const REGISTERS = Math.max(500, Number(values.registers));
const PAGE = 50;

const log = (line: string) => console.log(`[bench] ${line}`);

/** One line of the table: a cell per size, and where a target applies, its limit per size. */
interface Row {
  metric: string;
  cells: string[];
  /** Per size: the limit (undefined: no target at that size). */
  limits?: (number | undefined)[];
  atMost?: boolean;
  unit?: string;
  /** Per size: whether the target was met. */
  passed?: boolean[];
}
const results: Record<string, unknown> = {};
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : 'n/a');
const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** Cold start targets: ≤ 1 s up to 100,000 trackers, ≤ 2.5 s above (issue 10 item 5). */
const coldStartLimit = (trackers: number) => (trackers <= 100_000 ? 1000 : 2500);

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
  /** Unpaged tracker/list (every tracker, streamed): ms until the whole body is read and parsed, 3 runs. */
  listUnpaged: number[];
  memAfterUnpaged?: Memory;
  writeSequential: LatencySummary;
  clients: number;
  throughput: number;
  writeConcurrent: LatencySummary;
  registerThroughput: number;
  registerConcurrent: LatencySummary;
  /** Step 8: BATCH_ROWS rows through tracker/batch_register, one call after another: total ms, ms per call. */
  batchImportMs: number;
  batchCallMs: number[];
  memAfterList?: Memory;
  memAfterWrites?: Memory;
}
type Memory = NonNullable<ReturnType<typeof memoryOf>>;

/** Steps 4-7: the HTTP benchmarks against a running server. */
/** `clients` callers issuing `total` requests between them, each waiting for its answer: requests/s and latencies. */
async function concurrent(clients: number, total: number, request: (i: number) => Promise<unknown>): Promise<{ perSecond: number; latency: LatencySummary }> {
  let issued = 0;
  const samples: number[] = [];
  const burst = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (issued < total) {
        const i = issued++;
        const start = process.hrtime.bigint();
        await request(i);
        samples.push(ms(start));
      }
    }),
  );
  return { perSecond: (samples.length / ms(burst)) * 1000, latency: summarize(samples) };
}

async function measureHttp(server: ServerProcess, seeded: SeedResult): Promise<HttpFigures> {
  const { trackerIds } = seeded;
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

    // 5b. tracker/list without a limit: every tracker in one answer (streamed by the server).
    log('tracker/list without a limit: 3 times ...');
    const listUnpaged: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      const body = await client.ok('tracker/list', {});
      listUnpaged.push(ms(start));
      if (body.list.length !== total || body.count !== total) throw new Error(`unpaged list gave ${body.list.length} of ${total}`);
    }
    const memAfterUnpaged = memoryOf(server.child.pid!);

    // 6. Durable writes: tracker/settings/update, sequential, then 32 concurrent clients.
    let labelCounter = 0;
    const update = () =>
      client.ok('tracker/settings/update', { tracker_id: trackerIds[Math.floor(random() * trackerIds.length)]!, label: `Bench ${++labelCounter}` });
    log(`tracker/settings/update: ${REQUESTS} sequential, then ${WRITES} from ${CLIENTS} clients ...`);
    await timeSequential(20, update);
    const writeSequential = await timeSequential(REQUESTS, update);
    const writes = await concurrent(CLIENTS, WRITES, update);

    // 7. tracker/register from 32 clients: new device ids, every other one with a phone (both are
    // checked for duplicates), for the seeded users in turn.
    log(`tracker/register: ${REGISTERS} from ${CLIENTS} clients ...`);
    const registers = await concurrent(CLIENTS, REGISTERS, (i) =>
      client.ok('tracker/register', {
        user_id: seeded.userIds[i % seeded.userIds.length]!,
        label: `Registered ${i}`,
        model: seeded.models[i % seeded.models.length]!,
        device_id: `86${String(i).padStart(13, '0')}`,
        ...(i % 2 === 0 ? { phone: `4915${String(i).padStart(9, '0')}` } : {}),
      }),
    );
    // 8. The desktop's bulk import (issue 13): BATCH_ROWS rows through tracker/batch_register in
    // calls of BATCH_SIZE, one after another as the renderer sends them, every item accepted.
    log(`tracker/batch_register: ${count(BATCH_ROWS)} rows in calls of ${count(BATCH_SIZE)} ...`);
    const batchCallMs: number[] = [];
    const importStart = performance.now();
    for (let call = 0; call * BATCH_SIZE < BATCH_ROWS; call++) {
      const trackers = Array.from({ length: Math.min(BATCH_SIZE, BATCH_ROWS - call * BATCH_SIZE) }, (_, k) => {
        const i = call * BATCH_SIZE + k;
        return {
          user_id: seeded.userIds[i % seeded.userIds.length]!,
          label: `Imported ${i}`,
          model: seeded.models[i % seeded.models.length]!,
          device_id: `87${String(i).padStart(13, '0')}`,
          ...(i % 2 === 0 ? { phone: `4916${String(i).padStart(9, '0')}` } : {}),
        };
      });
      const callStart = performance.now();
      const answer = (await client.ok('tracker/batch_register', { trackers })) as { list: ({ id: number } | { error: { code: number } })[] };
      batchCallMs.push(performance.now() - callStart);
      const refused = answer.list.filter((item) => 'error' in item);
      if (refused.length) throw new Error(`tracker/batch_register refused ${refused.length} of ${trackers.length} rows (first: ${JSON.stringify(refused[0])})`);
    }
    const batchImportMs = performance.now() - importStart;
    return {
      total,
      filter,
      matches,
      firstListMs,
      listFiltered,
      listAll,
      listUnpaged,
      memAfterUnpaged,
      writeSequential,
      clients: CLIENTS,
      throughput: writes.perSecond,
      writeConcurrent: writes.latency,
      registerThroughput: registers.perSecond,
      registerConcurrent: registers.latency,
      batchImportMs,
      batchCallMs,
      memAfterList,
      memAfterWrites: memoryOf(server.child.pid!),
    };
  } finally {
    client.close();
  }
}

const CLIENTS = 32;
const WRITES = 6000;
/** Step 8: rows of one bulk import and rows per tracker/batch_register call (its maximum). */
const BATCH_ROWS = 10_000;
const BATCH_SIZE = 1000;
const NATIVE_QUERIES = 100;

interface SizeFigures {
  trackers: number;
  seedSeconds: number;
  how: string;
  starts: number[];
  startCpu: number[];
  coldStart: number;
  memAtStart?: Memory;
  http: HttpFigures;
  stop: { ms: number; code: number | null };
  native?: NativeReference;
}

/** Steps 2-8 for one size: seed a fresh folder, start the CLI three times, measure, stop, native reference. */
async function measureSize(trackers: number, Native: NativeConstructor | undefined): Promise<SizeFigures> {
  // 2. Seed straight through the store, then close: a snapshot and an empty journal.
  const dataDir = mkdtempSync(join(os.tmpdir(), 'dealer-console-bench-'));
  const snapshotCopy = join(os.tmpdir(), `dealer-console-bench-native-${process.pid}.db`);
  try {
    log(`seeding ${trackers.toLocaleString('en-US')} trackers / ${USERS.toLocaleString('en-US')} users into ${dataDir} ...`);
    const seeded = await seed({ dataDir, trackers, users: USERS, batch: 5000 });
    log(`seeded in ${seeded.seconds.toFixed(1)} s`);
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

    // 4-7. Over HTTP.
    let http: HttpFigures;
    let stop: { ms: number; code: number | null };
    try {
      http = await measureHttp(server!, seeded);
    } finally {
      stop = await server!.stop();
    }

    // 8. The physical reference, after the server is gone so it does not compete for the CPU.
    let native: NativeReference | undefined;
    if (Native) {
      log(`native SQLite reference (better-sqlite3), ${NATIVE_QUERIES} queries per row ...`);
      native = runNativeReference(Native, snapshotCopy, http.filter, NATIVE_QUERIES);
    }
    return { trackers, seedSeconds: seeded.seconds, how, starts, startCpu, coldStart, memAtStart, http, stop, native };
  } finally {
    rmSync(snapshotCopy, { force: true });
    if (values.keep) log(`data folder kept: ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The table: a column per size; a target row says PASS only when every size met it. */
function table(sizes: SizeFigures[]): { rows: Row[]; text: string } {
  const rows: Row[] = [];
  const info = (metric: string, cell: (s: SizeFigures) => string) => rows.push({ metric, cells: sizes.map(cell) });
  const target = (
    metric: string,
    value: (s: SizeFigures) => number,
    unit: string,
    limit: (s: SizeFigures) => number | undefined,
    atMost: boolean,
    shown?: (s: SizeFigures) => string,
  ) => {
    const limits = sizes.map(limit);
    rows.push({
      metric,
      cells: sizes.map((s) => (shown ? shown(s) : `${f1(value(s))} ${unit}`)),
      limits,
      atMost,
      unit,
      passed: sizes.map((s, i) => limits[i] === undefined || (atMost ? value(s) <= limits[i]! : value(s) >= limits[i]!)),
    });
  };
  const mem = (m: Memory | undefined) => (m ? `${m.rssMiB.toFixed(0)} MiB (peak ${m.peakMiB.toFixed(0)})` : 'n/a');
  info('seeded (1 dealer, 1,000 users), seconds', (s) => s.seedSeconds.toFixed(1));
  target(
    'cold start to the ready line (median of 3)',
    (s) => s.coldStart,
    'ms',
    (s) => coldStartLimit(s.trackers),
    true,
    (s) => `${s.coldStart.toFixed(0)} ms`,
  );
  info('  the 3 starts', (s) => s.starts.map((v) => v.toFixed(0)).join(', '));
  info('  CPU used by then (user + system), ms', (s) => s.startCpu.map((v) => v.toFixed(0)).join(', '));
  info('RSS after start', (s) => mem(s.memAtStart));
  info('tracker/list, first request (builds the label order)', (s) => `${f1(s.http.firstListMs)} ms`);
  info(`tracker/list filter (2-5 % match) order_by=label limit=${PAGE}`, (s) => `"${s.http.filter}": ${count(s.http.matches)}`);
  target(
    '  p50',
    (s) => s.http.listFiltered.p50,
    'ms',
    () => 15,
    true,
  );
  target(
    '  p99',
    (s) => s.http.listFiltered.p99,
    'ms',
    () => 50,
    true,
  );
  info(`tracker/list order_by=label limit=${PAGE}, no filter`, () => `${REQUESTS} random pages`);
  target(
    '  p50',
    (s) => s.http.listAll.p50,
    'ms',
    () => 15,
    true,
  );
  target(
    '  p99',
    (s) => s.http.listAll.p99,
    'ms',
    () => 50,
    true,
  );
  info('RSS after the list benchmark', (s) => mem(s.http.memAfterList));
  target(
    'tracker/list without a limit, whole body read and parsed (median of 3)',
    (s) => median(s.http.listUnpaged),
    'ms',
    (s) => (s.trackers <= 100_000 ? 1500 : undefined),
    true,
    (s) => `${median(s.http.listUnpaged).toFixed(0)} ms (${s.http.listUnpaged.map((v) => v.toFixed(0)).join(', ')})`,
  );
  info('RSS after the unpaged lists', (s) => mem(s.http.memAfterUnpaged));
  if (sizes.some((s) => s.native)) {
    const n = (s: SizeFigures, pick: (r: NativeReference) => LatencySummary) => (s.native ? `${f1(pick(s.native).p50)} / ${f1(pick(s.native).p99)} ms` : 'n/a');
    info(`native SQLite ${sizes.find((s) => s.native)!.native!.sqliteVersion} (better-sqlite3), same page + COUNT`, () => `${NATIVE_QUERIES} queries`);
    info('  filter p50 / p99', (s) => n(s, (r) => r.filtered));
    info('  no filter p50 / p99', (s) => n(s, (r) => r.unfiltered));
    info('  + index on lower(label): filter p50 / p99', (s) => n(s, (r) => r.indexedFiltered));
    info('  + index on lower(label): no filter p50 / p99', (s) => n(s, (r) => r.indexedUnfiltered));
  } else info('native SQLite reference', () => 'better-sqlite3 did not load');
  info('tracker/settings/update, sequential', () => `${REQUESTS} requests`);
  target(
    '  p50',
    (s) => s.http.writeSequential.p50,
    'ms',
    () => 5,
    true,
  );
  target(
    '  p99',
    (s) => s.http.writeSequential.p99,
    'ms',
    () => 20,
    true,
  );
  target(
    `tracker/settings/update, ${CLIENTS} clients (${count(WRITES)} writes)`,
    (s) => s.http.throughput,
    'writes/s',
    () => 2000,
    false,
    (s) => `${count(s.http.throughput)} /s`,
  );
  info('  latency p50 / p99 under that load', (s) => `${f1(s.http.writeConcurrent.p50)} / ${f1(s.http.writeConcurrent.p99)} ms`);
  target(
    `tracker/register, ${CLIENTS} clients (${count(REGISTERS)} devices)`,
    (s) => s.http.registerThroughput,
    'registrations/s',
    () => 1000,
    false,
    (s) => `${count(s.http.registerThroughput)} /s`,
  );
  info('  latency p50 / p99 under that load', (s) => `${f1(s.http.registerConcurrent.p50)} / ${f1(s.http.registerConcurrent.p99)} ms`);
  target(
    `bulk import: ${count(BATCH_ROWS)} rows via tracker/batch_register, calls of ${count(BATCH_SIZE)} in turn`,
    (s) => s.http.batchImportMs / 1000,
    's',
    () => 20,
    true,
    (s) => `${(s.http.batchImportMs / 1000).toFixed(1)} s`,
  );
  info(`  one call of ${count(BATCH_SIZE)}: median / max`, (s) => {
    const sorted = [...s.http.batchCallMs].sort((a, b) => a - b);
    return `${median(s.http.batchCallMs).toFixed(0)} / ${sorted[sorted.length - 1]!.toFixed(0)} ms`;
  });
  info('RSS after the writes', (s) => mem(s.http.memAfterWrites));
  info('clean stop (SIGTERM, writes the snapshot)', (s) => `${s.stop.ms.toFixed(0)} ms, exit ${s.stop.code}`);

  const header = ['Metric', 'Target', ...sizes.map((s) => `${count(s.trackers)} trackers`), 'Verdict'];
  const lines = rows.map((r) => {
    let targetText = '';
    let verdict = '';
    if (r.limits) {
      const distinct = [...new Set(r.limits.map((l) => (l === undefined ? '-' : l.toLocaleString('en-US'))))];
      targetText = `${r.atMost ? '≤' : '≥'} ${distinct.join(' / ')} ${r.unit === 'ms' || r.unit === 's' ? r.unit : '/s'}`;
      const missed = sizes.filter((_, i) => !r.passed![i]).map((s) => count(s.trackers));
      verdict = missed.length ? `MISS at ${missed.join(', ')}` : 'PASS';
    }
    return [r.metric, targetText, ...r.cells, verdict];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const text = [line(header), line(widths.map((w) => '-'.repeat(w))), ...lines.map(line)].join('\n');
  return { rows, text };
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  log(
    `machine: ${cpus.length} × ${cpus[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}`,
  );
  results.machine = {
    cpus: cpus.length,
    cpu: cpus[0]?.model.trim(),
    memGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAtStart: os.loadavg(),
  };
  const started = Date.now();

  // 1. The CLI is what users start: build it.
  log('building the backend (tsc -p tsconfig.build.json) ...');
  const built = build();
  if (!built.ok) {
    const emitted = existsSync(join(root, 'dist/backend/cli.js'));
    log(`build reported errors${emitted ? ' (dist/ was still emitted; using it)' : ''}:\n${built.output.split('\n').slice(0, 8).join('\n')}`);
  }
  const Native = await loadNative();
  if (!Native) log('better-sqlite3 does not load (try `npm rebuild better-sqlite3`): no native reference');

  const sizes: SizeFigures[] = [];
  for (const trackers of SIZES) {
    log(`--- ${trackers.toLocaleString('en-US')} trackers ---`);
    sizes.push(await measureSize(trackers, Native));
  }

  const { rows, text } = table(sizes);
  console.log(`\n${text}\n`);
  log(
    `machine: ${cpus.length} × ${cpus[0]?.model.trim()}, load ${os.loadavg()[0]!.toFixed(2)} at the end; ${((Date.now() - started) / 60_000).toFixed(1)} min in all; started as ${sizes[0]?.how}`,
  );
  results.machine = { ...(results.machine as object), loadAtEnd: os.loadavg() };
  results.sizes = sizes.map((s) => ({
    trackers: s.trackers,
    users: USERS,
    seedSeconds: s.seedSeconds,
    coldStart: { how: s.how, runsMs: s.starts, medianMs: s.coldStart, cpuMs: s.startCpu },
    list: {
      filter: s.http.filter,
      matches: s.http.matches,
      total: s.http.total,
      firstRequestMs: s.http.firstListMs,
      filtered: s.http.listFiltered,
      unfiltered: s.http.listAll,
      unpagedMs: s.http.listUnpaged,
    },
    native: s.native ?? null,
    writes: {
      sequential: s.http.writeSequential,
      concurrent: { clients: CLIENTS, writes: WRITES, perSecond: s.http.throughput, latency: s.http.writeConcurrent },
    },
    register: { clients: CLIENTS, registrations: REGISTERS, perSecond: s.http.registerThroughput, latency: s.http.registerConcurrent },
    bulkImport: { rows: BATCH_ROWS, perCall: BATCH_SIZE, totalMs: s.http.batchImportMs, callMs: s.http.batchCallMs },
    memory: { atStart: s.memAtStart, afterList: s.http.memAfterList, afterUnpaged: s.http.memAfterUnpaged, afterWrites: s.http.memAfterWrites },
    stop: s.stop,
  }));
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
