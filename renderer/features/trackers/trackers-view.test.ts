import { describe, expect, it } from 'vitest';
import { selectionKind, trackerListParams } from './trackers-view';

const view = { filter: '', userId: null, tariffId: null, clones: 'all' as const, orderBy: 'id' as const, ascending: true, page: 0, pageSize: 50 };

describe('tracker/list parameters', () => {
  it('pages, sorts and filters on the server', () => {
    expect(trackerListParams(view)).toEqual({ offset: 0, limit: 50, order_by: 'id', ascending: true });
    expect(trackerListParams({ ...view, filter: ' truck ', userId: 4, tariffId: 2, orderBy: 'label', ascending: false, page: 3, pageSize: 20 })).toEqual({
      offset: 60,
      limit: 20,
      order_by: 'label',
      ascending: false,
      filter: 'truck',
      user_id: 4,
      tariff_id: 2,
    });
  });

  it("sends the admin UI's clones_filter values and omits it for All", () => {
    expect(trackerListParams({ ...view, clones: 'clones' }).clones_filter).toBe('include_clones_only');
    expect(trackerListParams({ ...view, clones: 'trackers' }).clones_filter).toBe('exclude_clones');
    expect('clones_filter' in trackerListParams(view)).toBe(false);
  });
});

describe('selectionKind', () => {
  it('tells trackers, clones and a mix apart', () => {
    const t = (clone: boolean) => ({ id: 1, label: '', clone, user_id: 1 });
    expect(selectionKind([])).toBe('none');
    expect(selectionKind([t(false), t(false)])).toBe('trackers');
    expect(selectionKind([t(true)])).toBe('clones');
    expect(selectionKind([t(true), t(false)])).toBe('mixed');
  });
});
