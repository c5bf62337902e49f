/** Tariffs (price plans) and the dealer's tariff defaults: the contract both sides read. */
import { z } from 'zod';
import type { ServicePrices, Tariff } from '../entities.js';
import { spec } from './define.js';
import { bool, decimal, id, int, nullable, object, oneOf, paging } from './params.js';
import type { Empty } from './tracker.js';

/** What tariff/list may be ordered by. */
export const tariffOrderKeys = ['id', 'name', 'device_type', 'group_id', 'price'] as const;
export type TariffOrder = (typeof tariffOrderKeys)[number];

/** A device type's defaults: the tariff new devices get, the activation bonus, free days. */
export interface TariffDefaults {
  tariff_id: number | null;
  activation_bonus: number;
  free_days: number;
  free_days_device_limit: number | null;
}

const price = () => decimal(0, 1_000_000);

export const servicePrices = () =>
  object({
    incoming_sms: price(),
    outgoing_sms: price(),
    service_sms: price(),
    phone_call: price(),
    traffic: price(),
  });

const tariffFieldSchemas = {
  name: z.string({ error: 'Required' }).trim().min(1, 'Must not be empty').max(100, 'Must be at most 100 characters'),
  group_id: int(0),
  active: bool(),
  type: oneOf(['monthly', 'everyday', 'activeday']),
  price: price(),
  early_change_price: nullable(price()),
  device_limit: int(0, 1_000_000),
  has_reports: bool(),
  store_period: z.string({ error: 'Must be a string' }).regex(/^\d{1,4}[hdmy]$/, 'Must be like 2h, 3d, 5m or 1y'),
  device_type: oneOf(['tracker', 'camera', 'socket']),
  proportional_charge: bool(),
  service_prices: servicePrices(),
  doc_type: z.preprocess(
    (v) => (typeof v === 'string' && /^\d$/.test(v) ? Number(v) : v),
    z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { error: 'Must be 0, 1, 2 or 3' }),
  ),
};

/** The tariff object (docs/navixy-api-facts.md §5.1), plus `doc_type` used by tracker/tariff/change. */
export const tariffFields = {
  ...tariffFieldSchemas,
  group_id: tariffFieldSchemas.group_id.default(0),
  active: tariffFieldSchemas.active.default(true),
  early_change_price: tariffFieldSchemas.early_change_price.default(null),
  has_reports: tariffFieldSchemas.has_reports.default(true),
  store_period: tariffFieldSchemas.store_period.default('1y'),
  device_type: tariffFieldSchemas.device_type.default('tracker'),
  proportional_charge: tariffFieldSchemas.proportional_charge.default(false),
  service_prices: tariffFieldSchemas.service_prices.default({ incoming_sms: 0, outgoing_sms: 0, service_sms: 0, phone_call: 0, traffic: 0 }),
  doc_type: tariffFieldSchemas.doc_type.default(0),
};

/** For tariff/update: a field left out keeps its stored value (Navixy clients never send doc_type). */
export const tariffUpdateFields = Object.fromEntries(Object.entries(tariffFieldSchemas).map(([k, v]) => [k, v.optional()])) as {
  [K in keyof typeof tariffFieldSchemas]: z.ZodOptional<(typeof tariffFieldSchemas)[K]>;
};

export const tariffCreate = spec<{ id: number }>()({
  path: 'tariff/create',
  permissions: { tariffs: ['create'] },
  params: z.object({ tariff: object(tariffFields) }),
  writes: true,
});

export const tariffList = spec<{ list: Tariff[]; wholesale_service_prices: ServicePrices; count: number }>()({
  path: 'tariff/list',
  permissions: { tariffs: ['read'] },
  params: z.object({
    ...paging,
    device_type: oneOf(['tracker', 'camera', 'socket']).optional(),
    order_by: oneOf(tariffOrderKeys).optional(),
  }),
});

export const tariffRead = spec<{ value: Tariff }>()({
  path: 'tariff/read',
  permissions: { tariffs: ['read'] },
  params: z.object({ tariff_id: id() }),
});

/** `device_type` is ignored: it can only be set at creation (tariff doc). Fields left out keep their values. */
export const tariffUpdate = spec<Empty>()({
  path: 'tariff/update',
  permissions: { tariffs: ['update'] },
  params: z.object({ tariff: object({ ...tariffUpdateFields, id: id() }) }),
  writes: true,
});

export const tariffDefaultsRead = spec<{ tracker: TariffDefaults; camera: TariffDefaults }>()({
  path: 'tariff/defaults/read',
  permissions: { tariffs: ['read'] },
  params: z.object({}),
});

const defaults = () =>
  object({
    tariff_id: nullable(id()),
    activation_bonus: int(0, 1_000_000).default(0),
    free_days: int(0, 3650).default(0),
    free_days_device_limit: nullable(int(0)).default(null),
  });

/** 239 when the tariff does not exist (for this dealer), 237 when it is for another device type. */
export const tariffDefaultsUpdate = spec<Empty>()({
  path: 'tariff/defaults/update',
  permissions: { tariffs: ['update'] },
  params: z.object({ tracker: defaults().optional(), camera: defaults().optional() }),
  writes: true,
});
