import { settingsDeviceGatewayRead } from '../../../../shared/api/settings.js';
import { defineMethod } from '../../../api/registry.js';
import { effectivePublicHost } from '../../../devices/public-address.js';

/**
 * Not in the Navixy panel: this installation's device gateway as devices see it. `public_host` is
 * the stored setting; `effective_host` what tracker/register_retry tells devices (the
 * `--public-host` flag wins over the setting), null when no reachable address is known.
 */
export default defineMethod(settingsDeviceGatewayRead, async ({ dealerId, services: { serverSettings, publicAddress } }) => {
  const setting = (await serverSettings.get(dealerId, 'device_public_host')) ?? null;
  const address = publicAddress();
  const effective = effectivePublicHost(address, setting ?? undefined);
  return {
    settings: {
      public_host: setting,
      effective_host: effective?.host ?? null,
      effective_source: effective?.source ?? null,
      flag_host: address.flagHost ?? null,
      ports: address.ports,
    },
  };
});
