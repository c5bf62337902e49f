import { z } from 'zod';
import { todayUtc, yesterday } from '../../../shared/billing/dates.js';
import { ApiError } from '../../api/api-error.js';
import { id, nullable, trackerLabel } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';

/**
 * Not a Navixy panel method (registration lives in the user API there): registers a device for
 * one of the dealer's users. When the device id is the IMEI of one of the dealer's bundles, the
 * tracker takes the bundle's model and its SIM card's phone (they win over `model`/`phone`).
 */
export default defineMethod({
  path: 'tracker/register',
  permissions: { trackers: ['create'] },
  params: z.object({
    user_id: id(),
    label: trackerLabel(),
    model: z.string({ error: 'Must be a string' }).min(1, 'Must not be empty').max(64, 'Must be at most 64 characters').optional(),
    device_id: z
      .string({ error: 'Required' })
      .regex(/^[0-9A-Za-z_.:-]{3,64}$/, 'Must be 3 to 64 letters, digits or - _ . :'),
    phone: nullable(z.string({ error: 'Must be a string' }).regex(/^\d{5,20}$/, 'Must be 5 to 20 digits')).optional(),
    tariff_id: id().optional(),
  }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const user = await backend.users.owned(dealerId, params.user_id);
    // A device from the dealer's stock (a bundle) brings its model and its SIM card's phone.
    const bundle = backend.store.get<{ model_code: string; phone: string | null }>(
      `SELECT e.model_code, s.phone FROM bundles b JOIN equipment e ON e.id = b.equip_id
       LEFT JOIN sim_cards s ON s.id = b.sim_card_id AND s.deleted = 0
       WHERE b.dealer_id = ? AND b.imei = ?`,
      [dealerId, params.device_id],
    );
    const modelCode = bundle?.model_code ?? params.model;
    if (modelCode === undefined) throw ApiError.invalidParameters([{ parameter: 'model', error: 'Required (no bundle has this device id)' }]);
    const model = backend.store.get<{ code: string }>('SELECT code FROM models WHERE code = ?', [modelCode]);
    if (!model) throw new ApiError(220);
    const phone = bundle?.phone || params.phone || null;
    const tariffId = params.tariff_id ?? user.default_tariff_id ?? (await backend.tariffs.defaults(dealerId, 'tracker')).tariff_id;
    if (tariffId === null) {
      throw ApiError.invalidParameters([{ parameter: 'tariff_id', error: 'Required: neither the user nor the dealer has a default tracker tariff' }]);
    }
    const tariff = await backend.tariffs.find(dealerId, tariffId);
    if (!tariff || tariff.device_type !== 'tracker') throw new ApiError(201);
    if (user.trackers_count >= tariff.device_limit) throw new ApiError(221);
    // The first period is due on the day of registration: the daily billing run charges it
    // (unless the dealer's free days cover it).
    const today = todayUtc(backend.clock.now());
    const tariffEndDate = tariff.type === 'activeday' ? null : today;
    const trackerId = await backend.trackers.register(dealerId, {
      userId: user.id,
      label: params.label,
      model: model.code,
      deviceId: params.device_id,
      phone,
      tariffId: tariff.id,
      tariffEndDate,
      lastChargedDate: yesterday(today),
    });
    return { id: trackerId };
  },
});
