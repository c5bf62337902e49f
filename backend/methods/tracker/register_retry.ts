import { trackerRegisterRetry } from '../../../shared/api/tracker.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { activationCommands } from '../../devices/activation-commands.js';
import type { ProtocolName } from '../../devices/protocols/types.js';
import { effectivePublicHost } from '../../devices/public-address.js';
import { guardTracker } from './guard.js';

export const NO_PUBLIC_HOST =
  'No address devices can reach is known (the server listens on loopback or an unspecified address): start it with --public-host <address>, or set the public host in Settings';

const MOBILE_MODELS = /^(navixymobile|mobile_unknown|iosnavixytracker)/;

/**
 * Sends the activation commands (point the device at this server, reset its tracking settings) over
 * the open connection, or queues them (reliable) for when the device connects. At most one request
 * per tracker per RETRY_INTERVAL_S, counted from every request (even refused ones): see guard.ts.
 */
export default defineMethod(
  trackerRegisterRetry,
  async ({ params, dealerId, services: { trackers, models, registerRetries, publicAddress, serverSettings, devices, clock } }) => {
    const row = guardTracker(await trackers.find(dealerId, params.tracker_id), { corrupted: 'allow' });
    if (!registerRetries.attempt(row.id, clock.now().getTime())) throw new ApiError(Code.TimeoutNotReached);
    guardTracker(row, { clones: 'refuse', blocked: 'refuse' });
    const model = await models.find(row.model);
    if (!model || !model.has_gsm || model.protocol === 'mobile' || MOBILE_MODELS.test(row.model)) throw new ApiError(Code.NotSupportedByDevice);
    const protocol = model.protocol as ProtocolName;
    const address = publicAddress();
    const publicHost = effectivePublicHost(address, await serverSettings.get(dealerId, 'device_public_host'));
    if (!publicHost) {
      // Activation rewrites the device's server address: a loopback one would lose the device for good.
      throw ApiError.invalidParameters([{ parameter: '--public-host', error: NO_PUBLIC_HOST }]);
    }
    const port = address.ports[protocol] ?? devices.port(protocol) ?? 0;
    let sent = false;
    for (const command of activationCommands(protocol, publicHost.host, port)) {
      sent = (await devices.sendCommand(row.source_id, command, 'text', true)).sent;
    }
    return { sent };
  },
);
