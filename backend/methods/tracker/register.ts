import { z } from 'zod';
import { todayUtc, yesterday } from '../../billing/dates.js';
import { ApiError } from '../../api/api-error.js';
import { id, nullable, trackerLabel } from '../../api/params.js';
import { defineMethod } from '../../api/registry.js';

/**
 * Not a Navixy panel method (registration lives in the user API there): registers a device for
 * one of the dealer's users.
 */
export default defineMethod({
  path: 'tracker/register',
  permissions: { trackers: ['create'] },
  params: z.object({
    user_id: id(),
    label: trackerLabel(),
    model: z.string({ error: 'Required' }).min(1, 'Must not be empty').max(64, 'Must be at most 64 characters'),
    device_id: z
      .string({ error: 'Required' })
      .regex(/^[0-9A-Za-z_.:-]{3,64}$/, 'Must be 3 to 64 letters, digits or - _ . :'),
    phone: nullable(z.string({ error: 'Must be a string' }).regex(/^\d{5,20}$/, 'Must be 5 to 20 digits')).optional(),
    tariff_id: id().optional(),
  }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const user = backend.users.owned(dealerId, params.user_id);
    const model = backend.store.get<{ code: string }>('SELECT code FROM models WHERE code = ?', [params.model]);
    if (!model) throw new ApiError(220);
    const tariffId = params.tariff_id ?? user.default_tariff_id ?? backend.tariffs.defaultTrackerTariffId(dealerId);
    if (tariffId === null) {
      throw ApiError.invalidParameters([{ parameter: 'tariff_id', error: 'Required: neither the user nor the dealer has a default tracker tariff' }]);
    }
    const tariff = backend.tariffs.find(dealerId, tariffId);
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
      phone: params.phone ?? null,
      tariffId: tariff.id,
      tariffEndDate,
      lastChargedDate: yesterday(today),
    });
    return { id: trackerId };
  },
});
