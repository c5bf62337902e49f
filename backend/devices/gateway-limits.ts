/**
 * Connection bounds of the device gateway (README "Devices", `serve --device-*` flags).
 * Devices behind one carrier NAT share an address, so the per-address numbers are generous; they
 * stop one host from taking every descriptor or guessing IMEIs at line rate.
 */
export interface GatewayLimits {
  /** Open connections per protocol listener. */
  maxConnections: number;
  /** Open connections per remote address, over all listeners. */
  maxConnectionsPerAddress: number;
  /** Logins refused (unknown or invalid id) per remote address per window; past it every login from there is closed unanswered until the window ends. */
  refusalsPerAddress: number;
  refusalWindowMs: number;
  /** Frame bytes the whole gateway holds waiting for storage; past it every socket pauses. */
  maxBytesInFlight: number;
  /** Bytes per second one device connection may send on average (bursts of 512 KiB above it); past it the socket is paused. */
  maxBytesPerSecondPerConnection: number;
}

export const DEFAULT_GATEWAY_LIMITS: GatewayLimits = {
  maxConnections: 10_000,
  maxConnectionsPerAddress: 1_000,
  refusalsPerAddress: 30,
  refusalWindowMs: 10 * 60 * 1000,
  maxBytesInFlight: 64 * 1024 * 1024,
  maxBytesPerSecondPerConnection: 64 * 1024,
};

/** Most addresses the refusal counter remembers; past it the oldest windows are forgotten. */
const MAX_TRACKED_ADDRESSES = 100_000;

/** Per-address connection counts and refusal windows. */
export class AddressLimits {
  private readonly open = new Map<string, number>();
  private readonly refusals = new Map<string, { count: number; since: number; logged: boolean }>();

  constructor(
    private readonly limits: GatewayLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Counts a new connection; false when the address already has the most it may. */
  connect(address: string): boolean {
    const count = this.open.get(address) ?? 0;
    if (count >= this.limits.maxConnectionsPerAddress) return false;
    this.open.set(address, count + 1);
    return true;
  }

  disconnect(address: string): void {
    const count = (this.open.get(address) ?? 1) - 1;
    if (count <= 0) this.open.delete(address);
    else this.open.set(address, count);
  }

  private window(address: string) {
    const now = this.now();
    let entry = this.refusals.get(address);
    if (entry && now - entry.since >= this.limits.refusalWindowMs) {
      this.refusals.delete(address);
      entry = undefined;
    }
    return entry;
  }

  /** Whether logins from this address are shut out for now (too many refusals). */
  blocked(address: string): boolean {
    const entry = this.window(address);
    return entry !== undefined && entry.count >= this.limits.refusalsPerAddress;
  }

  /** Counts a refusal; true the first time the address reaches the limit in its window (log it then). */
  refused(address: string): boolean {
    let entry = this.window(address);
    if (!entry) {
      if (this.refusals.size >= MAX_TRACKED_ADDRESSES) this.refusals.delete(this.refusals.keys().next().value!);
      entry = { count: 0, since: this.now(), logged: false };
      this.refusals.set(address, entry);
    }
    entry.count += 1;
    if (entry.count >= this.limits.refusalsPerAddress && !entry.logged) {
      entry.logged = true;
      return true;
    }
    return false;
  }

  connections(address: string): number {
    return this.open.get(address) ?? 0;
  }
}
