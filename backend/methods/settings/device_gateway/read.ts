import { defineMethod } from '../../../api/registry.js';
import { z } from 'zod';
import { effectivePublicHost } from '../../../devices/public-address.js';

/**
 * Not in the Navixy panel: this installation's device gateway as devices see it. `public_host` is
 * the stored setting; `effective_host` what tracker/register_retry tells devices (the
 * `--public-host` flag wins over the setting), null when no reachable address is known.
 */
export default defineMethod({
  path: 'settings/device_gateway/read',
  permissions: { service_settings: ['read'] },
  params: z.object({}),
  run({ dealerId, backend }) {
    const setting = backend.serverSettings.get(dealerId, 'device_public_host') ?? null;
    const effective = effectivePublicHost(backend.publicAddress, setting ?? undefined);
    return {
      settings: {
        public_host: setting,
        effective_host: effective?.host ?? null,
        effective_source: effective?.source ?? null,
        flag_host: backend.publicAddress.flagHost ?? null,
        ports: backend.publicAddress.ports,
      },
    };
  },
});
