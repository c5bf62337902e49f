import type { TrackerOrder } from '../../../shared/api/tracker-params.js';
import { connectionStatus, statusRank } from '../../../shared/connection-status.js';
import type { ReadDb } from '../sql-types.js';
import type { Queries } from '../store.js';
import { readTrackerRowById, readTrackerRowsAsync, TRACKER_ROW_SELECT, type TrackerRow } from './tracker-rows.js';

export type ClonesFilter = 'all' | 'exclude_clones' | 'only_clones';

export interface TrackerQuery {
  userId?: number;
  tariffId?: number;
  clones: ClonesFilter;
  /** Lower-cased substring to look for in id, label, source id, device id, model, phone, user id. */
  filter?: string;
  orderBy: TrackerOrder;
  ascending: boolean;
  offset: number;
  limit: number;
}

type SortTextKey = 'label' | 'model' | 'device_id' | 'phone' | 'comment';

/**
 * A row and what the list derives from it. The derived texts are built on first use (searchText,
 * sortText), not when the row is indexed: at start that is 100,000 joins and lower-casings that
 * a list without a filter, or in label order, never needs.
 */
interface IndexedRow {
  row: TrackerRow;
  /** The searchable fields, lower-cased, separated by a character no field contains (see searchText). */
  search: string | undefined;
  /** Sort keys (see sortText). Shared by the copies patchConnections makes: none of their fields change. */
  sortText: Record<SortTextKey, string | undefined>;
  /** The last filter query (its number) whose text this row's search text contains. */
  match: number;
}

type StaticOrder = Exclude<TrackerOrder, 'status'>;

function indexed(row: TrackerRow): IndexedRow {
  return { row, search: undefined, sortText: { label: undefined, model: undefined, device_id: undefined, phone: undefined, comment: undefined }, match: 0 };
}

function searchText(item: IndexedRow): string {
  const row = item.row;
  return (item.search ??= [row.id, row.label, row.source_id, row.device_id, row.model, row.phone ?? '', row.user_id].join('\u0001').toLowerCase());
}

// One function per key, each reading its own property: comparators run millions of times, and a
// property chosen by a variable (sortText[key]) made them several times slower.
const sortText = {
  label: (item: IndexedRow) => (item.sortText.label ??= item.row.label.toLowerCase()),
  model: (item: IndexedRow) => (item.sortText.model ??= item.row.model_name.toLowerCase()),
  device_id: (item: IndexedRow) => (item.sortText.device_id ??= item.row.device_id.toLowerCase()),
  phone: (item: IndexedRow) => (item.sortText.phone ??= item.row.phone ?? ''),
  comment: (item: IndexedRow) => (item.sortText.comment ??= item.row.comment.toLowerCase()),
} satisfies Record<SortTextKey, (item: IndexedRow) => string>;

/** Rows per search chunk: rebuilding one after a write joins ~60 KB; a filter scans ~100 of them. */
const SEARCH_CHUNK_ROWS = 1024;
/** Separates rows in a chunk's text; a filter containing it is matched row by row instead. */
const ROW_SEPARATOR = '\u0000';

interface SearchChunk {
  rows: Map<number, IndexedRow>;
  /** Rebuilt on the next filter after a change: the rows' search texts, joined. */
  text?: string;
  items: IndexedRow[];
  /** Where each of `items` starts in `text`. */
  starts: Int32Array;
}

/**
 * A dealer's search texts in chunks of ~1,000 rows, each joined into one string, so a filter is a
 * hundred `indexOf` scans over long strings instead of 100,000 `includes` calls (about 5x faster).
 */
class SearchChunks {
  private readonly chunks: SearchChunk[] = [];
  private readonly chunkOf = new Map<number, SearchChunk>();

  put(before: IndexedRow | undefined, after: IndexedRow | undefined): void {
    const id = (before ?? after)!.row.id;
    let chunk = this.chunkOf.get(id);
    if (!after) {
      if (chunk) {
        chunk.rows.delete(id);
        chunk.text = undefined;
        this.chunkOf.delete(id);
      }
      return;
    }
    if (!chunk) {
      chunk = this.chunks[this.chunks.length - 1];
      if (!chunk || chunk.rows.size >= SEARCH_CHUNK_ROWS) {
        chunk = { rows: new Map(), items: [], starts: new Int32Array(0) };
        this.chunks.push(chunk);
      }
      this.chunkOf.set(id, chunk);
    }
    chunk.rows.set(id, after);
    if (chunk.text !== undefined && before && searchText(before) === searchText(after)) {
      // Same text (a comment, a connection fact): swap the object, keep the joined text.
      const at = chunk.items.indexOf(before);
      if (at >= 0) chunk.items[at] = after;
      else chunk.text = undefined;
    } else chunk.text = undefined;
  }

  /**
   * Sets `match` to `mark` on every row whose search text contains `needle` (no ROW_SEPARATOR in
   * it), and pushes those rows onto `matched`.
   */
  mark(needle: string, mark: number, matched: IndexedRow[]): void {
    for (const chunk of this.chunks) {
      if (chunk.rows.size === 0) continue;
      if (chunk.text === undefined) {
        chunk.items = [...chunk.rows.values()];
        chunk.starts = new Int32Array(chunk.items.length);
        let at = 0;
        chunk.items.forEach((item, i) => {
          chunk.starts[i] = at;
          at += searchText(item).length + 1;
        });
        chunk.text = chunk.items.map(searchText).join(ROW_SEPARATOR);
      }
      const { text, starts, items } = chunk;
      let from = 0;
      for (;;) {
        const at = text.indexOf(needle, from);
        if (at < 0) break;
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >>> 1;
          if (starts[mid]! <= at) lo = mid;
          else hi = mid - 1;
        }
        items[lo]!.match = mark;
        matched.push(items[lo]!);
        if (lo + 1 >= starts.length) break;
        from = starts[lo + 1]!; // one mark per row is enough
      }
    }
  }
}

// Plain code-unit comparison: Intl collation is ~50x slower and the list must sort 100,000 rows.
function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const comparators: Record<StaticOrder, (a: IndexedRow, b: IndexedRow) => number> = {
  id: (a, b) => a.row.id - b.row.id,
  label: (a, b) => cmpText(sortText.label(a), sortText.label(b)) || a.row.id - b.row.id,
  model: (a, b) => cmpText(sortText.model(a), sortText.model(b)) || a.row.id - b.row.id,
  device_id: (a, b) => cmpText(sortText.device_id(a), sortText.device_id(b)) || a.row.id - b.row.id,
  phone: (a, b) => cmpText(sortText.phone(a), sortText.phone(b)) || a.row.id - b.row.id,
  creation_date: (a, b) => cmpText(a.row.creation_date, b.row.creation_date) || a.row.id - b.row.id,
  user_id: (a, b) => a.row.user_id - b.row.user_id || a.row.id - b.row.id,
  comment: (a, b) => cmpText(sortText.comment(a), sortText.comment(b)) || a.row.id - b.row.id,
};

/** Rows per JSON text at start: ~2 MB, so sql.js's memory (which never shrinks) stays small. */
const LOAD_BATCH_ROWS = 10_000;

/** The columns of TRACKER_ROW_SELECT in the order `rowOf` reads them. */
const LOAD_COLUMNS = [
  'id',
  'dealer_id',
  'user_id',
  'source_id',
  'label',
  'comment',
  'group_id',
  'clone',
  'deleted',
  'creation_date',
  'avatar_file_name',
  'device_id',
  'model',
  'model_name',
  'phone',
  'blocked',
  'corrupted',
  'tariff_id',
  'source_creation_date',
  'tariff_end_date',
  'last_connection',
  'last_data',
  'connected',
] as const;

/** One row of the load query: LOAD_COLUMNS' values, the 0/1 flags turned into booleans. */
function rowOf(v: (string | number | null)[]): TrackerRow {
  return {
    id: v[0] as number,
    dealer_id: v[1] as number,
    user_id: v[2] as number,
    source_id: v[3] as number,
    label: v[4] as string,
    comment: v[5] as string,
    group_id: v[6] as number,
    clone: v[7] === 1,
    deleted: v[8] === 1,
    creation_date: v[9] as string,
    avatar_file_name: v[10] as string | null,
    device_id: v[11] as string,
    model: v[12] as string,
    model_name: v[13] as string,
    phone: v[14] as string | null,
    blocked: v[15] === 1,
    corrupted: v[16] === 1,
    tariff_id: v[17] as number | null,
    source_creation_date: v[18] as string,
    tariff_end_date: v[19] as string | null,
    last_connection: v[20] as string | null,
    last_data: v[21] as string | null,
    connected: v[22] === 1,
  };
}

/**
 * Every tracker row, fetched as JSON texts built inside SQLite and parsed by JSON.parse: about
 * twice as fast at start as stepping through 100,000 rows in sql.js, which decodes every cell
 * separately. Each row is a JSON array (json_array) and a batch is those arrays joined by commas
 * (group_concat): json_group_array(json_object(...)) took twice as long in SQLite, and objects
 * with their 23 keys repeated in every row took half as long again to parse. Tracker rows hold
 * integers and text only, which JSON carries exactly.
 */
function readEveryTrackerRow(db: ReadDb): TrackerRow[] {
  const batchSql = `SELECT '[' || group_concat(json_array(${LOAD_COLUMNS.map((name) => `"${name}"`).join(', ')}), ',') || ']' AS rows, max(id) AS last
    FROM (${TRACKER_ROW_SELECT} WHERE t.id > ? ORDER BY t.id LIMIT ${LOAD_BATCH_ROWS})`;
  const rows: TrackerRow[] = [];
  for (let after = 0; ;) {
    const batch = db.get<{ rows: string | null; last: number | null }>(batchSql, [after]);
    if (!batch || batch.last === null || batch.rows === null) return rows;
    for (const values of JSON.parse(batch.rows) as (string | number | null)[][]) rows.push(rowOf(values));
    after = batch.last;
  }
}

/**
 * How much more one comparison of a sort costs than visiting one row of a view: a filtered query
 * sorts its matches when m·log2(m)·SORT_COST ≤ the dealer's rows (at 250,000 rows and 6,000
 * matches, sorting takes ~4 ms where the walk takes ~10), and walks the view otherwise.
 */
const SORT_COST = 2;

/** Rows per block of a sorted view; a block is split when it reaches twice this. */
const VIEW_BLOCK_ROWS = 1024;

/**
 * A sorted view kept up to date row by row, built on first use: a list of sorted blocks, so a
 * change splices one block of at most ~2,000 rows. (Splicing one 100,000-row array moves every row
 * after the change one by one: ~0.1 ms per splice, two per relabelled tracker.)
 */
class SortedView {
  private blocks: IndexedRow[][] | undefined;

  constructor(private readonly cmp: (a: IndexedRow, b: IndexedRow) => number) {}

  get(all: () => Iterable<IndexedRow>): IndexedRow[][] {
    if (!this.blocks) {
      const sorted = [...all()].sort(this.cmp);
      this.blocks = [];
      for (let i = 0; i < sorted.length; i += VIEW_BLOCK_ROWS) this.blocks.push(sorted.slice(i, i + VIEW_BLOCK_ROWS));
    }
    return this.blocks;
  }

  /** Where the first row not below `item` is: [block, position]; block = blocks.length past the end. */
  private lowerBound(item: IndexedRow): [number, number] {
    const blocks = this.blocks!;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = blocks[mid]!;
      if (this.cmp(block[block.length - 1]!, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === blocks.length) return [lo, 0];
    const block = blocks[lo]!;
    let a = 0;
    let b = block.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (this.cmp(block[mid]!, item) < 0) a = mid + 1;
      else b = mid;
    }
    return [lo, a];
  }

  replace(before: IndexedRow | undefined, after: IndexedRow | undefined): void {
    const blocks = this.blocks;
    if (!blocks) return;
    if (before) {
      const [b, at] = this.lowerBound(before);
      const block = blocks[b];
      if (block?.[at]?.row.id === before.row.id) {
        if (after && this.cmp(before, after) === 0) {
          block[at] = after; // same place
          return;
        }
        block.splice(at, 1);
        if (block.length === 0) blocks.splice(b, 1);
      }
    }
    if (after) {
      let [b, at] = this.lowerBound(after);
      if (b === blocks.length) {
        if (b === 0) {
          blocks.push([after]);
          return;
        }
        b -= 1;
        at = blocks[b]!.length;
      }
      const block = blocks[b]!;
      block.splice(at, 0, after);
      if (block.length >= 2 * VIEW_BLOCK_ROWS) blocks.splice(b + 1, 0, block.splice(VIEW_BLOCK_ROWS));
    }
  }
}

/** Visits the rows of `blocks` in order (or in reverse), from `skip` rows in, while `visit` returns true. */
function walk(blocks: IndexedRow[][], ascending: boolean, skip: number, visit: (item: IndexedRow) => boolean): void {
  const nb = blocks.length;
  for (let bi = 0; bi < nb; bi++) {
    const block = blocks[ascending ? bi : nb - 1 - bi]!;
    const len = block.length;
    if (skip >= len) {
      skip -= len;
      continue;
    }
    for (let k = skip; k < len; k++) {
      if (!visit(block[ascending ? k : len - 1 - k]!)) return;
    }
    skip = 0;
  }
}

class DealerTrackers {
  readonly rows = new Map<number, IndexedRow>();
  /** source id → its original (non-clone) tracker. */
  readonly originals = new Map<number, TrackerRow>();
  /** source id → every tracker over it (original and clones). */
  readonly bySource = new Map<number, Set<number>>();
  readonly views = new Map<StaticOrder, SortedView>();
  readonly search = new SearchChunks();

  view(order: StaticOrder): IndexedRow[][] {
    let view = this.views.get(order);
    if (!view) {
      view = new SortedView(comparators[order]);
      this.views.set(order, view);
    }
    return view.get(() => this.rows.values());
  }

  put(before: IndexedRow | undefined, after: IndexedRow | undefined): void {
    if (before && !before.row.clone && this.originals.get(before.row.source_id)?.id === before.row.id) this.originals.delete(before.row.source_id);
    if (before) this.bySource.get(before.row.source_id)?.delete(before.row.id);
    if (after) {
      let ids = this.bySource.get(after.row.source_id);
      if (!ids) this.bySource.set(after.row.source_id, (ids = new Set()));
      ids.add(after.row.id);
      this.rows.set(after.row.id, after);
      if (!after.row.clone) this.originals.set(after.row.source_id, after.row);
    } else if (before) this.rows.delete(before.row.id);
    this.search.put(before, after);
    for (const view of this.views.values()) view.replace(before, after);
  }
}

/**
 * The in-memory read model behind tracker/list: every tracker of every dealer with its search text,
 * and lazily built sorted views. One pass over a sorted view applies the filters, counts all
 * matches and collects the requested page. It is refreshed in the same tick as each committed
 * write that touches trackers or sources (see Trackers in trackers.ts).
 */
/** Which sources and device ids a refresh touched (`all`: everything was reloaded). */
export interface TrackerIndexChange {
  all: boolean;
  sourceIds: number[];
  deviceIds: string[];
}

export class TrackerIndex {
  private readonly dealers = new Map<number, DealerTrackers>();
  private readonly listeners: ((change: TrackerIndexChange) => void)[] = [];
  /** Numbers filter queries, for IndexedRow.match. */
  private filterQueries = 0;

  /** The PostgreSQL engine's reads (`overQueries`): loads and refreshes then return a Promise. */
  private reads: Queries | undefined;
  /** Async loads and refreshes run one after another, each reading after the previous applied. */
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly db: ReadDb) {}

  /**
   * An index over the Store seam (PostgreSQL): `loadAll` and `refresh` queue reads through
   * Promises and apply them in order; `idle()` resolves once every queued one has. The PostgreSQL
   * engine awaits it after each COMMIT's afterCommit work, so a write is in the index before the
   * transaction resolves. A read that fails (the server went away) calls `onStale`.
   */
  static overQueries(reads: Queries): TrackerIndex {
    const unusable = () => {
      throw new Error('the tracker index reads through the Store seam');
    };
    const index = new TrackerIndex({ all: unusable, get: unusable, column: unusable });
    index.reads = reads;
    return index;
  }

  private staleListener: (() => void) | undefined;

  /** Called when a queued read failed: the index may miss a committed change until `loadAll`. */
  onStale(listener: () => void): void {
    this.staleListener = listener;
  }

  /** Resolves once every queued load and refresh is applied (at once on the embedded engine). */
  idle(): Promise<void> {
    return this.pending;
  }

  private serially(work: (reads: Queries) => Promise<void>): void {
    const reads = this.reads!;
    this.pending = this.pending.then(() => work(reads)).catch(() => this.staleListener?.());
  }

  loadAll(): void {
    if (this.reads) {
      this.serially(async (reads) => this.replaceAll(await readTrackerRowsAsync(reads, '1 = 1 ORDER BY t.id', [])));
      return;
    }
    this.replaceAll(readEveryTrackerRow(this.db));
  }

  private replaceAll(rows: TrackerRow[]): void {
    this.dealers.clear();
    for (const row of rows) this.dealer(row.dealer_id).put(undefined, indexed(row));
    this.emit({ all: true, sourceIds: [], deviceIds: [] });
  }

  /** Called after every refresh or reload (the device gateway re-checks who its connections are). */
  onChange(listener: (change: TrackerIndexChange) => void): void {
    this.listeners.push(listener);
  }

  private emit(change: TrackerIndexChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private dealer(dealerId: number): DealerTrackers {
    let dealer = this.dealers.get(dealerId);
    if (!dealer) {
      dealer = new DealerTrackers();
      this.dealers.set(dealerId, dealer);
    }
    return dealer;
  }

  get(dealerId: number, trackerId: number): TrackerRow | undefined {
    return this.dealers.get(dealerId)?.rows.get(trackerId)?.row;
  }

  /** The original (non-clone) tracker over a source. */
  originalOf(dealerId: number, sourceId: number): TrackerRow | undefined {
    return this.dealers.get(dealerId)?.originals.get(sourceId);
  }

  /** A tracker over a source (the original when there is one), whichever dealer's: the device gateway's identities. */
  anyTrackerOf(sourceId: number): TrackerRow | undefined {
    for (const dealer of this.dealers.values()) {
      const ids = dealer.bySource.get(sourceId);
      if (!ids?.size) continue;
      return dealer.originals.get(sourceId) ?? dealer.rows.get(ids.values().next().value!)?.row;
    }
    return undefined;
  }

  /** Every tracker row of every dealer (the device gateway rebuilds its identities from them after a reload). */
  *allRows(): IterableIterator<TrackerRow> {
    for (const dealer of this.dealers.values()) for (const item of dealer.rows.values()) yield item.row;
  }

  /** Re-reads the given trackers (and every tracker of the given sources) from the database. */
  refresh(trackerIds: Iterable<number>, sourceIds: Iterable<number> = []): void {
    const ids = new Set(trackerIds);
    const sources = [...sourceIds];
    if (this.reads) {
      this.serially(async (reads) => {
        for (const sourceId of sources) {
          for (const id of await reads.column<number>('SELECT id FROM trackers WHERE source_id = ?', [sourceId])) ids.add(id);
        }
        const fresh = new Map<number, TrackerRow>();
        const all = [...ids];
        for (let i = 0; i < all.length; i += 500) {
          const chunk = all.slice(i, i + 500);
          for (const row of await readTrackerRowsAsync(reads, `t.id IN (${chunk.map(() => '?').join(', ')})`, chunk)) fresh.set(row.id, row);
        }
        this.apply(ids, sources, (id) => fresh.get(id));
      });
      return;
    }
    for (const sourceId of sources) {
      for (const id of this.db.column<number>('SELECT id FROM trackers WHERE source_id = ?', [sourceId])) ids.add(id);
    }
    this.apply(ids, sources, (id) => readTrackerRowById(this.db, id));
  }

  /** Puts the fresh rows of `ids` (undefined: gone) in place and tells the listeners. */
  private apply(ids: Set<number>, sourceIds: number[], freshOf: (id: number) => TrackerRow | undefined): void {
    const touchedSources = new Set<number>();
    const touchedDevices = new Set<string>();
    const touch = (row: TrackerRow | undefined) => {
      if (!row) return;
      touchedSources.add(row.source_id);
      touchedDevices.add(row.device_id);
    };
    for (const id of ids) {
      const fresh = freshOf(id);
      let before: IndexedRow | undefined;
      for (const dealer of this.dealers.values()) {
        before = dealer.rows.get(id);
        if (before) {
          if (!fresh || fresh.dealer_id !== before.row.dealer_id) dealer.put(before, undefined);
          break;
        }
      }
      touch(before?.row);
      touch(fresh);
      if (fresh) {
        const keep = before && before.row.dealer_id === fresh.dealer_id ? before : undefined;
        this.dealer(fresh.dealer_id).put(keep, indexed(fresh));
      }
    }
    for (const sourceId of sourceIds) touchedSources.add(sourceId);
    if (touchedSources.size || touchedDevices.size) this.emit({ all: false, sourceIds: [...touchedSources], deviceIds: [...touchedDevices] });
  }

  /**
   * Applies connection facts (written by the device gateway) to every tracker over each source,
   * without re-reading the database: they change many times a second and no sort key depends on them.
   */
  patchConnections(patches: { sourceId: number; connected: boolean; lastConnection: string | null; lastData: string | null }[]): void {
    for (const p of patches) {
      for (const dealer of this.dealers.values()) {
        const ids = dealer.bySource.get(p.sourceId);
        if (!ids) continue;
        for (const id of [...ids]) {
          const before = dealer.rows.get(id);
          if (!before) continue;
          const row = { ...before.row, connected: p.connected, last_connection: p.lastConnection, last_data: p.lastData };
          dealer.put(before, { ...before, row });
        }
        break;
      }
    }
  }

  query(dealerId: number, query: TrackerQuery, now: Date): { rows: TrackerRow[]; count: number } {
    const dealer = this.dealers.get(dealerId);
    if (!dealer) return { rows: [], count: 0 };
    const { userId, tariffId, clones, filter, offset, limit, ascending, orderBy } = query;
    const mark = filter && !filter.includes(ROW_SEPARATOR) ? ++this.filterQueries : 0;
    const matched: IndexedRow[] = [];
    if (mark) dealer.search.mark(filter!, mark, matched);
    if (mark && orderBy !== 'status' && matched.length * Math.log2(matched.length + 2) * SORT_COST <= dealer.rows.size) {
      // Few rows match (a typical filter): sorting them is cheaper than walking every row of the view.
      const kept = matched.filter(
        ({ row }) =>
          (userId === undefined || row.user_id === userId) &&
          (tariffId === undefined || row.tariff_id === tariffId) &&
          (clones === 'exclude_clones' ? !row.clone : clones === 'only_clones' ? row.clone : true),
      );
      kept.sort(comparators[orderBy]); // the view's own order (ids break ties), so the same pages
      if (!ascending) kept.reverse();
      return { rows: kept.slice(offset, offset + limit).map((item) => item.row), count: kept.length };
    }
    const blocks = orderBy === 'status' ? [this.byStatus(dealer, now)] : dealer.view(orderBy);
    const page: TrackerRow[] = [];
    if (userId === undefined && tariffId === undefined && clones === 'all' && !filter) {
      // Nothing to filter: the page is a slice of the view.
      if (limit > 0) walk(blocks, ascending, offset, (item) => page.push(item.row) < limit);
      return { rows: page, count: dealer.rows.size };
    }
    // Plain loops, not walk(): a callback per row makes this pass over 100,000 rows ~3x slower.
    let count = 0;
    const nb = blocks.length;
    for (let bi = 0; bi < nb; bi++) {
      const block = blocks[ascending ? bi : nb - 1 - bi]!;
      const len = block.length;
      for (let k = 0; k < len; k++) {
        const item = block[ascending ? k : len - 1 - k]!;
        const row = item.row;
        if (userId !== undefined && row.user_id !== userId) continue;
        if (tariffId !== undefined && row.tariff_id !== tariffId) continue;
        if (clones === 'exclude_clones' ? row.clone : clones === 'only_clones' ? !row.clone : false) continue;
        if (filter && (mark ? item.match !== mark : !searchText(item).includes(filter))) continue;
        if (count >= offset && page.length < limit) page.push(row);
        count++;
      }
    }
    return { rows: page, count };
  }

  private byStatus(dealer: DealerTrackers, now: Date): IndexedRow[] {
    const rank = new Map<number, number>();
    for (const item of dealer.rows.values()) {
      const r = item.row;
      rank.set(r.id, statusRank[connectionStatus({ connected: r.connected, lastConnection: r.last_connection, lastData: r.last_data }, now)]);
    }
    return [...dealer.rows.values()].sort((a, b) => rank.get(a.row.id)! - rank.get(b.row.id)! || a.row.id - b.row.id);
  }
}
