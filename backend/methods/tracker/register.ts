import { trackerRegister } from '../../../shared/api/tracker.js';
import { Code } from '../../../shared/errors.js';
import { todayUtc, yesterday } from '../../../shared/billing/dates.js';
import { toCents } from '../../../shared/billing/money.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';

/** A device from the dealer's stock (a bundle) brings its model and its SIM card's phone. */
export default defineMethod(trackerRegister, async ({ params, dealerId, services: { users, bundles, models, tariffs, trackers, clock } }) => {
  const user = await users.owned(dealerId, params.user_id);
  const stock = await bundles.stockDevice(dealerId, params.device_id);
  const modelCode = stock?.model_code ?? params.model;
  if (modelCode === undefined) throw ApiError.invalidParameters([{ parameter: 'model', error: 'Required (no bundle has this device id)' }]);
  const model = await models.find(modelCode);
  if (!model) throw new ApiError(Code.UnknownDeviceModel);
  const phone = stock?.phone || params.phone || null;
  const defaults = await tariffs.defaults(dealerId, 'tracker');
  const tariffId = params.tariff_id ?? user.default_tariff_id ?? defaults.tariff_id;
  if (tariffId === null) {
    throw ApiError.invalidParameters([{ parameter: 'tariff_id', error: 'Required: neither the user nor the dealer has a default tracker tariff' }]);
  }
  const tariff = await tariffs.find(dealerId, tariffId);
  if (!tariff || tariff.device_type !== 'tracker') throw new ApiError(Code.NotFound);
  if (user.trackers_count >= tariff.device_limit) throw new ApiError(Code.DeviceLimitExceeded);
  // The first period is due on the day of registration: the daily billing run charges it
  // (unless the dealer's free days cover it).
  const today = todayUtc(clock.now());
  const tariffEndDate = tariff.type === 'activeday' ? null : today;
  const trackerId = await trackers.register(dealerId, {
    userId: user.id,
    label: params.label,
    model: model.code,
    deviceId: params.device_id,
    phone,
    tariffId: tariff.id,
    tariffEndDate,
    lastChargedDate: yesterday(today),
    // Credited with the registration, in its transaction: both happen or neither does.
    activationBonusCents: toCents(defaults.activation_bonus),
    freeDaysDeviceLimit: defaults.free_days_device_limit,
  });
  return { id: trackerId };
});
