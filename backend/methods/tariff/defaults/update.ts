import { z } from 'zod';
import { ApiError } from '../../../api/api-error.js';
import { id, int, nullable, object } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';

const defaults = () =>
  object({
    tariff_id: nullable(id()),
    activation_bonus: int(0, 1_000_000).default(0),
    free_days: int(0, 3650).default(0),
    free_days_device_limit: nullable(int(0)).default(null),
  });

/** 239 when the tariff does not exist (for this dealer), 237 when it is for another device type. */
export default defineMethod({
  path: 'tariff/defaults/update',
  permissions: { tariffs: ['update'] },
  params: z.object({ tracker: defaults().optional(), camera: defaults().optional() }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const entries = (['tracker', 'camera'] as const).flatMap((type) => (params[type] ? [[type, params[type]] as const] : []));
    for (const [deviceType, value] of entries) {
      if (value.tariff_id === null) continue;
      const tariff = backend.tariffs.find(dealerId, value.tariff_id);
      if (!tariff) throw new ApiError(239);
      if (tariff.device_type !== deviceType) throw new ApiError(237);
    }
    await backend.store.write((tx) => {
      for (const [deviceType, v] of entries) {
        tx.run(
          `INSERT INTO tariff_defaults (dealer_id, device_type, tariff_id, activation_bonus, free_days, free_days_device_limit)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (dealer_id, device_type) DO UPDATE SET tariff_id = excluded.tariff_id, activation_bonus = excluded.activation_bonus,
             free_days = excluded.free_days, free_days_device_limit = excluded.free_days_device_limit`,
          [dealerId, deviceType, v.tariff_id, v.activation_bonus, v.free_days, v.free_days_device_limit],
        );
      }
    });
    return {};
  },
});
