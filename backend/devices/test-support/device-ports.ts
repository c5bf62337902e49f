import { protocols } from '../protocols/index.js';
import type { ProtocolName } from '../protocols/types.js';

const names = Object.keys(protocols) as ProtocolName[];

/**
 * Gateway `ports` with every protocol disabled except the ones named (0 = any free port), so a
 * test names only the listeners it uses and a new protocol family needs no edit here.
 */
export function onlyDevicePorts(enabled: Partial<Record<ProtocolName, number>> = {}): Record<ProtocolName, number | null> {
  return Object.fromEntries(names.map((name) => [name, enabled[name] ?? null])) as Record<ProtocolName, number | null>;
}

/** Every protocol on any free port. */
export function allDevicePorts(): Record<ProtocolName, number> {
  return Object.fromEntries(names.map((name) => [name, 0])) as Record<ProtocolName, number>;
}

/** `serve` flags that disable every device listener except the ones named (there 0 disables, so a port is a real port). */
export function devicePortArgs(enabled: Partial<Record<ProtocolName, number>> = {}): string[] {
  return names.flatMap((name) => [`--${name}-port`, String(enabled[name] ?? 0)]);
}
