import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_PASSWORD, FixedClock, openTestBackend, seedBasics, type TestBackend } from '../test-support/harness.js';
import { ACTIVE_DAYS_KEPT, CATCH_UP_CAP_DAYS, daysToBill, planBilling } from './activity.js';

const DAY = 24 * 3600 * 1000;

describe('planBilling', () => {
  const at = (iso: string) => new Date(iso);
  it('bills the days since the last run up to yesterday, never today or later', () => {
    expect(daysToBill('2026-03-11', at('2026-03-14T00:00:10Z'))).toEqual(['2026-03-12', '2026-03-13']);
    expect(daysToBill(undefined, at('2026-03-14T23:59:59Z'))).toEqual(['2026-03-13']);
    expect(planBilling('2026-03-13', at('2026-03-14T12:00:00Z'))).toEqual({ kind: 'up_to_date' });
    expect(planBilling('2026-03-14', at('2026-03-14T12:00:00Z'))).toEqual({ kind: 'up_to_date' });
  });

  it(`bills a gap of ${CATCH_UP_CAP_DAYS} days, and nothing for a longer one`, () => {
    expect(daysToBill('2026-03-06', at('2026-03-14T00:00:10Z'))).toHaveLength(CATCH_UP_CAP_DAYS);
    expect(planBilling('2026-03-05', at('2026-03-14T00:00:10Z'))).toEqual({
      kind: 'over_cap',
      last: '2026-03-05',
      missing: 8,
      first: '2026-03-06',
      yesterday: '2026-03-13',
    });
    expect(daysToBill('2026-03-05', at('2026-03-14T00:00:10Z'))).toEqual([]);
  });

  it('a clock behind the last billed day waits', () => {
    expect(planBilling('2026-03-20', at('2026-03-14T00:00:10Z'))).toEqual({ kind: 'clock_behind', last: '2026-03-20', today: '2026-03-14' });
  });
});

describe('billing scheduler and clock jumps', () => {
  let t: TestBackend;
  let clock: FixedClock;
  let lines: string[];
  beforeEach(async () => {
    clock = new FixedClock('2026-03-15T10:00:00Z');
    t = await openTestBackend({ clock });
    lines = [];
    vi.spyOn(t.backend.log, 'info').mockImplementation((line) => lines.push(line));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await t.close();
  });

  const billedDays = () => t.backend.database.column<string>('SELECT date FROM billing_runs WHERE dealer_id = 1 ORDER BY date');
  const activeDays = () => t.backend.database.column<string>('SELECT day FROM source_active_days ORDER BY day');
  const sessionRows = async () => (await t.backend.database.get<{ n: number }>('SELECT count(*) AS n FROM sessions'))!.n;

  it('a forward jump of a year bills nothing, deletes no activity and no session; once corrected, billing goes on', async () => {
    const s = await seedBasics(t);
    const sourceId = t.backend.trackerIndex.get(1, s.trackerId)!.source_id;
    await t.backend.billing.catchUp();
    expect(await billedDays()).toEqual(['2026-03-14']);
    for (const day of ['2026-03-01', '2026-03-10', '2026-03-15']) await t.backend.activity.record(sourceId, new Date(`${day}T08:00:00Z`));
    const balance = async () => (await t.backend.database.get<{ b: number }>('SELECT balance_cents AS b FROM users WHERE id = ?', [s.userId]))!.b;
    const transactions = async () => (await t.backend.database.get<{ n: number }>('SELECT count(*) AS n FROM transactions'))!.n;
    const before = await balance();
    const transactionsBefore = await transactions();
    const sessions = await sessionRows();

    clock.set('2027-03-15T10:00:00Z');
    await t.backend.billing.catchUp();
    expect(await billedDays()).toEqual(['2026-03-14']);
    expect(lines.some((l) => l.includes('365 days since the last billed day 2026-03-14, more than the catch-up cap of 7') && l.includes('billing/run'))).toBe(
      true,
    );
    expect(await activeDays()).toEqual(['2026-03-01', '2026-03-10', '2026-03-15']);
    expect(await sessionRows()).toBe(sessions);
    // During the jump the session looks expired, but nothing was deleted…
    expect((await t.call('account/get_permissions')).body.status.code).toBe(4);
    expect(await balance()).toBe(before);
    expect(await transactions()).toBe(transactionsBefore);

    // …so when the clock is put right, it works again and billing resumes where it was.
    clock.set('2026-03-16T00:00:10Z');
    expect((await t.call('account/get_permissions')).body.success).toBe(true);
    await t.backend.billing.catchUp();
    expect(await billedDays()).toEqual(['2026-03-14', '2026-03-15']);
  });

  it('bills a gap up to the cap; a longer one waits for billing/run per day and then resumes', async () => {
    await t.ok('billing/run', { date: '2026-03-05' });
    // 2026-03-06 … 2026-03-14: 9 days, over the cap.
    await t.backend.billing.catchUp();
    expect(await billedDays()).toEqual(['2026-03-05']);
    expect(lines.filter((l) => l.includes('more than the catch-up cap'))).toHaveLength(1);
    await t.ok('billing/run', { date: '2026-03-06' });
    await t.ok('billing/run', { date: '2026-03-07' });
    // Now 7 days remain: the scheduler bills them itself, in order, up to yesterday.
    await t.backend.billing.catchUp();
    expect(await billedDays()).toEqual([
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
      '2026-03-14',
    ]);
  });

  it('a backward jump is logged and waited out', async () => {
    await t.backend.billing.catchUp();
    expect(await billedDays()).toEqual(['2026-03-14']);
    clock.set('2026-03-10T10:00:00Z');
    await t.backend.billing.catchUp();
    expect(await billedDays()).toEqual(['2026-03-14']);
    expect(lines.some((l) => l.includes('the clock (2026-03-10) is behind the last billed day 2026-03-14; waiting'))).toBe(true);
    clock.set('2026-03-15T12:00:00Z');
    await t.backend.billing.catchUp();
    expect(await billedDays()).toEqual(['2026-03-14']);
    clock.set('2026-03-16T00:00:10Z');
    await t.backend.billing.catchUp();
    expect(await billedDays()).toEqual(['2026-03-14', '2026-03-15']);
  });

  it('prunes activity and expired session rows relative to the last billed day, not the clock', async () => {
    const s = await seedBasics(t);
    const sourceId = t.backend.trackerIndex.get(1, s.trackerId)!.source_id;
    await t.ok('billing/run', { date: '2026-03-14' });
    const old = '2026-01-10'; // more than 62 days before 2026-03-14
    await t.backend.activity.record(sourceId, new Date(`${old}T08:00:00Z`));
    await t.backend.activity.record(sourceId, new Date('2026-01-20T08:00:00Z'));
    // A session that expired long before the last billed day, and one that is live.
    await t.backend.database.transaction((tx) =>
      tx.run('INSERT INTO sessions (hash, account_id, created_at, expires_at) VALUES (?, 1, ?, ?)', [
        'f'.repeat(32),
        Date.parse('2026-01-01T00:00:00Z'),
        Date.parse('2026-02-01T00:00:00Z'),
      ]),
    );
    const live = await t.login('admin', ADMIN_PASSWORD);
    await t.backend.billing.catchUp();
    expect(await activeDays()).toEqual(['2026-01-20']);
    expect(await t.backend.database.get('SELECT 1 AS x FROM sessions WHERE hash = ?', ['f'.repeat(32)])).toBeUndefined();
    expect((await t.call('account/get_permissions', {}, live)).body.success).toBe(true);
    // ACTIVE_DAYS_KEPT before the last billed day, not before a clock a year ahead.
    expect(ACTIVE_DAYS_KEPT).toBe(62);
    clock.advance(365 * DAY);
    await t.backend.billing.catchUp();
    expect(await activeDays()).toEqual(['2026-01-20']);
    clock.advance(-365 * DAY);
    expect((await t.call('account/get_permissions', {}, live)).body.success).toBe(true);
  });
});
