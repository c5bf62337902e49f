import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a console key may be used to open a console, seconds. */
export const CONSOLE_KEY_TTL_S = 300;

/**
 * Console keys: HMAC-SHA1 (40 hex) over dealer, tracker and timestamp with a secret that lives
 * only in this process, so keys die with it.
 */
export class ConsoleKeys {
  private readonly secret = randomBytes(32);

  issue(dealerId: number, trackerId: number, timestamp: number): string {
    return createHmac('sha1', this.secret).update(`${dealerId}:${trackerId}:${timestamp}`).digest('hex');
  }

  /** Whether `key` was issued for this dealer, tracker and timestamp, and has not expired at `nowS`. */
  verify(key: string, dealerId: number, trackerId: number, timestamp: number, nowS: number): boolean {
    if (!/^[0-9a-f]{40}$/.test(key)) return false;
    if (timestamp > nowS + 5 || nowS - timestamp > CONSOLE_KEY_TTL_S) return false;
    return timingSafeEqual(Buffer.from(key, 'hex'), Buffer.from(this.issue(dealerId, trackerId, timestamp), 'hex'));
  }
}
