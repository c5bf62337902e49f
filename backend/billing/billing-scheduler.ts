import type { Clock } from '../../shared/clock.js';
import { addDays, todayUtc, type IsoDate } from '../../shared/billing/dates.js';
import type { Logger } from '../api/services.js';
import type { BillingRecords } from '../storage/repositories/billing.js';
import { CATCH_UP_CAP_DAYS, planBilling, type ActivityRecorder } from './activity.js';
import type { BillingService } from './billing-service.js';

const DAY_MS = 86_400_000;

/** What the scheduler uses: the clock, the log, billing and its records, and the clean-ups. */
export interface BillingSchedulerDeps {
  clock: Clock;
  log: Logger;
  dealerIds(): Promise<number[]>;
  billing: Pick<BillingService, 'runDay'>;
  records: Pick<BillingRecords, 'lastBilledDay' | 'earliestLastBilledDay'>;
  activity: Pick<ActivityRecorder, 'prune'>;
  /** Deletes session rows that expired before `beforeMs`. */
  pruneSessions(beforeMs: number): Promise<void>;
  /** Billing may have blocked trackers: their open consoles close. */
  recheckConsoles(): void;
}

/**
 * Runs the daily billing on its own while the backend is up: at start and shortly after each UTC
 * midnight. Per dealer it bills the completed days since the last run, in order, up to yesterday
 * by the wall clock, when they are at most CATCH_UP_CAP_DAYS (7); a longer gap (a long stop, or a
 * clock that jumped forward) is logged and left to billing/run, one call per day; a clock behind
 * the last billed day is logged and waited out. A day already billed charges nothing again.
 *
 * Clean-up is measured from the earliest day any dealer has billed, never from the wall clock
 * alone: activity rows go ACTIVE_DAYS_KEPT days after it, and session rows that expired more than
 * CATCH_UP_CAP_DAYS + 1 days before it. Sessions themselves expire at use (compared with the clock
 * then), so a forward jump that is corrected later has ended nothing for good.
 */
export class BillingScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: BillingSchedulerDeps) {}

  start(): void {
    this.tick();
  }

  /** Bills the missed completed days (within the cap) for every dealer, then cleans up. */
  catchUp(): Promise<void> {
    this.running ??= (async () => {
      const { deps } = this;
      const now = deps.clock.now();
      for (const id of await deps.dealerIds()) {
        const plan = planBilling(await deps.records.lastBilledDay(id), now);
        if (plan.kind === 'clock_behind') {
          deps.log.info(`billing dealer ${id}: the clock (${plan.today}) is behind the last billed day ${plan.last}; waiting until it passes that day`);
          continue;
        }
        if (plan.kind === 'over_cap') {
          deps.log.info(
            `billing dealer ${id}: ${plan.missing} days since the last billed day ${plan.last}, more than the catch-up cap of ${CATCH_UP_CAP_DAYS}; ` +
              `not billed on its own (a long stop or a clock jump?): bill ${plan.first} to ${plan.yesterday} with billing/run, one day at a time in order`,
          );
          continue;
        }
        if (plan.kind !== 'bill') continue;
        for (const day of plan.days) {
          if (this.stopped) return;
          const summary = await deps.billing.runDay(id, day);
          deps.log.info(`billing ${day} dealer ${id}: ${summary.charged} charged, ${summary.blocked} blocked, ${summary.unblocked} unblocked`);
        }
      }
      // Billing may have blocked trackers: their open consoles close.
      deps.recheckConsoles();
      await this.cleanUp(todayUtc(now));
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** The earliest of the dealers' last billed days (dealers never billed do not count), at most today. */
  private async cleanUpReference(today: IsoDate): Promise<IsoDate | undefined> {
    const earliest = await this.deps.records.earliestLastBilledDay();
    if (!earliest) return undefined;
    return earliest < today ? earliest : today;
  }

  private async cleanUp(today: IsoDate): Promise<void> {
    const reference = await this.cleanUpReference(today);
    if (!reference) return;
    await this.deps.activity.prune(reference);
    await this.deps.pruneSessions(Date.parse(`${addDays(reference, -(CATCH_UP_CAP_DAYS + 1))}T00:00:00Z`));
  }

  private tick(): void {
    if (this.stopped) return;
    this.catchUp().catch((error: unknown) => this.deps.log.error(`billing run failed: ${(error as Error).stack ?? String(error)}`));
    const now = this.deps.clock.now().getTime();
    const nextMidnight = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
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
