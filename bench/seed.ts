import { Backend } from '../backend/backend.js';
import { utcDate } from '../shared/clock.js';
import { seededRandom } from './stats.js';

export const ADMIN_PASSWORD = 'bench-admin-password';

export interface SeedOptions {
  dataDir: string;
  trackers: number;
  users: number;
  batch: number;
}

const CITIES = [
  'Berlin',
  'Hamburg',
  'Munich',
  'Cologne',
  'Frankfurt',
  'Stuttgart',
  'Leipzig',
  'Dresden',
  'Hanover',
  'Nuremberg',
  'Bremen',
  'Essen',
  'Vienna',
  'Graz',
  'Linz',
  'Zurich',
  'Basel',
  'Geneva',
  'Prague',
  'Brno',
  'Warsaw',
  'Krakow',
  'Gdansk',
  'Poznan',
  'Riga',
  'Tallinn',
  'Vilnius',
  'Madrid',
  'Seville',
  'Valencia',
  'Lisbon',
  'Porto',
  'Milan',
  'Turin',
  'Naples',
  'Bologna',
  'Lyon',
  'Marseille',
  'Toulouse',
  'Bordeaux',
];
const KINDS = ['Van', 'Truck', 'Bus', 'Car', 'Trailer', 'Tractor', 'Forklift', 'Taxi', 'Tanker', 'Pickup', 'Reefer', 'Courier'];
const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Eva', 'Felix', 'Greta', 'Hugo', 'Ida', 'Jonas', 'Karla', 'Leon'];
const LAST = ['Schmidt', 'Novak', 'Rossi', 'Garcia', 'Dubois', 'Kowalski', 'Berzins', 'Silva', 'Meyer', 'Horvat'];

export interface SeedResult {
  trackerIds: number[];
  /** The customers' ids (each has the seeded tariff as its default) and the device model codes. */
  userIds: number[];
  models: string[];
  seconds: number;
}

/**
 * Fills an empty data folder with one dealer (the bootstrap one) holding `users` customers and
 * `trackers` trackers, written straight through the store in large transactions (no HTTP), then
 * closes it, which leaves a snapshot and an empty journal: the folder a long-running install has.
 */
export async function seed(options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const random = seededRandom(20260315);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const backend = await Backend.open({ dataDir: options.dataDir, adminPassword: ADMIN_PASSWORD, log: { info: () => {}, error: (l) => console.error(l) } });
  try {
    const hash = (await backend.dispatch({ path: 'account/auth', params: { login: 'admin', password: ADMIN_PASSWORD } })).body.hash as string;
    const tariff = await backend.dispatch({
      path: 'tariff/create',
      params: { tariff: { name: 'Standard', type: 'monthly', price: 9.9, device_limit: 1000 } },
      hash,
    });
    if (tariff.body.success !== true) throw new Error(`tariff/create failed: ${JSON.stringify(tariff.body)}`);
    const tariffId = tariff.body.id as number;
    const models = backend.store.column<string>('SELECT code FROM models ORDER BY code');
    const today = utcDate(new Date());

    const userIds: number[] = [];
    await backend.store.write((tx) => {
      for (let i = 1; i <= options.users; i++) {
        const profile = JSON.stringify({ first_name: pick(FIRST), last_name: pick(LAST) });
        const { lastInsertRowid } = tx.run(
          `INSERT INTO users (dealer_id, login, password_hash, legal_type, profile, creation_date, default_tariff_id)
           VALUES (1, ?, NULL, 'individual', ?, '2024-01-01 00:00:00', ?)`,
          [`customer${i}@example.com`, profile, tariffId],
        );
        userIds.push(lastInsertRowid);
      }
    });

    const trackerIds: number[] = [];
    for (let from = 0; from < options.trackers; from += options.batch) {
      const to = Math.min(options.trackers, from + options.batch);
      await backend.store.write((tx) => {
        for (let i = from; i < to; i++) {
          const imei = `35${String(Math.floor(random() * 1e6)).padStart(6, '0')}${String(i).padStart(7, '0')}`;
          const phone = random() < 0.6 ? `4917${String(i).padStart(8, '0')}` : null;
          const created = `202${3 + Math.floor(random() * 3)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
          const sourceId = tx.run(
            `INSERT INTO sources (dealer_id, device_id, model, phone, tariff_id, creation_date, tariff_end, tariff_end_date, last_charged_date)
             VALUES (1, ?, ?, ?, ?, ?, 0, ?, ?)`,
            [imei, pick(models), phone, tariffId, created, today, today],
          ).lastInsertRowid;
          const label = `${pick(CITIES)} ${pick(KINDS)} ${String(Math.floor(random() * 10000)).padStart(4, '0')}`;
          trackerIds.push(
            tx.run('INSERT INTO trackers (dealer_id, user_id, source_id, label, clone, creation_date) VALUES (1, ?, ?, ?, 0, ?)', [
              userIds[i % userIds.length]!,
              sourceId,
              label,
              created,
            ]).lastInsertRowid,
          );
        }
      });
    }

    // The daily billing has run (it is not what is measured here): a start bills nothing.
    if (backend.store.get("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'billing_runs'")) {
      const yesterday = utcDate(new Date(Date.now() - 86_400_000));
      await backend.store.write((tx) =>
        tx.run('INSERT OR IGNORE INTO billing_runs (dealer_id, date, ran_at, charged, blocked, unblocked) VALUES (1, ?, ?, 0, 0, 0)', [
          yesterday,
          `${today} 00:00:05`,
        ]),
      );
    }
    backend.trackerIndex.loadAll();
    return { trackerIds, userIds, models, seconds: (Date.now() - started) / 1000 };
  } finally {
    await backend.close();
  }
}

/** The searchable text tracker/list matches `filter` against (see tracker-index.ts). */
export function searchText(row: {
  id: number;
  label: string;
  source_id: number;
  device_id: string;
  model: string;
  phone: string | null;
  user_id: number;
}): string {
  return [row.id, row.label, row.source_id, row.device_id, row.model, row.phone ?? '', row.user_id].join('\u0001').toLowerCase();
}
