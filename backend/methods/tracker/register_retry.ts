import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { id } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { activationCommands } from '../../devices/activation-commands.js';
import type { ProtocolName } from '../../devices/protocols/types.js';
import { effectivePublicHost } from '../../devices/public-address.js';

export const NO_PUBLIC_HOST =
  'No address devices can reach is known (the server listens on loopback or an unspecified address): start it with --public-host <address>, or set the public host in Settings';

/** Seconds between two retries of one tracker, counted from every request (even refused ones). */
export const RETRY_INTERVAL_S = 120;
const MOBILE_MODELS = /^(navixymobile|mobile_unknown|iosnavixytracker)/;

/**
 * Sends the activation commands (point the device at this server, reset its tracking settings) over
 * the open connection, or queues them (reliable) for when the device connects. `register_entry`
 * is the documented alias (a typo the Navixy docs fixed in 2022).
 */
export default defineMethod({
  path: 'tracker/register_retry',
  aliases: ['tracker/register_entry'],
  permissions: { trackers: ['update'] },
  params: z.object({ tracker_id: id() }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const row = backend.trackers.owned(dealerId, params.tracker_id);
    const nowMs = backend.clock.now().getTime();
    const last = backend.registerRetries.get(row.id);
    backend.registerRetries.set(row.id, nowMs);
    if (last !== undefined && nowMs - last < RETRY_INTERVAL_S * 1000) throw new ApiError(264);
    if (row.corrupted === 1) throw new ApiError(252);
    if (row.clone === 1) throw new ApiError(219);
    if (row.blocked === 1) throw new ApiError(208);
    const model = backend.store.get<{ protocol: string; has_gsm: number }>('SELECT protocol, has_gsm FROM models WHERE code = ?', [row.model]);
    if (!model || model.has_gsm === 0 || model.protocol === 'mobile' || MOBILE_MODELS.test(row.model)) throw new ApiError(214);
    const protocol = model.protocol as ProtocolName;
    const { ports } = backend.publicAddress;
    const publicHost = effectivePublicHost(backend.publicAddress, backend.serverSettings.get(dealerId, 'device_public_host'));
    if (!publicHost) {
      // Activation rewrites the device's server address: a loopback one would lose the device for good.
      throw ApiError.invalidParameters([{ parameter: '--public-host', error: NO_PUBLIC_HOST }]);
    }
    const host = publicHost.host;
    const port = ports[protocol] ?? backend.gateway.ports.get(protocol) ?? 0;
    let sent = false;
    for (const command of activationCommands(protocol, host, port)) {
      sent = (await backend.gateway.sendCommand(row.source_id, command, 'text', true)).sent;
    }
    return { sent };
  },
});
