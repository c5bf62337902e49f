import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedClock, nextImei, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { createTariff, createUser } from '../../test-support/api-assertions.js';

/** The tariff defaults' activation_bonus: credited to the user's bonus balance when a tracker is registered. */
describe('tracker/register credits the activation bonus', () => {
  let t: TestBackend;
  let tariffId: number;
  let userId: number;
  beforeEach(async () => {
    t = await openTestBackend({ clock: new FixedClock('2026-03-15T10:00:00Z') });
    tariffId = await createTariff(t, { device_limit: 2 });
    userId = await createUser(t);
  });
  afterEach(async () => t.close());

  const setBonus = (activation_bonus: number) => t.ok('tariff/defaults/update', { tracker: { tariff_id: tariffId, activation_bonus, free_days: 0 } });
  const register = (deviceId = nextImei()) =>
    t.call('tracker/register', { user_id: userId, label: 'Van', model: 'telfmb920', device_id: deviceId, tariff_id: tariffId });
  const user = async () => (await t.ok('user/read', { user_id: userId })).value as { balance: number; bonus: number };
  const transactions = async () => (await t.ok('user/transaction/list', { user_id: userId, from: '2026-03-01', to: '2026-03-31 23:59:59' })).list;

  it('adds the bonus as a bonus_charge/register transaction on the new tracker; the balance stays', async () => {
    await setBonus(7);
    await t.ok('user/transaction/change_balance', { user_id: userId, amount: 3, type: 'bonus', text: 'starting bonus' });
    const id = (await register()).body.id as number;
    expect(await user()).toMatchObject({ balance: 0, bonus: 10 });
    const credit = (await transactions()).filter((x: any) => x.type === 'bonus_charge');
    expect(credit).toEqual([
      {
        type: 'bonus_charge',
        subtype: 'register',
        description: 'Recharge bonus balance during tracker registration',
        timestamp: '2026-03-15 10:00:00',
        user_id: userId,
        dealer_id: 1,
        tracker_id: id,
        amount: 0,
        old_balance: 0,
        new_balance: 0,
        bonus_amount: 7,
        old_bonus: 3,
        new_bonus: 10,
      },
    ]);
    // Each registration credits once.
    await register();
    expect((await user()).bonus).toBe(17);
  });

  it('no bonus configured (0): no transaction', async () => {
    await setBonus(0);
    expect((await register()).body.success).toBe(true);
    expect(await transactions()).toEqual([]);
    expect((await user()).bonus).toBe(0);
  });

  it('a refused registration (224 device id in use, 221 device limit) credits nothing', async () => {
    await setBonus(5);
    const deviceId = nextImei();
    await register(deviceId);
    expect((await register(deviceId)).body.status.code).toBe(224);
    await register();
    expect((await register()).body.status.code).toBe(221);
    expect((await user()).bonus).toBe(10);
    expect((await transactions()).length).toBe(2);
  });

  it('the credit is in the registration transaction: when it fails, no tracker is registered', async () => {
    await setBonus(5);
    await t.backend.database.transaction(async (tx) => {
      if (t.backend.database.dialect === 'postgres') {
        await tx.run("CREATE FUNCTION refuse_bonus() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''bonus refused''; END'");
        await tx.run('CREATE TRIGGER refuse_bonus BEFORE UPDATE OF bonus_cents ON users FOR EACH ROW EXECUTE FUNCTION refuse_bonus()');
      } else {
        await tx.run("CREATE TRIGGER refuse_bonus BEFORE UPDATE OF bonus_cents ON users BEGIN SELECT RAISE(ABORT, 'bonus refused'); END");
      }
    });
    const before = (await t.ok('tracker/list')).count;
    const logged = vi.spyOn(t.backend.log, 'error').mockImplementation(() => {});
    const refused = await register();
    logged.mockRestore();
    expect(refused.body.status.code).toBe(6);
    expect((await t.ok('tracker/list')).count).toBe(before);
    expect(await transactions()).toEqual([]);
    expect((await user()).bonus).toBe(0);
  });
});
