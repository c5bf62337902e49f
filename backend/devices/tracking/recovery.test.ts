import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrackingStore } from '../tracking-store.js';
import { encodeBlock } from './blocks.js';
import { walName } from './wal.js';
import { appendEach, at, everything, historyFilesWhole, ids, record, walFiles } from './test-support.js';

const walBlock = (sourceId: number, from: number, to: number, seqBase = 0) =>
  encodeBlock([...Array(to - from).keys()].map((k) => JSON.stringify([sourceId, { ...record(from + k), seq: seqBase + from + k + 1 }])));

describe('TrackingStore recovery', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tracking-recovery-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps every valid block after a torn or corrupt one in the middle of a log', async () => {
    const torn = walBlock(1, 10, 20).subarray(0, 37); // a write cut short
    const corrupt = Buffer.from(walBlock(1, 20, 30));
    corrupt[corrupt.length - 3]! ^= 0xff; // bad CRC
    writeFileSync(join(root, walName(1)), Buffer.concat([walBlock(1, 0, 10), torn, corrupt, Buffer.alloc(16), walBlock(1, 30, 40)]));
    // A second log (after a roll) with later records.
    writeFileSync(join(root, walName(2)), walBlock(1, 40, 45));
    const store = new TrackingStore(root);
    expect(ids(await everything(store, 1))).toEqual([...[...Array(10).keys()], ...[...Array(15).keys()].map((k) => 30 + k)]);
    expect(walFiles(root)).toEqual([]);
    // New sequence numbers continue above the recovered ones.
    await store.append(1, record(45));
    expect((await everything(store, 1)).at(-1)!.seq).toBe(46);
    await store.close();
  });

  it('rejects a block whose header claims more than the bound, and rescans after it', async () => {
    const huge = Buffer.alloc(8);
    huge.writeUInt32LE(0xffffff00, 0);
    writeFileSync(join(root, walName(1)), Buffer.concat([huge, walBlock(2, 0, 3)]));
    const store = new TrackingStore(root);
    expect(ids(await everything(store, 2))).toEqual([0, 1, 2]);
    await store.close();
  });

  it('replays into a history file whose unsynced tail was lost or torn, skipping what it holds', async () => {
    const store = new TrackingStore(root);
    await appendEach(store, 5, 0, 20);
    await store.drain();
    await appendEach(store, 5, 20, 40);
    await store.drain();
    await store.abandon();
    const file = join(root, '5', '2026-03-15.log');
    // The last part of the file never reached the disk; what did is half a block.
    truncateSync(file, statSync(file).size - 20);
    const reopened = new TrackingStore(root);
    expect(ids(await everything(reopened, 5))).toEqual([...Array(40).keys()]);
    expect(historyFilesWhole(root)).toBe(true);
    await reopened.close();
  });

  it('a missing, short or garbage index is rebuilt from the log; reads are the same', async () => {
    const store = new TrackingStore(root, { historyFlushMs: 1 });
    for (let chunk = 0; chunk < 10; chunk++) {
      await appendEach(store, 6, chunk * 10, chunk * 10 + 10);
      await store.drain(); // one block per chunk
    }
    await store.close();
    const idx = join(root, '6', '2026-03-15.idx');
    const whole = readFileSync(idx);
    for (const damage of ['missing', 'short', 'garbage'] as const) {
      writeFileSync(idx, whole);
      if (damage === 'missing') unlinkSync(idx);
      if (damage === 'short') truncateSync(idx, whole.length / 2 + 7);
      if (damage === 'garbage') {
        const bad = Buffer.from(whole);
        bad.fill(0x5a, 48 * 3, 48 * 4);
        writeFileSync(idx, bad);
      }
      const s = new TrackingStore(root);
      expect(ids(await everything(s, 6)), damage).toEqual([...Array(100).keys()]);
      expect(ids(await s.read(6, at + 42_000, at + 57_000, 5)), damage).toEqual([42, 43, 44, 45, 46]);
      await s.close();
    }
    // A write after a rebuilt index goes on from the log's good length.
    writeFileSync(idx, whole.subarray(0, 48 * 2));
    const s = new TrackingStore(root);
    await s.append(6, record(100));
    await s.close();
    const t = new TrackingStore(root);
    expect(ids(await everything(t, 6))).toEqual([...Array(101).keys()]);
    expect(historyFilesWhole(root)).toBe(true);
    await t.close();
  });

  it('an old-format checkpoint (no "synced") and history without an index are recovered', async () => {
    const store = new TrackingStore(root);
    await appendEach(store, 8, 0, 10);
    await store.drain();
    await store.abandon();
    unlinkSync(join(root, '8', '2026-03-15.idx'));
    writeFileSync(join(root, 'checkpoint.json'), JSON.stringify({ seq: 0 }));
    appendFileSync(join(root, '8', '2026-03-15.log'), Buffer.from([1, 2, 3]));
    const reopened = new TrackingStore(root);
    expect(ids(await everything(reopened, 8))).toEqual([...Array(10).keys()]);
    await reopened.close();
  });
});
