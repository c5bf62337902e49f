import { z } from 'zod';
import { defineMethod } from '../../../api/registry.js';
import { unreachableReason } from '../../../devices/public-address.js';

/**
 * Not in the Navixy panel: stores the address devices are told to connect to (the desktop app has
 * no command line). `public_host` null clears it. A loopback or unspecified address → 7.
 */
export default defineMethod({
  path: 'settings/device_gateway/update',
  permissions: { service_settings: ['update'] },
  params: z.object({
    public_host: z
      .string({ error: 'Must be a host name, an IP address or null' })
      .trim()
      .max(253, 'Must be at most 253 characters')
      .nullable()
      .superRefine((host, ctx) => {
        const reason = host === null ? undefined : unreachableReason(host);
        if (reason) ctx.addIssue({ code: 'custom', message: reason });
      }),
  }),
  writes: true,
  async run({ params, dealerId, backend }) {
    await backend.serverSettings.set(dealerId, 'device_public_host', params.public_host);
    return {};
  },
});
