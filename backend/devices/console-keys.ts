import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a console key may be used to open a console, seconds. */
export const CONSOLE_KEY_TTL_S = 300;
/** Most keys remembered at once; the oldest are forgotten first (each lives CONSOLE_KEY_TTL_S anyway). */
export const MAX_LIVE_CONSOLE_KEYS = 10_000;

interface IssuedKey {
  session: string;
  issuedAtS: number;
}

/**
 * Console keys: HMAC-SHA1 (40 hex) over dealer, tracker, timestamp and the session that asked for
 * the key, with a secret that lives only in this process, so keys die with it. The server keeps
 * key → session for the key's lifetime, so the console socket knows whose rights to check on
 * every frame; a key nobody issued (or that was forgotten) opens nothing.
 */
export class ConsoleKeys {
  private readonly secret = randomBytes(32);
  private readonly issued = new Map<string, IssuedKey>();

  private mac(dealerId: number, trackerId: number, timestamp: number, session: string): string {
    return createHmac('sha1', this.secret).update(`${dealerId}:${trackerId}:${timestamp}:${session}`).digest('hex');
  }

  /** A key for `session` (its hash) to open the console of a tracker of the dealer. */
  issue(dealerId: number, trackerId: number, timestamp: number, session: string): string {
    const key = this.mac(dealerId, trackerId, timestamp, session);
    // Forget expired keys (oldest first), then keep the map under its cap.
    for (const [k, v] of this.issued) {
      if (timestamp - v.issuedAtS <= CONSOLE_KEY_TTL_S && this.issued.size < MAX_LIVE_CONSOLE_KEYS) break;
      this.issued.delete(k);
    }
    this.issued.delete(key);
    this.issued.set(key, { session, issuedAtS: timestamp });
    return key;
  }

  /**
   * The session hash behind `key` when it was issued for this dealer, tracker and timestamp and has
   * not expired at `nowS`; undefined otherwise.
   */
  verify(key: string, dealerId: number, trackerId: number, timestamp: number, nowS: number): string | undefined {
    if (!/^[0-9a-f]{40}$/.test(key)) return undefined;
    if (timestamp > nowS + 5 || nowS - timestamp > CONSOLE_KEY_TTL_S) return undefined;
    const entry = this.issued.get(key);
    if (!entry) return undefined;
    const expected = this.mac(dealerId, trackerId, timestamp, entry.session);
    return timingSafeEqual(Buffer.from(key, 'hex'), Buffer.from(expected, 'hex')) ? entry.session : undefined;
  }

  /** Keys remembered now (for the memory bound's tests). */
  get liveKeys(): number {
    return this.issued.size;
  }
}
