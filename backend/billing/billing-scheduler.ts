import type { Backend } from '../backend.js';
import { daysToBill } from './activity.js';
import { runBillingDay } from './billing-service.js';
import { todayUtc } from './dates.js';

/**
 * Runs the daily billing on its own while the backend is up: at start (catching up every missed
 * completed day since the last run) and shortly after each UTC midnight. Days are billed in order,
 * and a day already billed charges nothing again.
 */
export class BillingScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly backend: Backend) {}

  start(): void {
    this.tick();
  }

  /** Bills every completed day not billed yet, for every dealer. */
  catchUp(): Promise<void> {
    this.running ??= (async () => {
      const now = this.backend.clock.now();
      for (const { id } of this.backend.store.all<{ id: number }>('SELECT id FROM dealers ORDER BY id')) {
        const last = this.backend.store.get<{ date: string | null }>('SELECT max(date) AS date FROM billing_runs WHERE dealer_id = ?', [id])?.date ?? undefined;
        for (const day of daysToBill(last, now)) {
          if (this.stopped) return;
          const summary = await runBillingDay(this.backend, id, day);
          this.backend.log.info(`billing ${day} dealer ${id}: ${summary.charged} charged, ${summary.blocked} blocked, ${summary.unblocked} unblocked`);
        }
      }
      await this.backend.activity.prune(todayUtc(now));
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private tick(): void {
    if (this.stopped) return;
    this.catchUp().catch((error: unknown) => this.backend.log.error(`billing run failed: ${(error as Error).stack ?? String(error)}`));
    const now = this.backend.clock.now().getTime();
    const nextMidnight = Math.floor(now / 86_400_000) * 86_400_000 + 86_400_000;
    // A few seconds past midnight, so the day that just ended is complete.
    this.timer = setTimeout(() => this.tick(), nextMidnight - now + 5_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }
}
