/**
 * The child process of crash.test.ts: opens the store of a data folder (the app's migrations, the
 * real Trackers repository and tracker index) and writes until it is killed. It does not load the
 * whole Backend: that would triple each cycle's start-up for nothing the crash test looks at.
 *
 *   node --import tsx crash-writer.ts <data dir> <crash point>
 *
 * Each write is printed to stdout only after its promise resolved, i.e. once it is acknowledged:
 *   `A <n>`                both halves of pair n are inserted (crash_a and crash_b, one transaction)
 *   `T <tracker id> <n>`   Trackers.updateSettings set label and comment to `w<n>` (one transaction)
 * Other lines: `ready <first n>` when writing starts, `crash <point>` right before it kills itself.
 *
 * Crash point `random`: the parent kills this process at a random moment. Any other point makes the
 * process SIGKILL itself at that step of the Nth snapshot (N random in 1..3):
 *   switch-open   the snapshot has created its new journal file; queued records are not written yet
 *   before-rename the temp snapshot is written and synced, not yet renamed over snapshot.db
 *   after-rename  the snapshot is renamed, the folder not yet synced, old journals not yet deleted
 *   after-unlink  the first old journal file is deleted
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { systemClock } from '../../../shared/clock.js';
import { DurableStore } from '../durable-store.js';
import { migrations } from '../migrations/index.js';
import { TrackerIndex } from '../repositories/tracker-index.js';
import { Trackers } from '../repositories/trackers.js';
import { SqlJsStore } from '../store.js';

const [dataDir, crashPoint = 'random'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: crash-writer.ts <data dir> [crash point]');

const IN_FLIGHT = 8;
const TRACKERS = 12;

function print(line: string): void {
  // Synchronous for pipes on Linux: once this returns, the parent can read the line.
  fs.writeSync(1, `${line}\n`);
}

function die(point: string): never {
  print(`crash ${point}`);
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
}

/**
 * Wraps an fs function so the process dies at the chosen step of the chosen snapshot. Returns the
 * switch that arms it once writing starts, so start-up file handling is left alone.
 */
function prepareCrash(point: string): () => void {
  let armed = false;
  const arm = () => {
    armed = true;
  };
  if (point === 'random') return arm;
  const nth = 1 + Math.floor(Math.random() * 3);
  let seen = 0;
  const isJournal = (p: fs.PathLike) => /journal-\d{12}\.log$/.test(String(p));
  const real = { openSync: fs.openSync, renameSync: fs.renameSync, unlinkSync: fs.unlinkSync };
  if (point === 'switch-open') {
    fs.openSync = ((path: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
      const fd = real.openSync(path, flags as fs.OpenMode, mode);
      if (armed && flags === 'a' && isJournal(path) && ++seen === nth) die(point);
      return fd;
    }) as typeof fs.openSync;
  } else if (point === 'before-rename' || point === 'after-rename') {
    fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
      const hit = armed && String(to).endsWith('snapshot.db') && ++seen === nth;
      if (hit && point === 'before-rename') die(point);
      real.renameSync(from, to);
      if (hit) die(point);
    };
  } else if (point === 'after-unlink') {
    let snapshots = 0;
    const realRename = fs.renameSync;
    fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
      if (String(to).endsWith('snapshot.db')) snapshots++;
      realRename(from, to);
    };
    fs.unlinkSync = (path: fs.PathLike) => {
      real.unlinkSync(path);
      if (armed && isJournal(path) && snapshots >= nth) die(point);
    };
  } else {
    throw new Error(`unknown crash point ${point}`);
  }
  syncBuiltinESMExports(); // so `import { renameSync } from 'node:fs'` in the store sees the wrappers
  return arm;
}

const armCrash = prepareCrash(crashPoint);

const store = await DurableStore.open(dataDir, migrations, {
  // Small, so snapshots (and the journal switch) happen every few dozen writes.
  snapshotAfterBytes: 8 * 1024,
  log: (line) => process.stderr.write(`${line}\n`),
});

// First start: a dealer with trackers, the tables of the pair writes, and filler rows so a snapshot
// is a few hundred KiB and takes a while to write.
if (!store.get("SELECT 1 AS x FROM sqlite_master WHERE name = 'crash_a'")) {
  await store.write((tx) => {
    tx.run("INSERT INTO dealers (id, name, blocked, creation_date) VALUES (1, 'Dealer #1', 0, '2026-01-01')");
    tx.run("INSERT INTO users (id, dealer_id, login, legal_type, profile, creation_date) VALUES (1, 1, 'crash@example.com', 'individual', '{}', '2026-01-01')");
    tx.run("INSERT INTO tariffs (id, dealer_id, name, type, service_prices) VALUES (1, 1, 'Crash', 'monthly', '{}')");
    for (let i = 1; i <= TRACKERS; i++) {
      tx.run("INSERT INTO sources (id, dealer_id, device_id, model, tariff_id, creation_date) VALUES (?, 1, ?, 'telfmb920', 1, '2026-01-01')", [
        i,
        `crash-${i}`,
      ]);
      tx.run("INSERT INTO trackers (id, dealer_id, user_id, source_id, label, comment, creation_date) VALUES (?, 1, 1, ?, 'w0', 'w0', '2026-01-01')", [i, i]);
    }
    tx.run('CREATE TABLE crash_a (n INTEGER PRIMARY KEY)');
    tx.run('CREATE TABLE crash_b (n INTEGER PRIMARY KEY, a_n INTEGER NOT NULL)');
    tx.run('CREATE TABLE crash_filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    for (let i = 1; i <= 2000; i++) tx.run('INSERT INTO crash_filler (id, text) VALUES (?, ?)', [i, `filler ${i} `.repeat(12)]);
  });
}
const index = new TrackerIndex(store);
index.loadAll();
const trackers = new Trackers(new SqlJsStore(store), index, systemClock);

const trackerIds = store.column<number>('SELECT id FROM trackers ORDER BY id');
const maxA = store.get<{ n: number | null }>('SELECT max(n) AS n FROM crash_a')?.n ?? 0;
const maxLabel = Math.max(0, ...store.column<string>('SELECT label FROM trackers').map((l) => Number(l.slice(1))));
let next = Math.max(maxA, maxLabel) + 1;

async function writeOne(n: number): Promise<void> {
  if (n % 2 === 0) {
    const trackerId = trackerIds[(n / 2) % trackerIds.length]!;
    await trackers.updateSettings(trackerId, { label: `w${n}`, comment: `w${n}` });
    print(`T ${trackerId} ${n}`);
  } else {
    await store.write((tx) => {
      tx.run('INSERT INTO crash_a (n) VALUES (?)', [n]);
      tx.run('INSERT INTO crash_b (n, a_n) VALUES (?, ?)', [n, n]);
    });
    print(`A ${n}`);
  }
}

async function worker(): Promise<void> {
  for (;;) await writeOne(next++);
}

print(`ready ${next}`);
armCrash();
await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
