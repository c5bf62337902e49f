import { afterEach, describe, expect, it } from 'vitest';
import { DurableStore, type WriteTx } from './durable-store.js';
import { migrations } from './migrations/index.js';
import { TrackerIndex, type TrackerQuery } from './repositories/tracker-index.js';
import { readTrackerRowById, readTrackerRows, type TrackerRow } from './repositories/tracker-rows.js';
import { removeTempFolders, tempFolder } from './test-support/store-fixtures.js';
import { seededRandom } from '../../bench/stats.js';

const stores: DurableStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close({ snapshot: false });
  removeTempFolders();
});

const WORDS = ['Berlin', 'Graz', 'Lyon', 'Вена', 'Zürich', 'Van', 'Truck', 'Bus', 'grader', 'ÖBB', 'Say "hi" \\ \t', '東京 🚚'];

async function trackerStore(count: number, random: () => number) {
  const store = await DurableStore.open(tempFolder(), migrations);
  stores.push(store);
  await store.write((tx) => {
    for (const dealer of [1, 2]) {
      tx.run("INSERT INTO dealers (id, name, blocked, creation_date) VALUES (?, 'D', 0, '2026-01-01')", [dealer]);
      tx.run("INSERT INTO users (id, dealer_id, login, legal_type, profile, creation_date) VALUES (?, ?, ?, 'individual', '{}', '2026-01-01')", [
        dealer * 10,
        dealer,
        `u${dealer}`,
      ]);
      tx.run("INSERT INTO tariffs (id, dealer_id, name, type, service_prices) VALUES (?, ?, 'T', 'monthly', '{}')", [dealer, dealer]);
    }
  });
  await store.write((tx) => {
    for (let id = 1; id <= count; id++) insertTracker(tx, id, random);
  });
  return store;
}

const label = (random: () => number) => `${WORDS[Math.floor(random() * WORDS.length)]} ${Math.floor(random() * 1000)}`;

function insertTracker(tx: WriteTx, id: number, random: () => number): void {
  const dealer = random() < 0.8 ? 1 : 2;
  tx.run("INSERT INTO sources (id, dealer_id, device_id, model, phone, tariff_id, creation_date) VALUES (?, ?, ?, 'telfmb920', ?, ?, '2026-01-01')", [
    id,
    dealer,
    `35${String(id).padStart(13, '0')}`,
    random() < 0.5 ? `4917${String(id).padStart(7, '0')}` : null,
    dealer,
  ]);
  tx.run("INSERT INTO trackers (id, dealer_id, user_id, source_id, label, clone, creation_date) VALUES (?, ?, ?, ?, ?, 0, '2026-01-01')", [
    id,
    dealer,
    dealer * 10,
    id,
    label(random),
  ]);
}

const searchText = (r: TrackerRow) => [r.id, r.label, r.source_id, r.device_id, r.model, r.phone ?? '', r.user_id].join('\u0001').toLowerCase();

/** tracker/list by brute force over every row read from the database: what the index must answer. */
function reference(all: TrackerRow[], dealerId: number, q: TrackerQuery): { ids: number[]; count: number } {
  const rows = all.filter((r) => r.dealer_id === dealerId && (!q.filter || searchText(r).includes(q.filter)));
  const key = (r: TrackerRow) => (q.orderBy === 'label' ? r.label.toLowerCase() : '');
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id));
  if (!q.ascending) rows.reverse();
  return { ids: rows.slice(q.offset, q.offset + q.limit).map((r) => r.id), count: rows.length };
}

describe('TrackerIndex filter and pages', () => {
  it('answers like a brute-force scan across chunks, through label and comment changes, deletes, inserts and connection patches', async () => {
    const random = seededRandom(99);
    const store = await trackerStore(2600, random); // more than two search chunks for dealer 1
    const index = new TrackerIndex(store);
    index.loadAll();
    // The start-up read (JSON built in SQLite) gives exactly the rows the per-row read gives.
    await store.write((tx) => tx.run("UPDATE trackers SET comment = ?, avatar_file_name = 'a.png' WHERE id = 7", ['ctl \u0001\u0000 "x" \\']));
    index.loadAll();
    const everyRow = readTrackerRows(store, '1 = 1', []);
    expect(everyRow.map((r) => index.get(r.dealer_id, r.id))).toEqual(everyRow);
    // So does the single-row read the index refreshes with after a write (no JOIN).
    expect(everyRow.map((r) => readTrackerRowById(store, r.id))).toEqual(everyRow);
    expect(readTrackerRowById(store, 999_999)).toBeUndefined();
    expect(index.get(everyRow.find((r) => r.id === 7)!.dealer_id, 7)!.comment).toBe('ctl \u0001\u0000 "x" \\');
    const filters = [undefined, 'gra', 'ber', 'zü', 'вен', '12', '0000001', 'öbb', 'truck 9', '4917', 'telfmb', 'no such text', '\u0000', ' '];
    const check = () => {
      const all = readTrackerRows(store, '1 = 1', []);
      for (const filter of filters) {
        for (const orderBy of ['label', 'id'] as const) {
          for (const ascending of [true, false]) {
            for (const dealerId of [1, 2]) {
              const count = reference(all, dealerId, { clones: 'all', filter, orderBy, ascending, offset: 0, limit: 1 }).count;
              const offset = Math.floor(random() * Math.max(1, count));
              const q: TrackerQuery = { clones: 'all', filter, orderBy, ascending, offset, limit: 1 + Math.floor(random() * 60) };
              const got = index.query(dealerId, q, new Date());
              expect({ ids: got.rows.map((r) => r.id), count: got.count }, JSON.stringify(q)).toEqual(reference(all, dealerId, q));
            }
          }
        }
      }
    };
    check();

    let nextId = 2601;
    const ids = () => store.column<number>('SELECT id FROM trackers ORDER BY id');
    const some = (n: number) => {
      const all = ids();
      return [...new Set(Array.from({ length: n }, () => all[Math.floor(random() * all.length)]!))];
    };
    for (let round = 0; round < 4; round++) {
      // Search text unchanged (the chunks were just rebuilt by check): the rows' objects are swapped.
      for (const id of some(40)) {
        await store.write(
          (tx) => tx.run('UPDATE trackers SET comment = ? WHERE id = ?', [`c${round}`, id]),
          () => index.refresh([id]),
        );
      }
      index.patchConnections(some(50).map((id) => ({ sourceId: id, connected: true, lastConnection: '2026-03-15 10:00:00', lastData: null })));
      check();
      // Search text changed, rows gone, rows new: chunks are rebuilt.
      for (const id of some(40)) {
        await store.write(
          (tx) => tx.run('UPDATE trackers SET label = ? WHERE id = ?', [label(random), id]),
          () => index.refresh([id]),
        );
      }
      for (const id of some(30)) {
        await store.write(
          (tx) => tx.run('DELETE FROM trackers WHERE id = ?', [id]),
          () => index.refresh([id]),
        );
      }
      for (let i = 0; i < 30; i++) {
        const id = nextId++;
        await store.write(
          (tx) => insertTracker(tx, id, random),
          () => index.refresh([id]),
        );
      }
      check();
    }
  });

  it('keeps the label order through blocks that split and blocks that empty', async () => {
    const random = seededRandom(11);
    const store = await trackerStore(1500, random);
    const index = new TrackerIndex(store);
    index.loadAll();
    const page = (offset: number, ascending = true) => index.query(1, { clones: 'all', orderBy: 'label', ascending, offset, limit: 50 }, new Date());
    const check = () => {
      const all = readTrackerRows(store, '1 = 1', []);
      const count = all.filter((r) => r.dealer_id === 1).length;
      for (const offset of [0, 1, 49, 1023, 1024, 2047, 2048, 3000, count - 50, count - 1, count]) {
        for (const ascending of [true, false]) {
          const q: TrackerQuery = { clones: 'all', orderBy: 'label', ascending, offset: Math.max(0, offset), limit: 50 };
          const got = page(q.offset, ascending);
          expect({ ids: got.rows.map((r) => r.id), count: got.count }, JSON.stringify(q)).toEqual(reference(all, 1, q));
        }
      }
    };
    page(0); // build the view
    // 2,500 labels that all sort first land in one block, which has to split.
    const ids = Array.from({ length: 2500 }, (_, i) => 5000 + i);
    await store.write(
      (tx) => {
        for (const id of ids) {
          insertTracker(tx, id, () => 0.1); // dealer 1
          tx.run('UPDATE trackers SET label = ? WHERE id = ?', [`!a ${String(id).padStart(5, '0')}`, id]);
        }
      },
      () => index.refresh(ids),
    );
    check();
    // ...and all gone again: blocks empty out.
    await store.write(
      (tx) => tx.run('DELETE FROM trackers WHERE id >= 5000'),
      () => index.refresh(ids),
    );
    check();
    // Everything of dealer 2 relabelled to sort last, then first.
    const dealer2 = store.column<number>('SELECT id FROM trackers WHERE dealer_id = 2');
    for (const prefix of ['~', '!']) {
      await store.write(
        (tx) => tx.run(`UPDATE trackers SET label = ? || label WHERE dealer_id = 2`, [prefix]),
        () => index.refresh(dealer2),
      );
      const all = readTrackerRows(store, '1 = 1', []);
      const q: TrackerQuery = { clones: 'all', orderBy: 'label', ascending: true, offset: 0, limit: 1000 };
      const got = index.query(2, q, new Date());
      expect(got.rows.map((r) => r.id)).toEqual(reference(all, 2, q).ids);
    }
  });

  it('pages a few matches (sorted) and many matches (the view walked) alike, narrowed by user and clones', async () => {
    const random = seededRandom(23);
    const store = await trackerStore(3000, random);
    await store.write((tx) => tx.run('UPDATE trackers SET clone = 1 WHERE id % 3 = 0'));
    const index = new TrackerIndex(store);
    index.loadAll();
    const all = readTrackerRows(store, '1 = 1', []);
    // '00012', 'вена 1' and 'zürich 99' match a handful of rows (sorted); 'a' and 'r' most rows (walked).
    for (const filter of ['00012', 'вена 1', 'zürich 99', 'a', 'r']) {
      for (const clones of ['all', 'exclude_clones', 'only_clones'] as const) {
        for (const userId of [undefined, 10]) {
          for (const orderBy of ['label', 'id'] as const) {
            for (const ascending of [true, false]) {
              const rows = all.filter(
                (r) =>
                  r.dealer_id === 1 &&
                  searchText(r).includes(filter) &&
                  (userId === undefined || r.user_id === userId) &&
                  (clones === 'all' || (clones === 'only_clones') === r.clone),
              );
              const key = (r: TrackerRow) => (orderBy === 'label' ? r.label.toLowerCase() : '');
              rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id));
              if (!ascending) rows.reverse();
              const offset = Math.floor(random() * Math.max(1, rows.length - 5));
              const q: TrackerQuery = { clones, userId, filter, orderBy, ascending, offset, limit: 20 };
              const got = index.query(1, q, new Date());
              expect({ ids: got.rows.map((r) => r.id), count: got.count }, JSON.stringify(q)).toEqual({
                ids: rows.slice(offset, offset + 20).map((r) => r.id),
                count: rows.length,
              });
            }
          }
        }
      }
    }
  });

  it('narrows by user, tariff and clones together with a filter', async () => {
    const random = seededRandom(5);
    const store = await trackerStore(300, random);
    await store.write((tx) => tx.run('UPDATE trackers SET clone = 1 WHERE id % 3 = 0'));
    const index = new TrackerIndex(store);
    index.loadAll();
    const got = index.query(
      1,
      { clones: 'only_clones', userId: 10, tariffId: 1, filter: 'a', orderBy: 'id', ascending: true, offset: 0, limit: 1000 },
      new Date(),
    );
    const expected = readTrackerRows(store, 't.dealer_id = 1 AND t.clone = 1 AND t.user_id = 10 AND s.tariff_id = 1', [])
      .filter((r) => searchText(r).includes('a'))
      .map((r) => r.id)
      .sort((a, b) => a - b);
    expect(got.rows.map((r) => r.id)).toEqual(expected);
    expect(got.count).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(10);
  });
});
