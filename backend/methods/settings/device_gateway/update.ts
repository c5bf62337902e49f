import { settingsDeviceGatewayUpdate } from '../../../../shared/api/settings.js';
import { ApiError } from '../../../api/api-error.js';
import { defineMethod } from '../../../api/registry.js';
import { unreachableReason } from '../../../devices/public-address.js';

/**
 * Not in the Navixy panel: stores the address devices are told to connect to (the desktop app has
 * no command line). `public_host` null clears it. A loopback or unspecified address → 7.
 */
export default defineMethod(settingsDeviceGatewayUpdate, async ({ params, dealerId, services: { serverSettings } }) => {
  const reason = params.public_host === null ? undefined : unreachableReason(params.public_host);
  if (reason) throw ApiError.invalidParameters([{ parameter: 'public_host', error: reason }]);
  await serverSettings.set(dealerId, 'device_public_host', params.public_host);
  return {};
});
