import { hasPermissions, type Permissions } from '../../shared/permissions';

/**
 * What each method the UI calls requires (docs/navixy-api-facts.md §3.3 and the README's method table). The UI
 * hides or disables an action when the session lacks it; the server checks again (13).
 */
export const methodPermissions: Record<string, Permissions> = {
  'tracker/list': { trackers: ['read'] },
  'tracker/read': { trackers: ['read'] },
  'tracker/get_state': { trackers: ['read'] },
  'tracker/settings/update': { trackers: ['update'] },
  'tracker/source/update': { trackers: ['update'] },
  'tracker/clone': { trackers: ['create'] },
  'tracker/delete_clone': { trackers: ['delete'] },
  'tracker/batch_delete_clones': { trackers: ['delete'] },
  'tracker/move': { trackers: ['create', 'delete'] },
  'tracker/corrupt': { trackers: ['corrupt'] },
  'tracker/register_retry': { trackers: ['update'] },
  'tracker/console/connect': { trackers: ['update'] },
  'tracker/tariff/change': { trackers: ['update'], transactions: ['create'], tariffs: ['read'] },
  'tracker/active/history/list': { trackers: ['read'] },
  'tracker/bundle/list': { tracker_bundles: ['read'] },
  'tracker/bundle/read': { tracker_bundles: ['read'] },
  'tracker/bundle/import': { tracker_bundles: ['create'] },
  'tracker/bundle/assign': { tracker_bundles: ['update'] },
  'tracker/bundle/order/assign': { tracker_bundles: ['update'] },
  'tracker/bundle/update': { tracker_bundles: ['update'] },
  'equipment/list': { tracker_bundles: ['read'] },
  'sim_card/list': { tracker_bundles: ['read'] },
  'sim_card/import': { tracker_bundles: ['create'] },
  'sim_card/update': { tracker_bundles: ['update'] },
  'order/list': { tracker_bundles: ['read'] },
  'order/read': { tracker_bundles: ['read'] },
  'order/create': { tracker_bundles: ['create'] },
  'user/list': { users: ['read'] },
  'user/read': { users: ['read'] },
  'user/create': { users: ['create'] },
  'user/update': { users: ['update'] },
  'user/transaction/list': { users: ['read'], transactions: ['read'] },
  'tariff/list': { tariffs: ['read'] },
  'tariff/read': { tariffs: ['read'] },
  'tariff/create': { tariffs: ['create'] },
  'tariff/update': { tariffs: ['update'] },
  'staff/list': { staff: ['read'] },
  'staff/create': { staff: ['create'] },
  'staff/update': { staff: ['update'] },
  'staff/delete': { staff: ['delete'] },
  'settings/device_gateway/read': { service_settings: ['read'] },
  'settings/device_gateway/update': { service_settings: ['update'] },
};

/** Whether a session holding `granted` may call `path` (unknown paths: yes, the server decides). */
export function canCall(granted: Permissions, path: string): boolean {
  const required = methodPermissions[path];
  return required ? hasPermissions(granted, required) : true;
}
