/** Settings of this installation (not in the Navixy panel): the contract both sides read. */
import { z } from 'zod';
import { spec } from './define.js';
import type { Empty } from './tracker.js';

/** Where the host devices are told to connect comes from: `--public-host`, the stored setting, or the listen address. */
export type GatewayHostSource = 'flag' | 'setting' | 'listen address';

/** The device gateway as devices see it. */
export interface DeviceGatewaySettings {
  /** The stored setting, null when none. */
  public_host: string | null;
  /** What tracker/register_retry tells devices, null when no reachable address is known. */
  effective_host: string | null;
  effective_source: GatewayHostSource | null;
  /** `--public-host`, when the server was started with it (it wins over the setting). */
  flag_host: string | null;
  /** The device ports listening, per protocol name. */
  ports: Readonly<Record<string, number>>;
}

export const settingsDeviceGatewayRead = spec<{ settings: DeviceGatewaySettings }>()({
  path: 'settings/device_gateway/read',
  permissions: { service_settings: ['read'] },
  params: z.object({}),
});

/**
 * Stores the address devices are told to connect to (the desktop app has no command line);
 * `public_host` null clears it. The server refuses (7) a host devices could not reach: a loopback
 * or unspecified address, or not a host name or IP address (it checks IP addresses with node:net).
 */
export const settingsDeviceGatewayUpdate = spec<Empty>()({
  path: 'settings/device_gateway/update',
  permissions: { service_settings: ['update'] },
  params: z.object({
    public_host: z.string({ error: 'Must be a host name, an IP address or null' }).trim().max(253, 'Must be at most 253 characters').nullable(),
  }),
  writes: true,
});
