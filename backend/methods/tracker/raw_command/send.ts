import { trackerRawCommandSend } from '../../../../shared/api/tracker.js';
import { defineMethod } from '../../../api/registry.js';
import { guardTracker } from '../guard.js';

/**
 * Sends a command to the device (its original tracker's source), encoded for its protocol;
 * `reliable` and the answer's `sent`: see the spec.
 */
export default defineMethod(trackerRawCommandSend, async ({ params, dealerId, services: { trackers, devices } }) => {
  const tracker = guardTracker(await trackers.findByDeviceId(dealerId, params.device_id));
  const command = params.type === 'hex' ? params.command.replace(/\s+/g, '').toLowerCase() : params.command;
  const { id, sent } = await devices.sendCommand(tracker.source_id, command, params.type, params.reliable);
  return { id, sent };
});
