import { TRACKER_ROW_SELECT } from '../backend/storage/repositories/tracker-rows.js';
import { ms, seededRandom, summarize, type LatencySummary } from './stats.js';

/** The little of better-sqlite3's API used here (it is an optional dev dependency without types here). */
interface NativeStatement {
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): unknown;
}
interface NativeDatabase {
  prepare(sql: string): NativeStatement;
  close(): void;
}
export type NativeConstructor = new (path: string, options?: { readonly?: boolean }) => NativeDatabase;

export interface NativeReference {
  sqliteVersion: string;
  filteredCount: number;
  /** The schema as it is (no index on the label). */
  filtered: LatencySummary;
  unfiltered: LatencySummary;
  /** With an index on (dealer_id, lower(label), id) added, as a native design would have. */
  indexedFiltered: LatencySummary;
  indexedUnfiltered: LatencySummary;
}

/** better-sqlite3 when it is installed and its native binding loads; otherwise undefined. */
export async function loadNative(): Promise<NativeConstructor | undefined> {
  try {
    const name = 'better-sqlite3';
    const module = (await import(name)) as { default: NativeConstructor };
    const probe = new module.default(':memory:');
    probe.close();
    return module.default;
  } catch {
    return undefined;
  }
}

// The fields tracker/list's filter looks in (tracker-index.ts), as SQL.
const FILTER_WHERE = `(CAST(t.id AS TEXT) LIKE @f OR t.label LIKE @f OR CAST(t.source_id AS TEXT) LIKE @f OR s.device_id LIKE @f
  OR s.model LIKE @f OR IFNULL(s.phone, '') LIKE @f OR CAST(t.user_id AS TEXT) LIKE @f)`;

/**
 * The same page query in native SQLite over the same database file (a copy of the sql.js snapshot):
 * LIKE over the listed fields, ORDER BY label, LIMIT 50 OFFSET x, plus the COUNT: the physical
 * reference. Measured as the schema is, then again with an index on the label. Changes the file.
 */
export function runNativeReference(Native: NativeConstructor, databasePath: string, filter: string, queries: number): NativeReference {
  const db = new Native(databasePath);
  try {
    const sqliteVersion = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    const pattern = `%${filter}%`;
    const countFiltered = () =>
      db.prepare(`SELECT count(*) AS n FROM trackers t JOIN sources s ON s.id = t.source_id WHERE t.dealer_id = 1 AND ${FILTER_WHERE}`);
    const countAll = () => db.prepare('SELECT count(*) AS n FROM trackers t WHERE t.dealer_id = 1');
    const filteredCount = (countFiltered().get({ f: pattern }) as { n: number }).n;
    const total = (countAll().get() as { n: number }).n;
    const measure = () => {
      // Prepared afresh: the index below changes the plans.
      const pageFiltered = db.prepare(`${TRACKER_ROW_SELECT} WHERE t.dealer_id = 1 AND ${FILTER_WHERE} ORDER BY lower(t.label), t.id LIMIT 50 OFFSET @o`);
      const pageAll = db.prepare(`${TRACKER_ROW_SELECT} WHERE t.dealer_id = 1 ORDER BY lower(t.label), t.id LIMIT 50 OFFSET @o`);
      const [filtered, all] = [countFiltered(), countAll()];
      const random = seededRandom(7);
      const time = (fn: () => void) => {
        const samples: number[] = [];
        for (let i = 0; i < queries; i++) {
          const start = process.hrtime.bigint();
          fn();
          samples.push(ms(start));
        }
        return summarize(samples);
      };
      return {
        filtered: time(() => {
          pageFiltered.all({ f: pattern, o: Math.floor(random() * Math.max(1, filteredCount - 50)) });
          filtered.get({ f: pattern });
        }),
        unfiltered: time(() => {
          pageAll.all({ o: Math.floor(random() * Math.max(1, total - 50)) });
          all.get();
        }),
      };
    };
    const plain = measure();
    db.prepare('CREATE INDEX bench_trackers_label ON trackers (dealer_id, lower(label), id)').run();
    const indexed = measure();
    return {
      sqliteVersion,
      filteredCount,
      filtered: plain.filtered,
      unfiltered: plain.unfiltered,
      indexedFiltered: indexed.filtered,
      indexedUnfiltered: indexed.unfiltered,
    };
  } finally {
    db.close();
  }
}
