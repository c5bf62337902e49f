import { appendFileSync, mkdtempSync, readdirSync, rmSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrackingStore, type StoredRecord } from './tracking-store.js';

const at = Date.parse('2026-03-15T10:00:00Z');
const record = (i: number): StoredRecord => ({
  kind: 'position',
  received: at + i * 1000,
  record: { time: new Date(at + i * 1000), valid: true, lat: 52 + i / 1000, lng: 13, speed: 40, heading: 90, alarms: [], attributes: {} },
});
const all = (store: TrackingStore, sourceId: number) => store.read(sourceId, 0, at + 1e9, 10_000);

describe('TrackingStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tracking-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads back what was appended, per source and time range', async () => {
    const store = new TrackingStore(root);
    await Promise.all([...Array(20).keys()].map((i) => store.append(i % 2 ? 7 : 8, record(i))));
    expect(await all(store, 7)).toHaveLength(10);
    expect((await store.read(8, at + 4000, at + 8000, 100)).map((r) => r.received)).toEqual([at + 4000, at + 6000, at + 8000]);
    expect(await store.read(8, 0, at + 1e9, 3)).toHaveLength(3);
    expect((await all(store, 8))[0]!.record.time).toEqual(new Date(at));
    await store.close();
  });

  it('after a crash, replays acknowledged records the history files lost, without duplicates', async () => {
    const store = new TrackingStore(root);
    for (let i = 0; i < 30; i++) await store.append(5, record(i));
    await store.drain();
    // Crash: no close (no checkpoint); the unsynced history file lost its last part.
    const file = join(root, '5', '2026-03-15.log');
    truncateSync(file, Math.floor(statSync(file).size / 3));
    expect(readdirSync(root).some((n) => n.startsWith('wal-'))).toBe(true);
    const reopened = new TrackingStore(root);
    const records = await all(reopened, 5);
    expect(records.map((r) => r.received)).toEqual([...Array(30).keys()].map((i) => at + i * 1000));
    // New records go after the recovered ones, with larger sequence numbers.
    await reopened.append(5, record(30));
    expect((await all(reopened, 5)).at(-1)!.seq).toBeGreaterThan(records.at(-1)!.seq!);
    await reopened.close();
    const third = new TrackingStore(root);
    expect(await all(third, 5)).toHaveLength(31);
    await third.close();
  });

  it('drops a torn write-ahead tail (never acknowledged)', async () => {
    const store = new TrackingStore(root);
    for (let i = 0; i < 5; i++) await store.append(9, record(i));
    await store.drain(); // the crash comes after the history writes
    const wal = readdirSync(root).find((n) => n.startsWith('wal-'))!;
    appendFileSync(join(root, wal), Buffer.from([0x40, 0, 0, 0, 1, 2, 3, 4, 5]));
    const reopened = new TrackingStore(root);
    expect(await all(reopened, 9)).toHaveLength(5);
    await reopened.close();
  });
});
