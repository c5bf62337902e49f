import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DurableStore, type DurableStoreOptions } from './durable-store.js';
import { clearFaults, injectFault, type FaultCode } from './fault-injection.js';
import { readJournal } from './journal.js';
import { StorageHealth, StorageUnavailableError } from './storage-health.js';
import { crashCopy, FAULT_WORDS as WORDS, insertItem, itemIds, journalNames, openItems, removeTempFolders, tempFolder } from './test-support/store-fixtures.js';
import { collectUnhandledRejections } from '../test-support/unhandled-rejections.js';

/** Every unhandled rejection while this file runs; the last test asserts there was none. */
const unhandled = collectUnhandledRejections();

const open: DurableStore[] = [];
afterEach(async () => {
  clearFaults();
  for (const store of open.splice(0)) await store.close({ snapshot: false });
  removeTempFolders();
});

interface Opened {
  store: DurableStore;
  dir: string;
  /** Health and store log lines, in order. */
  lines: string[];
}

async function openFaulty(options: DurableStoreOptions = {}, dir = tempFolder()): Promise<Opened> {
  const lines: string[] = [];
  const store = await openItems(dir, { health: new StorageHealth((line) => lines.push(line)), log: (line) => lines.push(line), ...options });
  open.push(store);
  return { store, dir, lines };
}

/** Reopens a copy of the folder as a process killed right now would leave it. */
async function reopenAfterKill(dir: string): Promise<DurableStore> {
  const store = await openItems(crashCopy(dir));
  open.push(store);
  return store;
}

async function waitFor<T>(attempt: () => T | Promise<T>, withinMs: number): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  for (;;) {
    try {
      return { value: await attempt(), ms: Date.now() - start };
    } catch (error) {
      if (Date.now() - start > withinMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('DurableStore: a journal fault with the process up', () => {
  // ENOSPC on the write: nothing of the record reaches the file. EIO on the fdatasync: the record
  // is in the file whole (it would replay at the next start) and must be cut off again.
  const cases: [FaultCode, string][] = [
    ['ENOSPC', 'write'],
    ['EIO', 'fdatasync'],
  ];
  for (const [code, syscall] of cases) {
    it(`${code} once on the journal ${syscall}: refused, rolled back, resumes by itself, and a restart agrees`, async () => {
      const { store, dir, lines } = await openFaulty({ recoveryProbeMs: 200 });
      for (const id of [1, 2, 3]) await insertItem(store, id);
      const durableSeq = store.lastSeq;
      const journal = join(dir, journalNames(dir)[0]!);
      const goodBytes = statSync(journal).size;

      injectFault('journal', code, 1, syscall);
      const hit = insertItem(store, 4);
      // Same tick: queued while 4 is in flight (EIO on fdatasync), or already refused up front
      // (ENOSPC: the write fails before its first await).
      const queuedBehind = (async () => insertItem(store, 5))();
      await expect(hit).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(hit).rejects.toThrow(WORDS[code]);
      await expect(queuedBehind).rejects.toBeInstanceOf(StorageUnavailableError);

      // By the time the writer hears "refused", the database no longer shows its write.
      expect(itemIds(store)).toEqual([1, 2, 3]);
      expect(store.lastSeq).toBe(durableSeq);
      expect(statSync(journal).size).toBe(goodBytes); // the torn tail is cut
      expect(
        readJournal(journal)
          .records.map((r) => r.seq)
          .at(-1),
      ).toBe(durableSeq);

      // Still degraded: refused before the transaction runs, so nothing changes.
      let ran = false;
      expect(() =>
        store.write((tx) => {
          ran = true;
          tx.run("INSERT INTO items (id, name, twin) VALUES (6, 'six', 'six')");
        }),
      ).toThrow(StorageUnavailableError);
      expect(ran).toBe(false);
      expect(() => store.write((tx) => tx.all('SELECT 1'))).toThrow(WORDS[code]);
      expect(itemIds(store)).toEqual([1, 2, 3]);
      await expect(store.snapshot()).rejects.toBeInstanceOf(StorageUnavailableError);
      expect(existsSync(join(dir, 'snapshot.db'))).toBe(false);

      // The fault is gone: writes work again by themselves, within a probe or two.
      const { ms } = await waitFor(() => insertItem(store, 7), 5000);
      expect(ms).toBeLessThan(2000);
      await insertItem(store, 8);
      expect(itemIds(store)).toEqual([1, 2, 3, 7, 8]);
      expect(store.lastSeq).toBe(durableSeq + 2);

      // One line when the fault started, one when it ended; not one per refused write.
      const health = lines.filter((l) => l.startsWith('storage health'));
      expect(health).toHaveLength(2);
      expect(health[0]).toMatch(new RegExp(`database fault: .*\\(${code}\\)`));
      expect(health[1]).toMatch(/database writable again/);

      // Killed now, started again: every acknowledged write, none of the refused ones.
      expect(itemIds(await reopenAfterKill(dir))).toEqual([1, 2, 3, 7, 8]);
    });
  }

  it('stays degraded while the disk keeps refusing, reads keep answering, and one log line covers it all', async () => {
    const { store, dir, lines } = await openFaulty({ recoveryProbeMs: 30 });
    await insertItem(store, 1);
    injectFault('journal', 'ENOSPC', Infinity);
    await expect(insertItem(store, 2)).rejects.toThrow(/disk is full/);
    for (let i = 0; i < 20; i++) {
      expect(() => store.write((tx) => tx.run("INSERT INTO items (id, name, twin) VALUES (3, 'x', 'x')"))).toThrow(StorageUnavailableError);
      expect(itemIds(store)).toEqual([1]);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    expect(lines.filter((l) => l.startsWith('storage health'))).toHaveLength(1);
    clearFaults();
    await waitFor(() => insertItem(store, 3), 3000);
    expect(lines.filter((l) => l.startsWith('storage health'))).toHaveLength(2);
    expect(itemIds(await reopenAfterKill(dir))).toEqual([1, 3]);
  });

  it('a write in flight and a snapshot racing a journal fault: the refused write never reaches snapshot.db', async () => {
    const { store, dir } = await openFaulty({ recoveryProbeMs: 50 });
    await insertItem(store, 1);
    await store.snapshot();
    const before = readFileSync(join(dir, 'snapshot.db'));
    injectFault('journal', 'EIO', 1, 'fdatasync');
    const refused = insertItem(store, 2);
    // The snapshot exports the database with item 2 in it, before the journal has refused it.
    const snapshot = store.snapshot();
    await expect(refused).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(snapshot).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(readFileSync(join(dir, 'snapshot.db')).equals(before)).toBe(true);
    expect(existsSync(join(dir, 'snapshot.db.tmp'))).toBe(false);
    expect(journalNames(dir)).toHaveLength(1); // the switch to a new journal was abandoned
    expect(itemIds(store)).toEqual([1]);
    await waitFor(() => insertItem(store, 3), 3000);
    expect(itemIds(await reopenAfterKill(dir))).toEqual([1, 3]);
  });

  it('reloads in-memory views after the rollback, and close() while degraded neither snapshots nor throws', async () => {
    const { store, dir } = await openFaulty({ recoveryProbeMs: 60_000 });
    let view = new Set<number>();
    const reload = () => (view = new Set(itemIds(store)));
    store.onReload(reload);
    reload();
    await store.write(
      (tx) => tx.run("INSERT INTO items (id, name, twin) VALUES (1, 'a', 'a')"),
      () => view.add(1),
    );
    injectFault('journal', 'EROFS', Infinity);
    await expect(
      store.write(
        (tx) => tx.run("INSERT INTO items (id, name, twin) VALUES (2, 'b', 'b')"),
        () => view.add(2),
      ),
    ).rejects.toThrow(/read-only/);
    expect([...view]).toEqual([1]); // rebuilt from the rolled-back database
    await store.close();
    open.splice(open.indexOf(store), 1);
    expect(existsSync(join(dir, 'snapshot.db'))).toBe(false);
    clearFaults();
    const reopened = await openItems(dir);
    open.push(reopened);
    expect(itemIds(reopened)).toEqual([1]);
  });
});

describe('DurableStore: a snapshot fault', () => {
  for (const syscall of ['write', 'fsync', 'rename']) {
    it(`ENOSPC on the snapshot ${syscall}: writes go on, no temp file is left, the old snapshot and journals stay, retried later`, async () => {
      const { store, dir, lines } = await openFaulty({ snapshotAfterBytes: 2048, snapshotRetryMs: 1000 });
      for (let id = 1; id <= 5; id++) await insertItem(store, id);
      await store.snapshot();
      const snapshotBefore = readFileSync(join(dir, 'snapshot.db'));
      injectFault('snapshot', 'ENOSPC', 1, syscall);
      for (let id = 6; id <= 80; id++) await insertItem(store, id);
      await store.idle();
      expect(existsSync(join(dir, 'snapshot.db.tmp'))).toBe(false);
      const failures = lines.filter((l) => l.startsWith('snapshot failed'));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(/ENOSPC/);
      expect(readFileSync(join(dir, 'snapshot.db')).equals(snapshotBefore)).toBe(true);
      // The journal holds everything the old snapshot does not.
      expect(itemIds(await reopenAfterKill(dir))).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));

      // After the back-off, the next threshold crossing snapshots again.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      for (let id = 81; id <= 160; id++) await insertItem(store, id);
      await store.idle();
      expect(readFileSync(join(dir, 'snapshot.db')).equals(snapshotBefore)).toBe(false);
      expect(lines.filter((l) => l.startsWith('snapshot written again'))).toHaveLength(1);
      expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      expect(itemIds(await reopenAfterKill(dir))).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
    });
  }

  it('a failing snapshot at close still closes and loses nothing', async () => {
    const { store, dir } = await openFaulty();
    await insertItem(store, 1);
    injectFault('snapshot', 'EIO', 1, 'write');
    await store.close();
    open.splice(open.indexOf(store), 1);
    expect(existsSync(join(dir, 'snapshot.db.tmp'))).toBe(false);
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
    const reopened = await openItems(dir);
    open.push(reopened);
    expect(itemIds(reopened)).toEqual([1]);
  });
});

describe('no unhandled rejection', () => {
  it('none was raised by any of the fault tests above', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  });
});
