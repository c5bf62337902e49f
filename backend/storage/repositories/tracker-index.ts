import { connectionStatus, statusRank } from '../../../shared/connection-status.js';
import type { ReadDb } from '../durable-store.js';
import { readTrackerRows, type TrackerRow } from './tracker-rows.js';

export const trackerOrderKeys = ['id', 'label', 'status', 'model', 'device_id', 'phone', 'creation_date', 'user_id', 'comment'] as const;
export type TrackerOrder = (typeof trackerOrderKeys)[number];
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

interface IndexedRow {
  row: TrackerRow;
  /** The searchable fields, lower-cased, separated by a character no field contains. */
  search: string;
  sortText: Record<'label' | 'model' | 'device_id' | 'phone' | 'comment', string>;
}

type StaticOrder = Exclude<TrackerOrder, 'status'>;

function indexed(row: TrackerRow): IndexedRow {
  return {
    row,
    search: [row.id, row.label, row.source_id, row.device_id, row.model, row.phone ?? '', row.user_id].join('\u0001').toLowerCase(),
    sortText: {
      label: row.label.toLowerCase(),
      model: row.model_name.toLowerCase(),
      device_id: row.device_id.toLowerCase(),
      phone: row.phone ?? '',
      comment: row.comment.toLowerCase(),
    },
  };
}

// Plain code-unit comparison: Intl collation is ~50x slower and the list must sort 100,000 rows.
function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const comparators: Record<StaticOrder, (a: IndexedRow, b: IndexedRow) => number> = {
  id: (a, b) => a.row.id - b.row.id,
  label: (a, b) => cmpText(a.sortText.label, b.sortText.label) || a.row.id - b.row.id,
  model: (a, b) => cmpText(a.sortText.model, b.sortText.model) || a.row.id - b.row.id,
  device_id: (a, b) => cmpText(a.sortText.device_id, b.sortText.device_id) || a.row.id - b.row.id,
  phone: (a, b) => cmpText(a.sortText.phone, b.sortText.phone) || a.row.id - b.row.id,
  creation_date: (a, b) => cmpText(a.row.creation_date, b.row.creation_date) || a.row.id - b.row.id,
  user_id: (a, b) => a.row.user_id - b.row.user_id || a.row.id - b.row.id,
  comment: (a, b) => cmpText(a.sortText.comment, b.sortText.comment) || a.row.id - b.row.id,
};

/** A sorted view kept up to date row by row (binary search + splice), built on first use. */
class SortedView {
  private items: IndexedRow[] | undefined;

  constructor(private readonly cmp: (a: IndexedRow, b: IndexedRow) => number) {}

  get(all: () => Iterable<IndexedRow>): IndexedRow[] {
    this.items ??= [...all()].sort(this.cmp);
    return this.items;
  }

  private lowerBound(item: IndexedRow): number {
    const items = this.items!;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cmp(items[mid]!, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  replace(before: IndexedRow | undefined, after: IndexedRow | undefined): void {
    if (!this.items) return;
    if (before && after && this.cmp(before, after) === 0) {
      this.items[this.lowerBound(before)] = after;
      return;
    }
    if (before) {
      const at = this.lowerBound(before);
      if (this.items[at]?.row.id === before.row.id) this.items.splice(at, 1);
    }
    if (after) this.items.splice(this.lowerBound(after), 0, after);
  }
}

class DealerTrackers {
  readonly rows = new Map<number, IndexedRow>();
  /** source id → its original (non-clone) tracker. */
  readonly originals = new Map<number, TrackerRow>();
  /** source id → every tracker over it (original and clones). */
  readonly bySource = new Map<number, Set<number>>();
  readonly views = new Map<StaticOrder, SortedView>();

  view(order: StaticOrder): IndexedRow[] {
    let view = this.views.get(order);
    if (!view) {
      view = new SortedView(comparators[order]);
      this.views.set(order, view);
    }
    return view.get(() => this.rows.values());
  }

  put(before: IndexedRow | undefined, after: IndexedRow | undefined): void {
    if (before && before.row.clone === 0 && this.originals.get(before.row.source_id)?.id === before.row.id) this.originals.delete(before.row.source_id);
    if (before) this.bySource.get(before.row.source_id)?.delete(before.row.id);
    if (after) {
      let ids = this.bySource.get(after.row.source_id);
      if (!ids) this.bySource.set(after.row.source_id, (ids = new Set()));
      ids.add(after.row.id);
      this.rows.set(after.row.id, after);
      if (after.row.clone === 0) this.originals.set(after.row.source_id, after.row);
    } else if (before) this.rows.delete(before.row.id);
    for (const view of this.views.values()) view.replace(before, after);
  }
}

/**
 * The in-memory read model behind tracker/list: every tracker of every dealer with its search text,
 * and lazily built sorted views. One pass over a sorted view applies the filters, counts all
 * matches and collects the requested page. It is refreshed in the same tick as each committed
 * write that touches trackers or sources (see Trackers in trackers.ts).
 */
export class TrackerIndex {
  private readonly dealers = new Map<number, DealerTrackers>();

  constructor(private readonly db: ReadDb) {}

  loadAll(): void {
    this.dealers.clear();
    for (const row of readTrackerRows(this.db, '1 = 1', [])) this.dealer(row.dealer_id).put(undefined, indexed(row));
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

  /** Re-reads the given trackers (and every tracker of the given sources) from the database. */
  refresh(trackerIds: Iterable<number>, sourceIds: Iterable<number> = []): void {
    const ids = new Set(trackerIds);
    for (const sourceId of sourceIds) {
      for (const id of this.db.column<number>('SELECT id FROM trackers WHERE source_id = ?', [sourceId])) ids.add(id);
    }
    for (const id of ids) {
      const [fresh] = readTrackerRows(this.db, 't.id = ?', [id]);
      let before: IndexedRow | undefined;
      for (const dealer of this.dealers.values()) {
        before = dealer.rows.get(id);
        if (before) {
          if (!fresh || fresh.dealer_id !== before.row.dealer_id) dealer.put(before, undefined);
          break;
        }
      }
      if (fresh) {
        const keep = before && before.row.dealer_id === fresh.dealer_id ? before : undefined;
        this.dealer(fresh.dealer_id).put(keep, indexed(fresh));
      }
    }
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
          const row = { ...before.row, connected: p.connected ? 1 : 0, last_connection: p.lastConnection, last_data: p.lastData };
          dealer.put(before, { ...before, row });
        }
        break;
      }
    }
  }

  query(dealerId: number, query: TrackerQuery, now: Date): { rows: TrackerRow[]; count: number } {
    const dealer = this.dealers.get(dealerId);
    if (!dealer) return { rows: [], count: 0 };
    const ordered = query.orderBy === 'status' ? this.byStatus(dealer, now) : dealer.view(query.orderBy);
    const { userId, tariffId, clones, filter, offset, limit } = query;
    const page: TrackerRow[] = [];
    let count = 0;
    const n = ordered.length;
    for (let k = 0; k < n; k++) {
      const item = ordered[query.ascending ? k : n - 1 - k]!;
      const row = item.row;
      if (userId !== undefined && row.user_id !== userId) continue;
      if (tariffId !== undefined && row.tariff_id !== tariffId) continue;
      if (clones === 'exclude_clones' ? row.clone === 1 : clones === 'only_clones' ? row.clone === 0 : false) continue;
      if (filter && !item.search.includes(filter)) continue;
      if (count >= offset && page.length < limit) page.push(row);
      count++;
    }
    return { rows: page, count };
  }

  private byStatus(dealer: DealerTrackers, now: Date): IndexedRow[] {
    const rank = new Map<number, number>();
    for (const item of dealer.rows.values()) {
      const r = item.row;
      rank.set(r.id, statusRank[connectionStatus({ connected: r.connected === 1, lastConnection: r.last_connection, lastData: r.last_data }, now)]);
    }
    return [...dealer.rows.values()].sort((a, b) => rank.get(a.row.id)! - rank.get(b.row.id)! || a.row.id - b.row.id);
  }
}
