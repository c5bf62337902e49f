import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StorageHealth } from '../../storage/storage-health.js';
import { TrackingStore } from '../tracking-store.js';
import { everything, ids, record, until } from './test-support.js';
import { collectUnhandledRejections } from '../../test-support/unhandled-rejections.js';

/** Real faults on a small tmpfs (needs root to mount; skipped where mounting is impossible). */
const mountable = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'tracking-probe-'));
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();

const mount = (...args: string[]) => {
  const result = spawnSync('mount', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`mount ${args.join(' ')}: ${result.stderr}`);
};

/** Fills the file system with one file until ENOSPC; returns its path. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return path;
}

describe.skipIf(!mountable)('TrackingStore on a real small disk (tmpfs)', () => {
  let dir: string;
  let root: string;
  let lines: string[];
  let health: StorageHealth;
  const open = () => new TrackingStore(root, { health, retryMs: 200, historyFlushMs: 50 });
  const unhandled = collectUnhandledRejections();
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tracking-tmpfs-'));
    mount('-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir);
    root = join(dir, 'tracking');
    lines = [];
    health = new StorageHealth((line) => lines.push(line));
  });
  afterEach(() => {
    if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a full disk: appends are refused while full, resume by themselves once space is freed; nothing resolved is lost', async () => {
    const store = open();
    const resolved: number[] = [];
    const tryAppend = (i: number) =>
      store.append(1, record(i)).then(
        () => (resolved.push(i), true),
        (error: NodeJS.ErrnoException) => (expect(error.code).toBe('ENOSPC'), false),
      );
    for (let i = 0; i < 50; i++) expect(await tryAppend(i)).toBe(true);
    const filler = fill(dir);
    let refused = 0;
    let i = 50;
    for (; i < 2000 && refused < 20; i++) if (!(await tryAppend(i))) refused += 1;
    expect(refused).toBe(20);
    expect(store.writable).toBe(false);
    expect(lines.filter((l) => l.includes('fault'))).toHaveLength(1);
    unlinkSync(filler);
    const freed = Date.now();
    while (!(await tryAppend(i++))) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Date.now() - freed).toBeLessThan(1500);
    for (let k = 0; k < 50; k++) expect(await tryAppend(i++)).toBe(true);
    await until(() => lines.some((l) => l.includes('writable again')));
    expect(ids(await everything(store, 1))).toEqual(resolved);
    await store.abandon(); // crash
    const reopened = open();
    expect(ids(await everything(reopened, 1))).toEqual(resolved);
    await reopened.close();
    expect(unhandled).toEqual([]);
  });

  it('a read-only disk: appends are refused, reads work; after remount read-write appends resume by themselves', async () => {
    const first = open();
    for (let i = 0; i < 10; i++) await first.append(2, record(i));
    await first.close(); // a file system with files open for writing cannot be remounted read-only
    mount('-o', 'remount,ro', dir);
    const store = open();
    await expect(store.append(2, record(10))).rejects.toMatchObject({ code: 'EROFS' });
    expect(store.writable).toBe(false);
    expect(ids(await everything(store, 2))).toEqual([...Array(10).keys()]);
    mount('-o', 'remount,rw', dir);
    const since = Date.now();
    let i = 11;
    for (;;) {
      const ok = await store.append(2, record(i)).then(
        () => true,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(Date.now() - since).toBeLessThan(1500);
    await store.close();
    const reopened = open();
    expect(ids(await everything(reopened, 2))).toEqual([...[...Array(10).keys()], i]);
    await reopened.close();
    expect(unhandled).toEqual([]);
  });
});
