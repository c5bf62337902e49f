/**
 * `npm run bench:billing`: the billing, bundle and activity figures of the billing issue, with one
 * dealer holding 100,000 trackers (seeded like bench/run.ts), measured in-process through the same
 * dispatch the HTTP API uses (so the figures are handler + durable write, without HTTP).
 *
 * - tracker/tariff/change: p50/p99 over 300 changes (each one durable write)
 * - tracker/bundle/import of 10,000 IMEIs in one call
 * - tracker/active/history/list with 24 months of activity for every tracker: 1 month and 12 months
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Backend } from '../backend/backend.js';
import { addMonths } from '../shared/billing/dates.js';
import { withCheckDigit } from '../shared/imei.js';
import { ADMIN_PASSWORD, seed } from './seed.js';
import { ms, summarize } from './stats.js';

const { values } = parseArgs({ options: { trackers: { type: 'string', default: '100000' }, months: { type: 'string', default: '24' } } });
const TRACKERS = Number(values.trackers);
const MONTHS = Number(values.months);
const log = (line: string) => console.log(`[bench:billing] ${line}`);

const luhnImei = (n: number) => withCheckDigit(`86${String(n).padStart(12, '0')}`);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'dealer-console-bench-billing-'));
  try {
    log(`seeding ${TRACKERS} trackers ...`);
    await seed({ dataDir: dir, trackers: TRACKERS, users: 1000, batch: 5000 });
    const backend = await Backend.open({ dataDir: dir, log: { info: () => {}, error: (l) => console.error(l) } });
    const hash = (await backend.dispatch({ path: 'account/auth', params: { login: 'admin', password: ADMIN_PASSWORD } })).body.hash as string;
    const call = async (path: string, params: Record<string, unknown>) => {
      const r = await backend.dispatch({ path, params, hash });
      if (r.body.success !== true) throw new Error(`${path}: ${JSON.stringify(r.body).slice(0, 300)}`);
      return r.body;
    };

    // Tariff change: 300 trackers from the seeded Standard plan to Premium, repaying the rest of the month.
    const other = (await call('tariff/create', { tariff: { name: 'Premium', type: 'monthly', price: 19.9, device_limit: 1000 } })).id as number;
    const ids = backend.store.column<number>('SELECT id FROM trackers ORDER BY id LIMIT 300');
    const samples: number[] = [];
    for (const trackerId of ids) {
      const start = process.hrtime.bigint();
      await call('tracker/tariff/change', { tracker_id: trackerId, tariff_id: other, repay: true, charge: false });
      samples.push(ms(start));
    }
    const change = summarize(samples);
    log(`tracker/tariff/change: p50 ${change.p50.toFixed(2)} ms, p99 ${change.p99.toFixed(2)} ms (${samples.length} changes)`);

    // Bundle import: 10,000 IMEIs in one call.
    const imeis = Array.from({ length: 10_000 }, (_, i) => luhnImei(i + 1));
    let start = process.hrtime.bigint();
    await call('tracker/bundle/import', { imeis, equip_id: 1, factory_preset: false });
    log(`tracker/bundle/import of 10,000 IMEIs: ${ms(start).toFixed(0)} ms`);

    // Activity: every tracker active in each of the last MONTHS months.
    const lastMonth = new Date().toISOString().slice(0, 7);
    const firstMonth = addMonths(lastMonth, -(MONTHS - 1));
    const sources = backend.store.column<number>('SELECT id FROM sources ORDER BY id');
    start = process.hrtime.bigint();
    for (let m = 0; m < MONTHS; m++) {
      const month = addMonths(firstMonth, m);
      await backend.store.write((tx) => {
        for (let i = 0; i < sources.length; i += 500) {
          const chunk = sources.slice(i, i + 500);
          tx.run(
            `INSERT OR IGNORE INTO source_active_months (dealer_id, month, source_id) VALUES ${chunk.map(() => '(1, ?, ?)').join(',')}`,
            chunk.flatMap((s) => [month, s]),
          );
        }
      });
    }
    log(`seeded ${MONTHS} months x ${sources.length} sources of activity in ${(ms(start) / 1000).toFixed(1)} s`);
    for (const span of [1, 12]) {
      const runs: number[] = [];
      let size = 0;
      for (let r = 0; r < 5; r++) {
        start = process.hrtime.bigint();
        const body = await call('tracker/active/history/list', { from: addMonths(lastMonth, -(span - 1)), to: lastMonth });
        size = JSON.stringify(body).length; // serialised as the HTTP API would
        runs.push(ms(start));
      }
      const s = summarize(runs);
      log(
        `tracker/active/history/list over ${span} month(s) of ${sources.length} active trackers: p50 ${s.p50.toFixed(0)} ms (response ${(size / 1e6).toFixed(1)} MB as JSON)`,
      );
    }
    log(`resident memory: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
    await backend.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
