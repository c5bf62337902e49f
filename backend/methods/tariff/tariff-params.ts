import { z } from 'zod';
import { bool, decimal, int, nullable, object, oneOf } from '../../../shared/api/params.js';

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
  doc_type: z.preprocess((v) => (typeof v === 'string' && /^\d$/.test(v) ? Number(v) : v), z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { error: 'Must be 0, 1, 2 or 3' })),
};

/** The tariff object of panel-api_resources_tariff.md, plus `doc_type` used by tracker/tariff/change. */
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
