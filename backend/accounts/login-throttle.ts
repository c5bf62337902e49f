/**
 * Failed sign-ins per login: after MAX_FAILURES within WINDOW_MS further attempts for that login
 * answer code 15 until the window has passed. Unknown logins count the same as known ones.
 * Kept in memory: a restart clears it.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  private recent(login: string, nowMs: number): number[] {
    const kept = (this.failures.get(login) ?? []).filter((t) => nowMs - t < WINDOW_MS);
    if (kept.length) this.failures.set(login, kept);
    else this.failures.delete(login);
    return kept;
  }

  isThrottled(login: string, nowMs: number): boolean {
    return this.recent(login, nowMs).length >= MAX_FAILURES;
  }

  recordFailure(login: string, nowMs: number): void {
    this.failures.set(login, [...this.recent(login, nowMs), nowMs]);
  }

  recordSuccess(login: string): void {
    this.failures.delete(login);
  }
}
