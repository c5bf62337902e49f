import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearFaults, injectFault } from '../../storage/fault-injection.js';
import { StorageHealth } from '../../storage/storage-health.js';
import { TrackingStore, type TrackingStoreOptions } from '../tracking-store.js';
import { appendEach, everything, historyFilesWhole, ids, record, until, walFiles } from './test-support.js';
import { collectUnhandledRejections } from '../../test-support/unhandled-rejections.js';

describe('TrackingStore under injected storage faults', () => {
  let root: string;
  let lines: string[];
  let health: StorageHealth;
  const open = (options: TrackingStoreOptions = {}) => new TrackingStore(root, { health, retryMs: 50, ...options });

  const unhandled = collectUnhandledRejections();
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tracking-faults-'));
    lines = [];
    health = new StorageHealth((line) => lines.push(line));
  });
  afterEach(() => {
    clearFaults();
    rmSync(root, { recursive: true, force: true });
  });

  for (const [code, syscall] of [
    ['ENOSPC', 'write'],
    ['EIO', 'fdatasync'],
  ] as const) {
    it(`a write-ahead ${code} rejects that append only; later appends go to a new log; a crash loses nothing resolved`, async () => {
      const store = open();
      const before = await appendEach(store, 1, 0, 5);
      const firstLog = walFiles(root);
      injectFault('wal', code, 1, syscall); // the write, or the fdatasync after it
      const failed = await store.append(1, record(5)).then(
        () => undefined,
        (error: NodeJS.ErrnoException) => error,
      );
      expect(failed?.code).toBe(code);
      expect(failed?.syscall).toBe(syscall);
      expect(store.writable).toBe(false);
      expect(lines).toHaveLength(1);
      await until(() => store.writable);
      const after = await appendEach(store, 1, 6, 12);
      expect(after.failed).toEqual([]);
      expect(walFiles(root)).toContain(firstLog[0]); // still holds acknowledged records
      expect(walFiles(root).length).toBeGreaterThan(firstLog.length); // later batches went to a new file
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('writable again');
      await store.abandon(); // crash: no close, no checkpoint
      const reopened = open();
      expect(ids(await everything(reopened, 1))).toEqual([...before.ok, ...after.ok]);
      await reopened.close();
    });
  }

  it('while the log is in its retry wait, appends are refused at once (no write per frame)', async () => {
    const store = open({ retryMs: 60_000 });
    injectFault('wal', 'ENOSPC', Infinity);
    await expect(store.append(1, record(0))).rejects.toMatchObject({ code: 'ENOSPC' });
    clearFaults();
    // The fault is gone, but the store does not try again before the backoff: 1000 refusals, fast.
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => store.append(1, record(i + 1))));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
    expect(store.writable).toBe(false);
    expect(store.fault).toBe('ENOSPC');
    await store.close();
  });

  it('a failed history write keeps its records (readable meanwhile), retries, and leaves no torn block', async () => {
    const store = open({ historyFlushMs: 20 });
    await appendEach(store, 2, 0, 10);
    await store.drain();
    injectFault('history', 'ENOSPC', 3);
    const during = await appendEach(store, 2, 10, 20);
    expect(during.failed).toEqual([]); // the log has them: still acknowledged
    await expect(store.drain()).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(ids(await everything(store, 2))).toEqual([...Array(20).keys()]);
    await until(async () => {
      try {
        await store.drain();
        return true;
      } catch {
        return false;
      }
    });
    expect(historyFilesWhole(root)).toBe(true);
    expect(ids(await everything(store, 2))).toEqual([...Array(20).keys()]);
    expect(lines.filter((l) => l.includes('fault'))).toHaveLength(1);
    expect(lines.at(-1)).toContain('writable again');
    await store.abandon();
    const reopened = open();
    expect(ids(await everything(reopened, 2))).toEqual([...Array(20).keys()]);
    await reopened.close();
  });

  it('a torn history write (block written, its index entry failed) is cut back: no duplicate, later blocks readable', async () => {
    const store = open({ historyFlushMs: 20 });
    await appendEach(store, 3, 0, 5);
    await store.drain();
    const log = join(root, '3', '2026-03-15.log');
    const whole = statSync(log).size;
    injectFault('history', 'EIO', 1, 'write index'); // the block write passes, the index write fails
    await appendEach(store, 3, 5, 10);
    await expect(store.drain()).rejects.toMatchObject({ code: 'EIO' });
    expect(statSync(log).size).toBeGreaterThan(whole); // the unindexed block is on disk
    await store.drain(); // cut back to the known-good length, then written again
    await appendEach(store, 3, 10, 15);
    await store.drain();
    expect(historyFilesWhole(root)).toBe(true);
    expect(ids(await everything(store, 3))).toEqual([...Array(15).keys()]);
    await store.abandon();
    const reopened = open();
    expect(ids(await everything(reopened, 3))).toEqual([...Array(15).keys()]);
    await reopened.close();
  });

  it('no checkpoint deletes a log while a history write is failing; a crash then replays it', async () => {
    const store = open({ checkpointAfterBytes: 1, historyFlushMs: 20 });
    injectFault('history', 'EIO', Infinity);
    const { ok } = await appendEach(store, 4, 0, 20);
    expect(ok).toHaveLength(20);
    await new Promise((resolve) => setTimeout(resolve, 200)); // checkpoints were attempted meanwhile
    expect(walFiles(root).length).toBeGreaterThan(0);
    await store.abandon();
    clearFaults();
    const reopened = open();
    expect(ids(await everything(reopened, 4))).toEqual([...Array(20).keys()]);
    expect(walFiles(root)).toEqual([]); // replayed, synced, checkpointed, then deleted
    await reopened.close();
  });

  it('a failed checkpoint keeps the logs; close still resolves; reopening recovers everything once', async () => {
    const store = open();
    await appendEach(store, 5, 0, 10);
    injectFault('checkpoint', 'EIO', Infinity);
    await store.close();
    expect(walFiles(root).length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('fault'))).toBe(true);
    clearFaults();
    const reopened = open();
    expect(ids(await everything(reopened, 5))).toEqual([...Array(10).keys()]);
    await reopened.append(5, record(10));
    await reopened.close();
    expect(walFiles(root)).toEqual([]);
    const third = open();
    expect(ids(await everything(third, 5))).toEqual([...Array(11).keys()]);
    await third.close();
  });

  it('a checkpoint that fails once is retried by itself; the logs go once it succeeds', async () => {
    const store = open({ checkpointAfterBytes: 1 });
    injectFault('checkpoint', 'ENOSPC', 1);
    await appendEach(store, 6, 0, 3);
    await until(() => walFiles(root).length <= 1 && store.fault === undefined);
    expect(ids(await everything(store, 6))).toEqual([0, 1, 2]);
    await store.close();
  });

  it('a read-only disk (EROFS on every write) refuses appends, then resumes by itself', async () => {
    const store = open({ historyFlushMs: 20 });
    await appendEach(store, 7, 0, 3);
    injectFault('wal', 'EROFS', Infinity);
    injectFault('history', 'EROFS', Infinity);
    const during = await appendEach(store, 7, 3, 8);
    expect(during.ok).toEqual([]);
    expect(ids(await everything(store, 7))).toEqual([0, 1, 2]);
    clearFaults();
    await until(() => store.writable);
    const after = await appendEach(store, 7, 8, 10);
    expect(after.ok).toEqual([8, 9]);
    await store.abandon();
    const reopened = open();
    expect(ids(await everything(reopened, 7))).toEqual([0, 1, 2, 8, 9]);
    await reopened.close();
  });

  it('left no unhandled rejection behind', async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(unhandled).toEqual([]);
  });
});
