import { isIP } from 'node:net';
import type { ProtocolName } from './protocols/types.js';

/**
 * Where devices are told to connect (tracker/register_retry). Activation commands rewrite a
 * device's server address, so pointing one at a loopback or unspecified address disconnects it
 * for good: such a host is never used.
 */
export interface PublicAddress {
  /** `--public-host`, when given at start: it wins over the stored setting. */
  flagHost?: string;
  /** The address the device listeners are bound to: used when it is a reachable one. */
  listenHost: string;
  /** The device ports actually listening, per protocol. */
  ports: Partial<Record<ProtocolName, number>>;
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Why `host` cannot be given to devices, or undefined when it can. */
export function unreachableReason(host: string): string | undefined {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  const ip = isIP(h);
  if (!ip && !HOSTNAME.test(h)) return 'Must be an IP address or a host name';
  if (h === 'localhost' || h.endsWith('.localhost')) return 'Must not be a loopback address: devices could never reach it';
  if (ip === 4 && (h.startsWith('127.') || h === '0.0.0.0'))
    return h === '0.0.0.0' ? 'Must not be the unspecified address 0.0.0.0' : 'Must not be a loopback address: devices could never reach it';
  if (ip === 6 && (h === '::1' || h === '::' || /^0*:(0*:)*0*1?$/.test(h))) return 'Must not be a loopback or unspecified address';
  return undefined;
}

/** The host devices get: the flag, else the stored setting, else the listen address when reachable. */
export function effectivePublicHost(
  address: PublicAddress,
  setting: string | undefined,
): { host: string; source: 'flag' | 'setting' | 'listen address' } | undefined {
  if (address.flagHost && !unreachableReason(address.flagHost)) return { host: address.flagHost, source: 'flag' };
  if (setting && !unreachableReason(setting)) return { host: setting, source: 'setting' };
  if (!unreachableReason(address.listenHost)) return { host: address.listenHost, source: 'listen address' };
  return undefined;
}
