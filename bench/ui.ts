/**
 * UI benchmark (`npm run bench:ui`, needs `npm run build` and Debian's chromium): with 100,000
 * trackers behind `dealer-console serve`, measures in a real browser
 *   1. sign-in click → first table page shown (target ≤ 1 s);
 *   2. one filter keystroke → the table shows the rows for it (target ≤ 200 ms, debounce included);
 *   3. the live console fed 1,000 lines/s by a fake console socket: lines shown per second, how far
 *      the screen lags the stream, and keystroke → paint latency in the command line while it runs.
 * Figures, not pass/fail. Options: --trackers N (default 100000), --json (print JSON only).
 *
 * Code run in the page reaches browser globals through `B` (the root tsconfig checks bench/ without
 * the DOM library).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../playwright.config.js';
import { startServer } from '../e2e/global-setup.js';
import { ADMIN_PASSWORD, seed } from './seed.js';

/** Browser globals inside page.evaluate callbacks. */
type B = any;

const { values } = parseArgs({ options: { trackers: { type: 'string' }, json: { type: 'boolean' } } });
const trackers = Number(values.trackers ?? 100_000);
const log = (line: string) => {
  if (!values.json) console.log(line);
};

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { n: sorted.length, median: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1]!) };
}

async function signIn(page: Page, origin: string): Promise<number> {
  await page.goto(`${origin}/`);
  await page.getByLabel('Login').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  // In-page clock: from the click to the first rows painted.
  await page.evaluate(() => {
    const w = globalThis as B;
    w.document.querySelector('button[type=submit]').addEventListener('click', () => (w.__t0 = w.performance.now()), { capture: true, once: true });
  });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction(() => (globalThis as B).document.querySelectorAll('table[aria-label="Trackers"] tbody tr').length > 0);
  return page.evaluate(() => {
    const w = globalThis as B;
    return new Promise<number>((resolve) => w.requestAnimationFrame(() => resolve(w.performance.now() - w.__t0)));
  });
}

/** Types one character into the search box; ms until the table shows rows for the new text. */
async function filterKeystroke(page: Page, key: string): Promise<number> {
  await page.evaluate(() => {
    const w = globalThis as B;
    const box = w.document.getElementById('tracker-search');
    w.__keyAt = undefined;
    w.__done = new Promise<number>((resolve) => {
      box.addEventListener('keydown', () => (w.__keyAt = w.performance.now()), { capture: true, once: true });
      const wrap = w.document.querySelector('.table-wrap');
      // No named function in page code: tsx would wrap it in a helper the page does not have.
      const observer = new w.MutationObserver(() => {
        const table = wrap.querySelector('table');
        if (w.__keyAt !== undefined && wrap.getAttribute('data-filter') === box.value.trim() && table.getAttribute('aria-busy') === 'false') {
          observer.disconnect();
          w.requestAnimationFrame(() => resolve(w.performance.now() - w.__keyAt));
        }
      });
      observer.observe(wrap, { attributes: true, subtree: true, childList: true });
    });
  });
  await page.keyboard.press(key);
  return page.evaluate(() => (globalThis as B).__done as Promise<number>);
}

async function consoleBench(page: Page, trackerId: number): Promise<Record<string, unknown>> {
  const LINES_PER_S = 1000;
  const SECONDS = 6;
  // A fake console socket inside the page in place of the real /console: 1,000 output lines a
  // second made by the page's own timers (so nothing outside the page limits the rate), each
  // carrying its creation time, plus a status frame every 100 ms.
  await page.addInitScript(
    ({ linesPerS, seconds }) => {
      const w = globalThis as B;
      const RealWebSocket = w.WebSocket;
      w.WebSocket = function (this: B, url: string) {
        if (!String(url).includes('/console?')) return new RealWebSocket(url);
        const socket: B = { readyState: 0, onopen: null, onmessage: null, onclose: null, onerror: null, send() {}, close() {} };
        setTimeout(() => {
          socket.readyState = 1;
          socket.onopen?.({});
          const started = w.performance.now();
          let n = 0;
          const timer = setInterval(() => {
            const elapsed = w.performance.now() - started;
            const due = Math.floor((elapsed / 1000) * linesPerS);
            while (n < due) {
              n++;
              socket.onmessage?.({
                data: JSON.stringify({ type: 'output', msg: `line ${n} t=${Date.now()} 2026-03-15 10:00:00 < 000000000000003608010000016b40d8ea30` }),
              });
            }
            if (n % 100 < 10)
              socket.onmessage?.({
                data: JSON.stringify({
                  type: 'status',
                  data: [
                    ['Time', new Date().toISOString()],
                    ['Satellites', String(n % 13)],
                    ['Speed', String(n % 90)],
                  ],
                }),
              });
            if (elapsed > seconds * 1000) clearInterval(timer);
          }, 5);
          socket.close = () => clearInterval(timer);
        }, 10);
        return socket;
      } as B;
    },
    { linesPerS: LINES_PER_S, seconds: SECONDS },
  );
  await page.evaluate((id) => ((globalThis as B).location.hash = `#/trackers/${id}/console`), trackerId);
  // The init script runs when a page loads: reload (the session survives in sessionStorage).
  await page.reload();
  await page.getByText('Connected', { exact: true }).waitFor({ timeout: 15_000 });
  const input = page.getByLabel(/^Command/);
  await input.focus();

  // In page: sample the newest line on screen every 100 ms; time each keystroke to the next paint.
  await page.evaluate(() => {
    const w = globalThis as B;
    w.__samples = [];
    w.__keys = [];
    w.__longTasks = [];
    new w.PerformanceObserver((list: B) => list.getEntries().forEach((e: B) => w.__longTasks.push(e.duration))).observe({ type: 'longtask' });
    const sample = setInterval(() => {
      const rows: string[] = [...w.document.querySelectorAll('.xterm-rows > div')].map((r: B) => r.textContent ?? '');
      for (let i = rows.length - 1; i >= 0; i--) {
        const m = /line\s(\d+)\st=(\d+)/.exec(rows[i]!); // xterm's DOM rows use no-break spaces
        if (m) {
          w.__samples.push({ at: w.performance.now(), line: Number(m[1]), lagMs: Date.now() - Number(m[2]) });
          break;
        }
      }
    }, 100);
    setTimeout(() => clearInterval(sample), 7000);
    const box = w.document.activeElement;
    let downAt = 0;
    box.addEventListener('keydown', (e: B) => (downAt = e.timeStamp), { capture: true });
    box.addEventListener('input', () => w.requestAnimationFrame(() => w.__keys.push(w.performance.now() - downAt)));
  });
  await page.keyboard.type('setparam 2004:server.example.com getstatus getver', { delay: 60 });
  await page.waitForTimeout(Math.max(0, SECONDS * 1000 - 3000));
  const result = (await page.evaluate(() => {
    const w = globalThis as B;
    return { __samples: w.__samples, __keys: w.__keys, __longTasks: w.__longTasks };
  })) as { __samples: { at: number; line: number; lagMs: number }[]; __keys: number[]; __longTasks: number[] };
  if (process.env.BENCH_UI_SCREENSHOT) await page.screenshot({ path: process.env.BENCH_UI_SCREENSHOT });
  const samples = result.__samples.filter((s) => s.line > 0);
  if (samples.length < 2) throw new Error('no console lines were seen on screen');
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const typed = await input.inputValue();
  return {
    streamLinesPerS: LINES_PER_S,
    shownLinesPerS: Math.round(((last.line - first.line) / (last.at - first.at)) * 1000),
    screenLagMs: stats(samples.map((s) => s.lagMs)),
    keystrokeToPaintMs: stats(result.__keys),
    longTasks: { count: result.__longTasks.length, maxMs: Math.round(Math.max(0, ...result.__longTasks)) },
    typedTextIntact: typed === 'setparam 2004:server.example.com getstatus getver',
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dealer-console-bench-ui-'));
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    log(`seeding ${trackers.toLocaleString('en-US')} trackers…`);
    const seeded = await seed({ dataDir, trackers, users: 1000, batch: 5000 });
    log(`seeded in ${seeded.seconds.toFixed(1)} s; starting dealer-console serve`);
    server = await startServer(dataDir);

    const logins: number[] = [];
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      logins.push(await signIn(page, server.origin));
      await context.close();
    }
    log(`login → first page: ${JSON.stringify(stats(logins))} ms (target ≤ 1000)`);

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server.origin);
    await page.getByRole('searchbox', { name: 'Search trackers' }).focus();
    const keys: number[] = [];
    // Narrowing text, then widening it again with Backspace: each keystroke on its own.
    for (const key of [...'berlin van', 'Backspace', 'Backspace', 'Backspace', 'Backspace']) {
      keys.push(await filterKeystroke(page, key === ' ' ? 'Space' : key));
      await page.waitForTimeout(150);
    }
    log(`filter keystroke → rows: ${JSON.stringify(stats(keys))} ms (target ≤ 200, includes the 100 ms debounce)`);

    const consoleFigures = await consoleBench(page, seeded.trackerIds[0]!);
    log(`console at 1,000 lines/s: ${JSON.stringify(consoleFigures)}`);
    await context.close();

    const figures = { trackers, loginToFirstPageMs: stats(logins), filterKeystrokeToRowsMs: stats(keys), console: consoleFigures };
    if (values.json) console.log(JSON.stringify(figures, null, 2));
  } finally {
    await browser.close();
    if (server) {
      const child = server.child;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
