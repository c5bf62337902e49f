import { userCorrupt } from '../../../shared/api/user.js';
import { defineMethod } from '../../api/registry.js';

/**
 * user/corrupt: 201 unknown, another dealer's or an already deleted user; 7 when `login` is not
 * the user's; 252 when a tracker of the user is already corrupted; 253 when one of its trackers
 * has clones (their ids in `list`). Otherwise one transaction marks the user and its trackers
 * deleted and corrupts the sources of its originals; their tracking data then moves aside, as
 * tracker/corrupt does.
 */
export default defineMethod(userCorrupt, async ({ params, dealerId, services: { trackers, devices } }) => {
  const corrupted = await trackers.corruptUser(dealerId, params.user_id, params.login);
  devices.recheckConsoles();
  for (const { sourceId, movedTo } of corrupted) await devices.moveTrackingDataAside(sourceId, movedTo);
  return {};
});
