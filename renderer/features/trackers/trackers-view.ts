import { create } from 'zustand';
import type { ParamsOf } from '../../../shared/api/contract';
import type { TrackerOrder } from '../../../shared/api/tracker-params';

export type ClonesChoice = 'all' | 'clones' | 'trackers';

export interface SelectedTracker {
  id: number;
  label: string;
  clone: boolean;
  user_id: number;
}

export interface TrackersViewState {
  filter: string;
  userId: number | null;
  tariffId: number | null;
  clones: ClonesChoice;
  orderBy: TrackerOrder;
  ascending: boolean;
  page: number;
  pageSize: number;
  selected: Record<number, SelectedTracker>;
  set(patch: Partial<Omit<TrackersViewState, 'set' | 'toggle' | 'clearSelection'>>): void;
  toggle(tracker: SelectedTracker, on: boolean): void;
  clearSelection(): void;
}

/** The trackers table's filters, sort, page and selection: kept while the user opens a card and comes back. */
export const useTrackersView = create<TrackersViewState>((set) => ({
  filter: '',
  userId: null,
  tariffId: null,
  clones: 'all',
  orderBy: 'id',
  ascending: true,
  page: 0,
  pageSize: 50,
  selected: {},
  set: (patch) => set((state) => ({ ...patch, page: 'page' in patch ? patch.page! : state.page })),
  toggle: (tracker, on) =>
    set((state) => {
      const selected = { ...state.selected };
      if (on) selected[tracker.id] = tracker;
      else delete selected[tracker.id];
      return { selected };
    }),
  clearSelection: () => set({ selected: {} }),
}));

/** tracker/list parameters for the view (server-side paging, sorting, filtering). */
export function trackerListParams(
  view: Pick<TrackersViewState, 'filter' | 'userId' | 'tariffId' | 'clones' | 'orderBy' | 'ascending' | 'page' | 'pageSize'>,
): ParamsOf<'tracker/list'> {
  const params: ParamsOf<'tracker/list'> = {
    offset: view.page * view.pageSize,
    limit: view.pageSize,
    order_by: view.orderBy,
    ascending: view.ascending,
  };
  const filter = view.filter.trim();
  if (filter) params.filter = filter;
  if (view.userId !== null) params.user_id = view.userId;
  if (view.tariffId !== null) params.tariff_id = view.tariffId;
  // The admin UI's values (docs/navixy-api-facts.md §4.3): All omits the parameter.
  if (view.clones === 'clones') params.clones_filter = 'include_clones_only';
  if (view.clones === 'trackers') params.clones_filter = 'exclude_clones';
  return params;
}

/** What group actions a selection allows: only trackers, only clones, or a mix (none). */
export function selectionKind(selected: SelectedTracker[]): 'none' | 'trackers' | 'clones' | 'mixed' {
  if (!selected.length) return 'none';
  const clones = selected.filter((t) => t.clone).length;
  if (clones === 0) return 'trackers';
  if (clones === selected.length) return 'clones';
  return 'mixed';
}
