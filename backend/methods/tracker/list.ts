import { trackerList } from '../../../shared/api/tracker.js';
import type { ClonesFilterValue } from '../../../shared/api/tracker-params.js';
import { NO_LIMIT } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import type { ClonesFilter } from '../../storage/repositories/tracker-index.js';
import { presentTracker } from '../../storage/repositories/tracker-object.js';

/** Both spellings of the clones filter: the docs' `only_include_clones` and the admin UI's `include_clones_only`. */
const clonesFilter: Record<ClonesFilterValue, ClonesFilter> = {
  not_set: 'all',
  exclude_clones: 'exclude_clones',
  only_include_clones: 'only_clones',
  include_clones_only: 'only_clones',
};

export default defineMethod(trackerList, async ({ params, dealerId, services: { users, tariffs, trackers, clock } }) => {
  if (params.user_id !== undefined) await users.owned(dealerId, params.user_id);
  if (params.tariff_id !== undefined) await tariffs.owned(dealerId, params.tariff_id);
  const now = clock.now();
  const filter = params.filter?.trim().toLowerCase();
  const { rows, count } = await trackers.list(
    dealerId,
    {
      userId: params.user_id,
      tariffId: params.tariff_id,
      clones: clonesFilter[params.clones_filter ?? 'not_set'],
      filter: filter || undefined,
      orderBy: params.order_by ?? 'id',
      ascending: params.ascending ?? true,
      offset: params.offset ?? 0,
      limit: params.limit ?? NO_LIMIT,
    },
    now,
  );
  const owners = await users.names(
    dealerId,
    rows.map((r) => r.user_id),
  );
  return { list: rows.map((r) => presentTracker(r, owners.get(r.user_id) ?? '', now)), count };
});
