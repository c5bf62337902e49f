import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TrackingStore } from '../tracking-store.js';
import { record } from './test-support.js';

/** Every file and folder under `root`, with its permission bits. */
function modes(root: string): { path: string; dir: boolean; mode: number }[] {
  const out: { path: string; dir: boolean; mode: number }[] = [];
  const walk = (path: string) => {
    const stat = statSync(path);
    out.push({ path, dir: stat.isDirectory(), mode: stat.mode & 0o777 });
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return out;
}

describe.skipIf(process.platform === 'win32')('tracking files are private', () => {
  const previous = process.umask();
  let base: string;
  afterEach(() => {
    process.umask(previous);
    rmSync(base, { recursive: true, force: true });
  });

  for (const umask of [0o022, 0o000]) {
    it(`umask ${umask.toString(8).padStart(3, '0')}: folders 0700, logs, history, index and checkpoint 0600`, async () => {
      process.umask(umask);
      base = mkdtempSync(join(tmpdir(), 'tracking-modes-'));
      const root = join(base, 'tracking');
      const store = new TrackingStore(root);
      await Promise.all([...Array(20).keys()].map((i) => store.append(1 + (i % 3), record(i))));
      await store.drain();
      await store.close();
      const reopened = new TrackingStore(root); // recovery and a fresh log
      await reopened.append(4, record(30));
      await reopened.close();
      const entries = modes(root);
      expect(entries.filter((e) => !e.dir).map((e) => e.path.slice(root.length + 1))).toEqual(
        expect.arrayContaining(['checkpoint.json', '1/2026-03-15.log', '1/2026-03-15.idx']),
      );
      for (const e of entries) expect([e.path, e.mode.toString(8)]).toEqual([e.path, (e.dir ? 0o700 : 0o600).toString(8)]);
    });
  }
});
