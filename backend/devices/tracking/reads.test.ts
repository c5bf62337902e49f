import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrackingStore } from '../tracking-store.js';
import { appendEach, at, everything, ids, record } from './test-support.js';

const day = Date.parse('2026-03-15T00:00:00Z');
/** What tracker/history/read does with `next_from`: the receive time of the first record left, to the second. */
const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

describe('TrackingStore reads', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tracking-reads-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('serves acknowledged records not yet in their history file, without waiting for it', async () => {
    const store = new TrackingStore(root, { historyFlushMs: 60_000 });
    await appendEach(store, 1, 0, 5);
    expect(existsSync(join(root, '1', '2026-03-15.log'))).toBe(false);
    expect(ids(await everything(store, 1))).toEqual([0, 1, 2, 3, 4]);
    expect(ids(await store.read(1, at + 1000, at + 3000, 2))).toEqual([1, 2]);
    await store.drain();
    await appendEach(store, 1, 5, 8); // part in the file, part in memory: each once
    expect(ids(await everything(store, 1))).toEqual([...Array(8).keys()]);
    await store.close();
  });

  it('pages through a day of 50,000 records (limit 1000, next_from) with every record once, in order', async () => {
    const store = new TrackingStore(root, { historyFlushMs: 1 });
    const N = 50_000;
    for (let c = 0; c < N; c += 1000) {
      await Promise.all(Array.from({ length: 1000 }, (_, k) => store.append(9, { ...record(c + k, day), received: day + (c + k) * 1700 })));
      if (c % 10_000 === 0) await store.drain(); // some in the files, some still in memory
    }
    const seen: number[] = [];
    let from = day;
    const to = day + 86_399_000;
    const started = performance.now();
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(60);
      const records = await store.read(9, from, to, 1001);
      seen.push(...ids(records.slice(0, 1000)));
      if (records.length <= 1000) break;
      from = toSecond(records[1000]!.received);
    }
    expect(seen).toEqual([...Array(N).keys()]);
    // Each page reads only the blocks it needs: the whole walk costs about one read of the day.
    expect(performance.now() - started).toBeLessThan(10_000);
    await store.close();
  }, 60_000);

  it('reads while appends stream never hang and see every append resolved before them', async () => {
    const store = new TrackingStore(root, { historyFlushMs: 30 });
    let stop = false;
    const resolved: number[] = [];
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        await Promise.all(Array.from({ length: 50 }, (_, k) => store.append(3, record(i * 50 + k)).then(() => resolved.push(i * 50 + k))));
      }
    })();
    const deadline = Date.now() + 1500;
    let reads = 0;
    while (Date.now() < deadline) {
      const before = new Set(resolved);
      const started = performance.now();
      const got = new Set(ids(await everything(store, 3)));
      expect(performance.now() - started).toBeLessThan(1000);
      for (const i of before) expect(got.has(i)).toBe(true);
      reads += 1;
    }
    stop = true;
    await writer;
    expect(reads).toBeGreaterThan(3);
    expect(ids(await everything(store, 3))).toEqual([...resolved].sort((a, b) => a - b));
    await store.close();
  });

  it('holds at most maxOpenFiles history descriptors however many trackers write', async () => {
    const store = new TrackingStore(root, { maxOpenFiles: 20, historyFlushMs: 1 });
    await Promise.all(Array.from({ length: 300 }, (_, s) => store.append(s + 1, record(s))));
    await store.drain();
    expect(store.openHistoryDescriptors).toBeLessThanOrEqual(20);
    await Promise.all(Array.from({ length: 300 }, (_, s) => store.append(s + 1, record(s + 1))));
    await store.close();
    const reopened = new TrackingStore(root, { maxOpenFiles: 20 });
    for (const s of [1, 150, 300]) expect(ids(await everything(reopened, s))).toEqual([s - 1, s]);
    await reopened.close();
  });

  it('records of different days come oldest day first, and a range spans days', async () => {
    const store = new TrackingStore(root);
    const late = { ...record(1), received: day + 86_400_000 + 5000 };
    const early = { ...record(0), received: day + 5000 };
    await store.append(4, late);
    await store.append(4, early);
    expect(ids(await store.read(4, day, day + 2 * 86_400_000, 10))).toEqual([0, 1]);
    expect(ids(await store.read(4, day + 86_400_000, day + 2 * 86_400_000, 10))).toEqual([1]);
    await store.close();
  });
});
