import { afterEach, describe, expect, it } from 'vitest';
import type { DurableStore } from './durable-store.js';
import { clearFaults, injectFault } from './fault-injection.js';
import { StorageUnavailableError } from './storage-health.js';
import { SqlJsStore } from './store.js';
import { crashCopy, openItems, removeTempFolders, tempFolder } from './test-support/store-fixtures.js';

const open: DurableStore[] = [];
async function openStore(dir: string, options?: Parameters<typeof openItems>[1]) {
  const durable = await openItems(dir, options);
  open.push(durable);
  return { durable, store: new SqlJsStore(durable) };
}

afterEach(async () => {
  clearFaults();
  for (const store of open.splice(0)) await store.close({ snapshot: false });
  removeTempFolders();
});

const tick = () => new Promise((resolve) => setImmediate(resolve));
const names = (store: SqlJsStore) => store.column<string>('SELECT name FROM items ORDER BY id');

describe('SqlJsStore transactions', () => {
  it('serialises transactions that await between statements: no lost update', async () => {
    const { store } = await openStore(tempFolder());
    await store.transaction((tx) => tx.run("INSERT INTO items (id, name, twin) VALUES (1, '0', '0')"));
    const increment = () =>
      store.transaction(async (tx) => {
        const n = Number((await tx.get<{ name: string }>('SELECT name FROM items WHERE id = 1'))!.name);
        await tick(); // another caller gets the event loop here
        await tx.run('UPDATE items SET name = ?, twin = ? WHERE id = 1', [String(n + 1), String(n + 1)]);
      });
    await Promise.all(Array.from({ length: 20 }, increment));
    expect(await names(store)).toEqual(['20']);
  });

  it('a read outside never sees an open transaction, and waits for it', async () => {
    const { store } = await openStore(tempFolder());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writing = store.transaction(async (tx) => {
      await tx.run("INSERT INTO items (id, name, twin) VALUES (1, 'a', 'a')");
      await gate;
      throw new Error('changed my mind');
    });
    await tick();
    const reading = names(store);
    let read = false;
    void reading.then(() => (read = true));
    await tick();
    expect(read).toBe(false);
    release();
    await expect(writing).rejects.toThrow('changed my mind');
    expect(await reading).toEqual([]);
  });

  it('insert answers the new id; afterCommit runs only for a commit', async () => {
    const { store } = await openStore(tempFolder());
    const seen: string[] = [];
    const id = await store.transaction(async (tx) => {
      tx.afterCommit(() => seen.push('committed'));
      return tx.insert("INSERT INTO items (name, twin) VALUES ('x', 'x')");
    });
    expect(id).toBe(1);
    await expect(
      store.transaction(async (tx) => {
        tx.afterCommit(() => seen.push('never'));
        await tx.run("INSERT INTO items (name, twin) VALUES ('y', 'y')");
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(seen).toEqual(['committed']);
    expect(await names(store)).toEqual(['x']);
  });

  it('a statement after the transaction ended is refused, not committed on its own', async () => {
    const { store } = await openStore(tempFolder());
    let escaped: Promise<unknown> | undefined;
    await store.transaction(async (tx) => {
      await tx.run("INSERT INTO items (id, name, twin) VALUES (1, 'a', 'a')");
      void tick().then(() => {
        escaped = tx.run("INSERT INTO items (id, name, twin) VALUES (2, 'b', 'b')");
        escaped.catch(() => {}); // asserted below
      });
    });
    await tick();
    await tick();
    await expect(escaped).rejects.toThrow(/after the transaction ended/);
    expect(await names(store)).toEqual(['a']);
  });

  it('what resolved survives a crash: it was in the journal before the promise resolved', async () => {
    const dir = tempFolder();
    const { store } = await openStore(dir, { snapshotAfterBytes: 1 << 30 });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.transaction(async (tx) => {
          await tx.run('INSERT INTO items (id, name, twin) VALUES (?, ?, ?)', [i + 1, `n${i}`, `n${i}`]);
        }),
      ),
    );
    const { store: reopened } = await openStore(crashCopy(dir));
    expect(await reopened.column('SELECT COUNT(*) FROM items')).toEqual([50]);
  });

  it('a journal fault refuses the write, and the rebuilt database does not show it', async () => {
    const { store } = await openStore(tempFolder(), { recoveryProbeMs: 60_000 });
    await store.transaction((tx) => tx.run("INSERT INTO items (id, name, twin) VALUES (1, 'kept', 'kept')"));
    injectFault('journal', 'ENOSPC', Infinity);
    await expect(store.transaction((tx) => tx.run("INSERT INTO items (id, name, twin) VALUES (2, 'lost', 'lost')"))).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    expect(store.unavailable).toBeInstanceOf(StorageUnavailableError);
    expect(await names(store)).toEqual(['kept']);
    await expect(store.transaction((tx) => tx.run('DELETE FROM items'))).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(await names(store)).toEqual(['kept']);
  });
});
