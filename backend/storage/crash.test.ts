import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Backend } from '../backend.js';
import { DurableStore } from './durable-store.js';
import { migrations } from './migrations/index.js';
import { journalNames, removeTempFolders, tempFolder } from './test-support/store-fixtures.js';

const writer = fileURLToPath(new URL('./test-support/crash-writer.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

afterAll(removeTempFolders);

/** Random parent-side kills, with each self-kill point of a snapshot twice among them. */
const CYCLES = ['random', 'switch-open', 'random', 'before-rename', 'random', 'after-rename', 'random', 'after-unlink', 'random', 'random'];
const SCHEDULE = [...CYCLES, ...CYCLES];

interface Acknowledged {
  pairs: number[];
  /** tracker id → the highest n acknowledged for it */
  trackers: Map<number, number>;
}

interface Cycle {
  point: string;
  signal: NodeJS.Signals | null;
  acknowledged: number;
  crashedAt?: string;
  /** The folder after the kill looked mid-snapshot (a temp snapshot, or two journal files). */
  midSnapshot: boolean;
  stderr: string;
}

function runWriter(dir: string, point: string, acked: Acknowledged): Promise<Cycle> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, point], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let acknowledged = 0;
    let crashedAt: string | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'A') {
          acked.pairs.push(Number(a));
          acknowledged++;
        } else if (kind === 'T') {
          const id = Number(a);
          acked.trackers.set(id, Math.max(acked.trackers.get(id) ?? 0, Number(b)));
          acknowledged++;
        } else if (kind === 'crash') {
          crashedAt = a;
        }
        // A random moment once writing is under way (so every cycle acknowledges something).
        if ((kind === 'A' || kind === 'T') && point === 'random' && !killTimer) {
          killTimer = setTimeout(() => child.kill('SIGKILL'), Math.random() * 300);
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      clearTimeout(killTimer);
      const midSnapshot = existsSync(`${dir}/snapshot.db.tmp`) || journalNames(dir).length > 1;
      resolve({ point, signal, acknowledged, crashedAt, midSnapshot, stderr });
    });
  });
}

/** Opens the folder as the next start would, checks it, and closes it without a snapshot. */
async function verify(dir: string, acked: Acknowledged, cycle: number): Promise<void> {
  const store = await DurableStore.open(dir, migrations);
  try {
    const a = store.column<number>('SELECT n FROM crash_a ORDER BY n');
    const b = store.all<{ n: number; a_n: number }>('SELECT n, a_n FROM crash_b ORDER BY n');
    // Nothing half-applied: both halves of every pair, or neither.
    expect(
      b.map((r) => r.n),
      `cycle ${cycle}: crash_a and crash_b disagree`,
    ).toEqual(a);
    expect(b.every((r) => r.a_n === r.n)).toBe(true);
    const present = new Set(a);
    const lost = acked.pairs.filter((n) => !present.has(n));
    expect(lost, `cycle ${cycle}: acknowledged pairs missing`).toEqual([]);

    const trackers = store.all<{ id: number; label: string; comment: string }>('SELECT id, label, comment FROM trackers ORDER BY id');
    expect(trackers.length).toBeGreaterThan(0);
    for (const t of trackers) {
      expect(t.comment, `cycle ${cycle}: tracker ${t.id} label and comment from different writes`).toBe(t.label);
      const n = Number(t.label.slice(1));
      expect(n, `cycle ${cycle}: tracker ${t.id} lost an acknowledged label`).toBeGreaterThanOrEqual(acked.trackers.get(t.id) ?? 0);
    }
  } finally {
    await store.close({ snapshot: false });
  }
}

describe('crash safety', () => {
  it('keeps every acknowledged write and never half a write across 20 SIGKILLs, some mid-snapshot', async () => {
    const dir = tempFolder('dealer-console-crash-');
    const acked: Acknowledged = { pairs: [], trackers: new Map() };
    const cycles: Cycle[] = [];
    for (const [i, point] of SCHEDULE.entries()) {
      const cycle = await runWriter(dir, point, acked);
      cycles.push(cycle);
      expect(cycle.signal, `cycle ${i} (${point}) ended without SIGKILL: ${cycle.stderr}`).toBe('SIGKILL');
      if (point !== 'random') expect(cycle.crashedAt, `cycle ${i} never reached ${point}: ${cycle.stderr}`).toBe(point);
      await verify(dir, acked, i);
    }

    // Every random kill came after some progress (a chosen snapshot step may come before the first
    // acknowledgement: a reopened journal already past the threshold snapshots at the first write).
    const progress = JSON.stringify(cycles.map((c) => `${c.point}:${c.acknowledged}`));
    expect(
      cycles.every((c) => c.point !== 'random' || c.acknowledged > 0),
      progress,
    ).toBe(true);
    // ...and the folder still opens as a whole backend.
    const backend = await Backend.open({ dataDir: dir, log: { info: () => {}, error: () => {} } });
    try {
      expect(backend.store.get<{ n: number }>('SELECT count(*) AS n FROM crash_a')!.n).toBeGreaterThanOrEqual(acked.pairs.length);
      for (const [id, n] of acked.trackers) expect(Number(backend.trackerIndex.get(1, id)!.label.slice(1))).toBeGreaterThanOrEqual(n);
    } finally {
      await backend.close();
    }
    expect(readdirSync(dir)).not.toContain('LOCK');
    const randomMidSnapshot = cycles.filter((c) => c.point === 'random' && c.midSnapshot).length;
    console.log(
      `crash test: ${cycles.length} SIGKILLs (${cycles.filter((c) => c.crashedAt).length} at a chosen snapshot step, ` +
        `${randomMidSnapshot} random ones mid-snapshot), ${cycles.reduce((n, c) => n + c.acknowledged, 0)} acknowledged writes checked`,
    );
  }, 60_000);
});
