import { isIPv6 } from 'node:net';

/**
 * Sign-in throttle. An attempt is reserved before its password is checked (synchronously, so
 * parallel requests cannot all slip past the count) and settled when the check is done. What
 * counts, in a sliding WINDOW_MS (15 min), is failures plus attempts still in flight:
 *
 * - per login and address: MAX_FAILURES (5); a correct password clears that pair's count;
 * - per address, all logins together: MAX_ADDRESS_FAILURES (20), against spraying many logins;
 * - per login, all addresses together: MAX_LOGIN_FAILURES (100). Once reached, only addresses that
 *   have no failure (and no attempt in flight) for that login in the window may still try, so
 *   guesses from elsewhere never lock out the owner signing in from an address that has not failed.
 *
 * Throttled attempts answer 15 and are not counted. Unknown logins count the same as known ones.
 * Addresses: IPv4 as is (also IPv4-mapped IPv6), IPv6 by its /64, no address (IPC) as `local`.
 * Memory: each table tracks at most MAX_TRACKED_KEYS keys and each key at most its limit's
 * timestamps; a full table forgets its least recently used key with nothing in flight (every
 * attempt touches its keys, so that is the key whose failures are oldest). Kept in memory: a
 * restart clears it.
 */
export const MAX_FAILURES = 5;
export const MAX_ADDRESS_FAILURES = 20;
export const MAX_LOGIN_FAILURES = 100;
export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_TRACKED_KEYS = 10_000;

export type AttemptOutcome = 'failure' | 'success' | 'void';

/** A reserved attempt: settle it exactly once (a later call is ignored). */
export interface Reservation {
  settle(outcome: AttemptOutcome, nowMs: number): void;
}

interface Entry {
  /** The most recent failures, at most the table's limit, oldest first. */
  failures: number[];
  pending: number;
}

const inWindow = (t: number, nowMs: number) => Math.abs(nowMs - t) < WINDOW_MS;

/** One sliding-window count per key, LRU-bounded. */
class WindowTable {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limit: number,
    private readonly cap: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Failures in the window plus attempts in flight; marks the key recently used. */
  count(key: string, nowMs: number): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    entry.failures = entry.failures.filter((t) => inWindow(t, nowMs));
    if (!entry.failures.length && !entry.pending) {
      this.entries.delete(key);
      return 0;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.failures.length + entry.pending;
  }

  /**
   * Whether a new key can be tracked (always true for a key already tracked). When the table is
   * full the least recently used key with nothing in flight goes: keys are touched on every
   * attempt, so it is the one whose failures are oldest (usually expired).
   */
  makeRoom(key: string): boolean {
    if (this.entries.has(key) || this.entries.size < this.cap) return true;
    for (const [k, e] of this.entries) {
      if (!e.pending) {
        this.entries.delete(k);
        return true;
      }
    }
    return false;
  }

  reserve(key: string): void {
    const entry = this.entries.get(key) ?? { failures: [], pending: 0 };
    entry.pending += 1;
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  settle(key: string, failedAt: number | undefined, clear: boolean): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.pending = Math.max(0, entry.pending - 1);
    if (clear) entry.failures = [];
    if (failedAt !== undefined) {
      entry.failures.push(failedAt);
      if (entry.failures.length > this.limit) entry.failures.splice(0, entry.failures.length - this.limit);
    }
    if (!entry.failures.length && !entry.pending) this.entries.delete(key);
  }
}

/** The key an address is counted under. */
export function addressKey(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'local';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  if (mapped) return mapped[1]!;
  if (!isIPv6(remoteAddress)) return remoteAddress;
  const [head = '', tail = ''] = remoteAddress.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = remoteAddress.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export class LoginThrottle {
  private readonly pairs = new WindowTable(MAX_FAILURES, MAX_TRACKED_KEYS);
  private readonly addresses = new WindowTable(MAX_ADDRESS_FAILURES, MAX_TRACKED_KEYS);
  private readonly logins = new WindowTable(MAX_LOGIN_FAILURES, MAX_TRACKED_KEYS);

  /**
   * Reserves an attempt for `login` (compared case-insensitively) from `remoteAddress`, or answers
   * undefined when it is throttled. Synchronous: call it before any await.
   */
  reserve(login: string, remoteAddress: string | undefined, nowMs: number): Reservation | undefined {
    const loginKey = login.toLowerCase();
    const address = addressKey(remoteAddress);
    const pairKey = `${address}\u0000${loginKey}`;
    const pairCount = this.pairs.count(pairKey, nowMs);
    if (pairCount >= MAX_FAILURES) return undefined;
    if (this.addresses.count(address, nowMs) >= MAX_ADDRESS_FAILURES) return undefined;
    if (this.logins.count(loginKey, nowMs) >= MAX_LOGIN_FAILURES && pairCount > 0) return undefined;
    if (!this.pairs.makeRoom(pairKey) || !this.addresses.makeRoom(address) || !this.logins.makeRoom(loginKey)) {
      // Every tracked key has an attempt in flight: refuse rather than forget a count.
      return undefined;
    }
    this.pairs.reserve(pairKey);
    this.addresses.reserve(address);
    this.logins.reserve(loginKey);
    let settled = false;
    return {
      settle: (outcome, atMs) => {
        if (settled) return;
        settled = true;
        const failedAt = outcome === 'failure' ? atMs : undefined;
        this.pairs.settle(pairKey, failedAt, outcome === 'success');
        this.addresses.settle(address, failedAt, false);
        this.logins.settle(loginKey, failedAt, false);
      },
    };
  }

  /** Keys tracked per table (for the memory bound's tests). */
  trackedKeys(): { pairs: number; addresses: number; logins: number } {
    return { pairs: this.pairs.size, addresses: this.addresses.size, logins: this.logins.size };
  }
}
