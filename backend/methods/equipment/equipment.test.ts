import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { expectError, staffWithoutBundles } from '../tracker/bundle/test-support/helpers.js';

let t: TestBackend;
beforeEach(async () => {
  t = await openTestBackend();
});
afterEach(async () => t.close());

describe('equipment/list', () => {
  it('returns the catalogue as Navixy equipment objects mapped to known model codes', async () => {
    const { list } = await t.ok('equipment/list', {});
    expect(list.length).toBeGreaterThanOrEqual(20);
    for (const e of list) expect(Object.keys(e).sort()).toEqual(['equip_id', 'model_code', 'model_name', 'name', 'vendor']);
    const byCode = (code: string) => list.find((e: any) => e.model_code === code);
    expect(byCode('telfmb920')).toEqual({
      equip_id: 1,
      model_name: 'FMB920',
      model_code: 'telfmb920',
      vendor: 'Teltonika',
      name: 'GPS/GSM terminal Teltonika FMB920',
    });
    expect(byCode('concoxgt06n')).toMatchObject({ model_name: 'GT06N', vendor: 'Concox' });
    expect(byCode('sinotrackst901')).toMatchObject({ model_name: 'ST-901', vendor: 'SinoTrack' });
    const models = new Set((await t.ok('tracker/list_models', {})).list.map((m: any) => m.code));
    for (const e of list) expect(models.has(e.model_code)).toBe(true);
    // One catalogue for every dealer.
    const other = await addDealer(t, 2);
    expect((await t.ok('equipment/list', {}, other)).list).toEqual(list);
  });

  it('13 without tracker_bundles: read', async () => {
    expectError(await t.call('equipment/list', {}, await staffWithoutBundles(t)), 13);
    await t.ok('equipment/list', {}, await staffWithoutBundles(t, { tracker_bundles: ['read'] }));
  });
});
