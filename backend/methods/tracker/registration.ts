import { Code } from '../../../shared/errors.js';
import { todayUtc, yesterday } from '../../../shared/billing/dates.js';
import { toCents } from '../../../shared/billing/money.js';
import { ApiError } from '../../api/api-error.js';
import type { MethodServices } from '../../api/services.js';
import type { UserRow } from '../../storage/repositories/users.js';
import type { TariffRow } from '../../storage/repositories/tariffs.js';
import type { DeviceModel } from '../../../shared/entities.js';
import type { TariffDefaults } from '../../storage/repositories/tariffs.js';
import type { NewTracker } from '../../storage/repositories/trackers.js';

export interface RegistrationParams {
  user_id: number;
  label: string;
  model?: string;
  device_id: string;
  phone?: string | null;
  tariff_id?: number;
}

/**
 * What tracker/register and tracker/batch_register look up, read once per call: a batch reads each
 * user, model and plan once, and counts each user's trackers once (the repository adds those the batch registers).
 */
export class RegistrationLookups {
  private readonly users = new Map<number, Promise<UserRow | undefined>>();
  private readonly models = new Map<string, Promise<DeviceModel | undefined>>();
  private readonly tariffs = new Map<number, Promise<TariffRow | undefined>>();
  private defaults: Promise<TariffDefaults> | undefined;

  constructor(
    private readonly dealerId: number,
    private readonly services: Pick<MethodServices, 'users' | 'bundles' | 'models' | 'tariffs' | 'clock'>,
  ) {}

  private cached<K, V>(map: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
    let value = map.get(key);
    if (!value) map.set(key, (value = load()));
    return value;
  }

  /**
   * The tracker to insert for these params, or the ApiError tracker/register answers (201 user or
   * plan, 220 model, 221 device limit, 7 no model or plan to fall back on).
   */
  async prepare(params: RegistrationParams): Promise<NewTracker> {
    const { users, bundles, models, tariffs, clock } = this.services;
    const user = await this.cached(this.users, params.user_id, () => users.find(this.dealerId, params.user_id));
    if (!user) throw new ApiError(Code.NotFound);
    const stock = await bundles.stockDevice(this.dealerId, params.device_id);
    const modelCode = stock?.model_code ?? params.model;
    if (modelCode === undefined) throw ApiError.invalidParameters([{ parameter: 'model', error: 'Required (no bundle has this device id)' }]);
    const model = await this.cached(this.models, modelCode, () => models.find(modelCode));
    if (!model) throw new ApiError(Code.UnknownDeviceModel);
    const phone = stock?.phone || params.phone || null;
    const defaults = await (this.defaults ??= tariffs.defaults(this.dealerId, 'tracker'));
    const tariffId = params.tariff_id ?? user.default_tariff_id ?? defaults.tariff_id;
    if (tariffId === null) {
      throw ApiError.invalidParameters([{ parameter: 'tariff_id', error: 'Required: neither the user nor the dealer has a default tracker tariff' }]);
    }
    const tariff = await this.cached(this.tariffs, tariffId, () => tariffs.find(this.dealerId, tariffId));
    if (!tariff || tariff.device_type !== 'tracker') throw new ApiError(Code.NotFound);
    if (user.trackers_count >= tariff.device_limit) throw new ApiError(Code.DeviceLimitExceeded);
    // The first period is due on the day of registration: the daily billing run charges it
    // (unless the dealer's free days cover it).
    const today = todayUtc(clock.now());
    return {
      userId: user.id,
      label: params.label,
      model: model.code,
      deviceId: params.device_id,
      phone,
      tariffId: tariff.id,
      tariffEndDate: tariff.type === 'activeday' ? null : today,
      lastChargedDate: yesterday(today),
      // Credited with the registration, in its transaction: both happen or neither does.
      activationBonusCents: toCents(defaults.activation_bonus),
      freeDaysDeviceLimit: defaults.free_days_device_limit,
      deviceLimit: { trackersCount: user.trackers_count, limit: tariff.device_limit },
    };
  }
}
