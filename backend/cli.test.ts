import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FixedClock, nextImei, openTestBackend } from './test-support/harness.js';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('dealer-console bill', () => {
  it('bills a day on a stopped backend, once, and is refused while the backend runs', async () => {
    const t = await openTestBackend({ clock: new FixedClock('2026-03-10T08:00:00Z') });
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'M', type: 'monthly', price: 12, device_limit: 5 } })).id;
    const user = (await t.ok('user/create', { user: { login: 'cli@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    await t.ok('user/transaction/change_balance', { user_id: user, amount: 20, type: 'balance', text: 'Top up for the test' });
    await t.ok('tracker/register', { user_id: user, label: 'Cli van', model: 'telfmb920', device_id: nextImei(), tariff_id: tariff });
    const busy = run('bill', '--data', t.dir, '--date', '2026-03-10');
    expect(busy.status).toBe(2);
    expect(busy.stderr).toContain('in use by another Dealer Console process');
    await t.backend.close();
    const first = run('bill', '--data', t.dir, '--date', '2026-03-10');
    expect(first.stdout).toContain('dealer 1, 2026-03-10: 1 charged (12.00), 0 blocked, 0 unblocked');
    const again = run('bill', '--data', t.dir, '--date', '2026-03-10');
    expect(again.stdout).toContain('0 charged');
    expect(run('bill', '--data', t.dir, '--date', 'tomorrow').stderr).toContain('--date YYYY-MM-DD is required');
    await t.close();
  });
});
