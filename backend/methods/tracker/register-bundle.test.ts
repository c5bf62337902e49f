import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextImei, openTestBackend, type TestBackend } from '../../test-support/harness.js';

describe('tracker/register from a bundle', () => {
  let t: TestBackend;
  beforeEach(async () => {
    t = await openTestBackend();
  });
  afterEach(async () => t.close());

  it('takes the bundle model and the SIM phone', async () => {
    const imei = nextImei();
    await t.ok('tracker/bundle/import', { imeis: [imei], equip_id: 11, factory_preset: true });
    await t.ok('sim_card/import', { sim_cards: [{ iccid: '8970101006440763520', phone: '491761112233', apn: 'internet' }] });
    const bundleId = (await t.ok('tracker/bundle/read', { imei })).value.id;
    await t.ok('tracker/bundle/assign', { bundle_id: bundleId, iccid: '8970101006440763520' });
    const tariff = (await t.ok('tariff/create', { tariff: { name: 'B', type: 'monthly', price: 1, device_limit: 5 } })).id;
    const user = (await t.ok('user/create', { user: { login: 'z@example.com', legal_type: 'individual' }, password: 'secret1' })).id;
    const id = (await t.ok('tracker/register', { user_id: user, label: 'From stock', device_id: imei, tariff_id: tariff })).id;
    expect((await t.ok('tracker/read', { tracker_id: id })).value.source).toMatchObject({ model: 'concoxgt06n', phone: '491761112233' });
    expect((await t.call('tracker/register', { user_id: user, label: 'No model', device_id: nextImei(), tariff_id: tariff })).body.errors).toEqual([
      { parameter: 'model', error: 'Required (no bundle has this device id)' },
    ]);
  });
});
