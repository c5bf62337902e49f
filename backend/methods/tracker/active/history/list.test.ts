import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, nextImei, openTestBackend, type TestBackend } from '../../../../test-support/harness.js';

describe('tracker/active/history/list', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('lists non-clone trackers active per month, with current labels', async () => {
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'T', type: 'activeday', price: 1, device_limit: 10 } })).id;
    const ann = (await t.ok('user/create', { user: { login: 'ann@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    const bob = (await t.ok('user/create', { user: { login: 'bob@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    const imei = nextImei();
    const a = (await t.ok('tracker/register', { user_id: ann, label: 'A', model: 'telfmb920', device_id: imei, tariff_id: tariff })).id;
    const b = (await t.ok('tracker/register', { user_id: ann, label: 'B', model: 'concoxgt06n', device_id: nextImei(), tariff_id: tariff })).id;
    await t.ok('tracker/clone', { tracker_id: a, user_id: bob, label: 'A for Bob' });
    const source = (id: number) => t.backend.trackerIndex.get(1, id)!.source_id;
    await t.backend.activity.record(source(a), new Date('2026-01-31T23:59:59Z'));
    await t.backend.activity.record(source(a), new Date('2026-02-01T00:00:00Z'));
    await t.backend.activity.record(source(b), new Date('2026-02-10T12:00:00Z'));
    await t.backend.activity.record(source(b), new Date('2026-02-11T12:00:00Z'));
    await t.ok('tracker/settings/update', { tracker_id: a, label: 'A renamed' });
    const { list } = await t.ok('tracker/active/history/list', { from: '2025-12', to: '2026-03' });
    expect(list).toEqual([
      { month: '2026-01', amount: 1, trackers: [{ tracker_id: a, user_id: ann, label: 'A renamed', device_id: imei }] },
      { month: '2026-02', amount: 2, trackers: [expect.objectContaining({ tracker_id: a }), expect.objectContaining({ tracker_id: b })] },
    ]);
    // Another dealer sees none of it.
    const other = await addDealer(t, 2);
    expect((await t.ok('tracker/active/history/list', { from: '2026-01', to: '2026-02' }, other)).list).toEqual([]);
  });

  it('validates months: 7 for bad format or from > to, 211 beyond 12 months', async () => {
    expect((await t.call('tracker/active/history/list', { from: '2026-13', to: '2026-1' })).body.errors).toEqual([
      { parameter: 'from', error: 'Must be a year and month YYYY-MM' },
      { parameter: 'to', error: 'Must be a year and month YYYY-MM' },
    ]);
    expect((await t.call('tracker/active/history/list', { from: '2026-05', to: '2026-04' })).body.errors).toEqual([
      { parameter: 'from', error: 'Must not be after to' },
    ]);
    expect((await t.call('tracker/active/history/list', { from: '2025-01', to: '2025-12' })).body.success).toBe(true);
    const tooLong = await t.call('tracker/active/history/list', { from: '2025-01', to: '2026-01' });
    expect(tooLong.body.status).toEqual({ code: 211, description: 'Requested time span is too big' });
    await t.ok('staff/create', { login: 'viewer', password: 'viewer-pass', permissions: { users: ['read'] } });
    expect((await t.call('tracker/active/history/list', { from: '2025-01', to: '2025-02' }, await t.login('viewer', 'viewer-pass'))).body.status.code).toBe(13);
  });
});
