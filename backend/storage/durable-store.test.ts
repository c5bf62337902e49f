import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderInUseError } from './data-folder-lock.js';
import { DurableStore } from './durable-store.js';
import { encodeRecord, readJournal } from './journal.js';
import type { Migration } from './migrations/runner.js';
import { crashCopy, insertItem, itemIds, itemMigrations, journalNames, openItems, removeTempFolders, tempFolder } from './test-support/store-fixtures.js';

const open: DurableStore[] = [];
async function track(store: Promise<DurableStore>): Promise<DurableStore> {
  const s = await store;
  open.push(s);
  return s;
}
const openTracked = (dir: string, options?: Parameters<typeof openItems>[1]) => track(openItems(dir, options));

afterEach(async () => {
  for (const store of open.splice(0)) await store.close({ snapshot: false });
  removeTempFolders();
});

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The only journal file of a folder written without snapshots. */
function onlyJournal(dir: string): string {
  const names = journalNames(dir);
  expect(names).toHaveLength(1);
  return join(dir, names[0]!);
}

/** Writes items `ids` and closes without a snapshot, so everything lives in the journal. */
async function journalOnlyFolder(ids: number[]): Promise<{ dir: string; journal: string; seq: number }> {
  const dir = tempFolder();
  const store = await openItems(dir);
  for (const id of ids) await insertItem(store, id);
  const seq = store.lastSeq;
  await store.close({ snapshot: false });
  expect(existsSync(join(dir, 'snapshot.db'))).toBe(false);
  return { dir, journal: onlyJournal(dir), seq };
}

describe('DurableStore: writes survive a restart', () => {
  it('keeps an acknowledged write across a clean close and across a crash', async () => {
    const dir = tempFolder();
    const store = await openItems(dir);
    await insertItem(store, 1, 'first');
    const crashed = crashCopy(dir); // the folder as a SIGKILL right now would leave it
    await store.close();

    for (const folder of [dir, crashed]) {
      const reopened = await openTracked(folder);
      expect(reopened.all('SELECT id, name, twin FROM items')).toEqual([{ id: 1, name: 'first', twin: 'first' }]);
    }
  });

  it('a write that throws leaves nothing, in memory or on disk', async () => {
    const dir = tempFolder();
    const store = await openTracked(dir);
    await insertItem(store, 1);
    const seq = store.lastSeq;

    expect(() =>
      store.write((tx) => {
        tx.run('INSERT INTO items (id, name, twin) VALUES (2, ?, ?)', ['two', 'two']);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    // A statement failing half-way through (duplicate key) undoes the ones before it too.
    expect(() =>
      store.write((tx) => {
        tx.run('INSERT INTO items (id, name, twin) VALUES (3, ?, ?)', ['three', 'three']);
        tx.run('INSERT INTO items (id, name, twin) VALUES (1, ?, ?)', ['dup', 'dup']);
      }),
    ).toThrow(/UNIQUE/);
    // An async body is refused, and what it did before its first await is undone.
    expect(() =>
      store.write(async (tx) => {
        tx.run('INSERT INTO items (id, name, twin) VALUES (4, ?, ?)', ['four', 'four']);
        await Promise.resolve();
      }),
    ).toThrow('write transactions must be synchronous');

    expect(itemIds(store)).toEqual([1]);
    expect(store.lastSeq).toBe(seq);
    await insertItem(store, 5);
    const reopened = await openTracked(crashCopy(dir));
    expect(itemIds(reopened)).toEqual([1, 5]);
  });

  it('a write whose afterCommit throws is still journaled, and so are the writes after it', async () => {
    const dir = tempFolder();
    const store = await openTracked(dir);
    const seen: number[] = [];
    await expect(
      store.write(
        (tx) => tx.run('INSERT INTO items (id, name, twin) VALUES (1, ?, ?)', ['one', 'one']),
        () => {
          throw new Error('view refresh failed');
        },
      ),
    ).rejects.toThrow('view refresh failed');
    await store.write(
      (tx) => tx.run('INSERT INTO items (id, name, twin) VALUES (2, ?, ?)', ['two', 'two']),
      () => seen.push(2),
    );
    expect(seen).toEqual([2]);
    const reopened = await openTracked(crashCopy(dir));
    expect(itemIds(reopened)).toEqual([1, 2]);
  });

  it('a read-only transaction writes no journal record', async () => {
    const dir = tempFolder();
    const store = await openTracked(dir);
    const seq = store.lastSeq;
    expect(await store.write((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM items')?.n)).toBe(0);
    expect(store.lastSeq).toBe(seq);
  });

  it('refuses writes once closed, and closing twice at once is safe', async () => {
    const dir = tempFolder();
    const store = await openItems(dir);
    await insertItem(store, 1);
    await Promise.all([store.close(), store.close()]);
    expect(() => store.write((tx) => tx.run('DELETE FROM items'))).toThrow('store is closed');
    const reopened = await openTracked(dir);
    expect(itemIds(reopened)).toEqual([1]);
  });
});

describe('DurableStore: a torn journal tail', () => {
  it('drops a record cut off mid-way, truncates the file, and appends after it', async () => {
    const { dir, journal } = await journalOnlyFolder(range(1, 5));
    const { records, totalBytes } = readJournal(journal);
    const lastStart = records[records.length - 1]!.offset;
    writeFileSync(journal, readFileSync(journal).subarray(0, totalBytes - 7)); // kill during the last write

    const logged: string[] = [];
    const store = await openItems(dir, { log: (line) => logged.push(line) });
    expect(itemIds(store)).toEqual(range(1, 4));
    expect(statSync(journal).size).toBe(lastStart);
    expect(logged.join('\n')).toMatch(/dropped/);

    await insertItem(store, 6);
    await insertItem(store, 7);
    await store.close({ snapshot: false });
    const reopened = await openTracked(dir);
    expect(itemIds(reopened)).toEqual([1, 2, 3, 4, 6, 7]);
    expect(readJournal(onlyJournal(dir)).validBytes).toBe(statSync(onlyJournal(dir)).size);
  });

  it('drops a last record whose bytes do not match its CRC', async () => {
    const { dir, journal } = await journalOnlyFolder(range(1, 5));
    const bytes = readFileSync(journal);
    const lastStart = readJournal(journal).records.at(-1)!.offset;
    bytes[bytes.length - 3]! ^= 0x20;
    writeFileSync(journal, bytes);

    const store = await openItems(dir);
    expect(itemIds(store)).toEqual(range(1, 4));
    expect(statSync(journal).size).toBe(lastStart);
    await insertItem(store, 6);
    await store.close({ snapshot: false });
    const reopened = await openTracked(dir);
    expect(itemIds(reopened)).toEqual([1, 2, 3, 4, 6]);
  });

  it('drops a header whose length runs past the end of the file', async () => {
    const { dir, journal } = await journalOnlyFolder(range(1, 3));
    const size = statSync(journal).size;
    appendFileSync(journal, Buffer.from([0x00, 0x00, 0x00, 0x10, 1, 2, 3, 4, 5]));
    const store = await openTracked(dir);
    expect(itemIds(store)).toEqual(range(1, 3));
    expect(statSync(journal).size).toBe(size);
  });
});

describe('DurableStore: sequence numbers', () => {
  it('ends the journal at a gap: later records and later files are dropped', async () => {
    const { dir, journal, seq } = await journalOnlyFolder(range(1, 3));
    const size = statSync(journal).size;
    const insert = (s: number, id: number) => encodeRecord({ seq: s, statements: [['INSERT INTO items (id, name, twin) VALUES (?, ?, ?)', [id, 'x', 'x']]] });
    appendFileSync(journal, Buffer.concat([insert(seq + 2, 100), insert(seq + 3, 101)]));
    const later = join(dir, `journal-${String(seq + 4).padStart(12, '0')}.log`);
    writeFileSync(later, insert(seq + 4, 102));

    const store = await openItems(dir);
    expect(itemIds(store)).toEqual(range(1, 3));
    expect(store.lastSeq).toBe(seq);
    expect(statSync(journal).size).toBe(size);
    expect(existsSync(later)).toBe(false);
    await insertItem(store, 4);
    expect(store.lastSeq).toBe(seq + 1);
    await store.close({ snapshot: false });
    expect(itemIds(await openTracked(dir))).toEqual(range(1, 4));
  });

  it('skips records the snapshot already holds (a crash between snapshot and journal clean-up)', async () => {
    const { dir, journal } = await journalOnlyFolder(range(1, 3));
    const oldJournal = `${journal}.kept`;
    copyFileSync(journal, oldJournal);
    const store = await openItems(dir);
    await store.close(); // snapshot; the old journal is deleted
    expect(existsSync(journal)).toBe(false);
    copyFileSync(oldJournal, journal); // ...as if the crash came before the delete
    unlinkSync(oldJournal);

    const reopened = await openTracked(dir);
    expect(itemIds(reopened)).toEqual(range(1, 3)); // replaying them again would hit the primary key
    await insertItem(reopened, 4);
    await reopened.close({ snapshot: false });
    expect(itemIds(await openTracked(dir))).toEqual(range(1, 4));
  });

  it('does not append to a journal file named after records that never reached the disk', async () => {
    // A snapshot creates journal-<seq+1> for the records after it; killed before the records it
    // covers were written, the folder keeps that file empty and its name ahead of the records.
    const { dir, seq } = await journalOnlyFolder(range(1, 3));
    const ahead = join(dir, `journal-${String(seq + 5).padStart(12, '0')}.log`);
    writeFileSync(ahead, '');

    const store = await openItems(dir);
    await insertItem(store, 4);
    await store.close({ snapshot: false });
    expect(existsSync(ahead)).toBe(false);
    for (const name of journalNames(dir)) {
      const first = readJournal(join(dir, name)).records[0];
      if (first) expect(Number(name.slice(8, 20)), name).toBeLessThanOrEqual(first.seq);
    }
    expect(itemIds(await openTracked(dir))).toEqual(range(1, 4));
  });

  it('replays files in record order when their names disagree with it', async () => {
    // The state the previous writer could leave after two crashes (see the test above): records
    // s+2.. appended to journal-<s+9>, and a later snapshot's journal-<s+3> holding s+3.
    const dir = tempFolder();
    const base = await openItems(dir);
    await base.close();
    const s = base.lastSeq;
    const name = (n: number) => join(dir, `journal-${String(n).padStart(12, '0')}.log`);
    const insert = (seq: number, id: number) => encodeRecord({ seq, statements: [['INSERT INTO items (id, name, twin) VALUES (?, ?, ?)', [id, 'x', 'x']]] });
    writeFileSync(name(s + 1), insert(s + 1, 1));
    writeFileSync(name(s + 9), insert(s + 2, 2));
    writeFileSync(name(s + 3), insert(s + 3, 3));

    const store = await openTracked(dir);
    expect(itemIds(store)).toEqual([1, 2, 3]);
    expect(store.lastSeq).toBe(s + 3);
  });
});

describe('DurableStore: snapshots', () => {
  it('rotates the journal into snapshots and keeps everything across a crash and a clean stop', async () => {
    const dir = tempFolder();
    const store = await openItems(dir, { snapshotAfterBytes: 2048 });
    let journalFilesSeen = 0;
    for (let id = 1; id <= 150; id++) {
      await insertItem(store, id);
      journalFilesSeen = Math.max(journalFilesSeen, journalNames(dir).length);
    }
    // and some concurrently, so snapshots start while records are queued
    await Promise.all(range(151, 300).map((id) => insertItem(store, id)));
    await store.write((tx) => tx.run("UPDATE items SET name = 'renamed', twin = 'renamed' WHERE id = 1"));

    expect(existsSync(join(dir, 'snapshot.db'))).toBe(true);
    expect(journalNames(dir).length).toBeLessThanOrEqual(2);
    const crashed = crashCopy(dir);
    await store.close();
    expect(journalNames(dir)).toHaveLength(1);
    expect(statSync(onlyJournal(dir)).size).toBe(0);
    expect(existsSync(join(dir, 'snapshot.db.tmp'))).toBe(false);

    for (const folder of [dir, crashed]) {
      const reopened = await openTracked(folder, { snapshotAfterBytes: 2048 });
      expect(itemIds(reopened)).toEqual(range(1, 300));
      expect(reopened.get('SELECT name, twin FROM items WHERE id = 1')).toEqual({ name: 'renamed', twin: 'renamed' });
      await insertItem(reopened, 301);
    }
    for (const store of open.splice(0)) await store.close({ snapshot: false });
    expect(itemIds(await openTracked(crashed))).toEqual(range(1, 301));
    expect(journalFilesSeen).toBeLessThanOrEqual(2);
  });

  it('snapshots soon after reopening a journal that is already past the threshold', async () => {
    const { dir } = await journalOnlyFolder(range(1, 40));
    const store = await openTracked(dir, { snapshotAfterBytes: 1024 });
    await insertItem(store, 41);
    await store.snapshot(); // waits for the one the write started, if any
    expect(existsSync(join(dir, 'snapshot.db'))).toBe(true);
    expect(itemIds(store)).toEqual(range(1, 41));
  });
});

describe('DurableStore: group commit', () => {
  it('resolves many concurrent writes, sharing fdatasyncs, and keeps them all', async () => {
    const dir = tempFolder();
    const store = await openTracked(dir);
    const journal = onlyJournal(dir);
    const resolved: number[] = [];
    const sizes: number[] = [];
    await Promise.all(
      range(1, 200).map((id) =>
        insertItem(store, id).then(() => {
          resolved.push(id);
          sizes.push(statSync(journal).size);
        }),
      ),
    );
    expect(resolved).toEqual(range(1, 200)); // acknowledged in commit order
    expect(new Set(sizes).size).toBeLessThan(20); // far fewer syncs than writes
    expect(itemIds(await openTracked(crashCopy(dir)))).toEqual(range(1, 200));
  });
});

describe('DurableStore: the data folder lock', () => {
  it('refuses a second open of the same folder in the same process until the first is closed', async () => {
    const dir = tempFolder();
    const first = await openItems(dir);
    await expect(openItems(dir)).rejects.toBeInstanceOf(DataFolderInUseError);
    await expect(openItems(`${dir}/./`)).rejects.toBeInstanceOf(DataFolderInUseError);
    await insertItem(first, 1); // the refused open did not disturb the owner
    await first.close();
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
    expect(itemIds(await openTracked(dir))).toEqual([1]);
  });

  it('takes over a LOCK whose owner is dead, empty, or an earlier process with our pid', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    for (const content of [String(dead), '', String(process.pid), 'garbage', '0']) {
      const dir = tempFolder();
      writeFileSync(join(dir, 'LOCK'), content);
      const store = await openItems(dir);
      expect(readFileSync(join(dir, 'LOCK'), 'utf8'), content).toBe(String(process.pid));
      await store.close();
    }
  });

  it('refuses a folder whose LOCK names a live process', async () => {
    const dir = tempFolder();
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'LOCK'), String(owner.pid));
      await expect(openItems(dir)).rejects.toThrow(new RegExp(`in use by another Dealer Console process \\(pid ${owner.pid}\\)`));
      expect(readFileSync(join(dir, 'LOCK'), 'utf8')).toBe(String(owner.pid));
    } finally {
      owner.kill('SIGKILL');
    }
  });
});

describe('DurableStore: migrations', () => {
  const withSecond: Migration[] = [...itemMigrations, { id: '002-tags', statements: ['CREATE TABLE tags (name TEXT PRIMARY KEY)'] }];

  it('applies pending migrations once, in order, and records them', async () => {
    const dir = tempFolder();
    const first = await DurableStore.open(dir, itemMigrations);
    await first.close();
    const second = await track(DurableStore.open(dir, withSecond));
    expect(second.column('SELECT id FROM _migrations ORDER BY id')).toEqual(['001-items', '002-tags']);
    await second.write((tx) => tx.run("INSERT INTO tags (name) VALUES ('a')"));
  });

  it('refuses to start when an applied migration was edited, and releases the folder', async () => {
    const dir = tempFolder();
    await (await DurableStore.open(dir, withSecond)).close();
    const edited: Migration[] = [withSecond[0]!, { id: '002-tags', statements: ['CREATE TABLE tags (name TEXT PRIMARY KEY, colour TEXT)'] }];
    await expect(DurableStore.open(dir, edited)).rejects.toThrow('Migration 002-tags was edited after it was applied; refusing to start.');
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
    await track(DurableStore.open(dir, withSecond));
  });

  it('refuses a folder written by a newer version', async () => {
    const dir = tempFolder();
    await (await DurableStore.open(dir, withSecond)).close();
    await expect(DurableStore.open(dir, itemMigrations)).rejects.toThrow(/newer Dealer Console \(migration 002-tags/);
  });
});
