import { z } from 'zod';
import { MAX_PAGE_SIZE, id, oneOf, paging } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { presentTracker } from '../../storage/repositories/tracker-object.js';
import { trackerOrderKeys, type ClonesFilter } from '../../storage/repositories/tracker-index.js';

/** Both spellings of the clones filter: the docs' `only_include_clones` and the admin UI's `include_clones_only`. */
const clonesFilter: Record<string, ClonesFilter> = {
  not_set: 'all',
  exclude_clones: 'exclude_clones',
  only_include_clones: 'only_clones',
  include_clones_only: 'only_clones',
};

export default defineMethod({
  path: 'tracker/list',
  permissions: { trackers: ['read'] },
  params: z.object({
    ...paging,
    user_id: id().optional(),
    tariff_id: id().optional(),
    order_by: oneOf(trackerOrderKeys).optional(),
    clones_filter: oneOf(Object.keys(clonesFilter) as [string, ...string[]]).optional(),
  }),
  run({ params, dealerId, backend }) {
    if (params.user_id !== undefined) backend.users.owned(dealerId, params.user_id);
    if (params.tariff_id !== undefined) backend.tariffs.owned(dealerId, params.tariff_id);
    const now = backend.clock.now();
    const filter = params.filter?.trim().toLowerCase();
    const { rows, count } = backend.trackerIndex.query(
      dealerId,
      {
        userId: params.user_id,
        tariffId: params.tariff_id,
        clones: clonesFilter[params.clones_filter ?? 'not_set']!,
        filter: filter || undefined,
        orderBy: params.order_by ?? 'id',
        ascending: params.ascending ?? true,
        offset: params.offset ?? 0,
        limit: params.limit ?? MAX_PAGE_SIZE,
      },
      now,
    );
    const owners = backend.users.names(dealerId, rows.map((r) => r.user_id));
    return { list: rows.map((r) => presentTracker(r, owners.get(r.user_id) ?? '', now)), count };
  },
});
