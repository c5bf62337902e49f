import { NO_LIMIT } from '../../../shared/api/params.js';
import { tariffList } from '../../../shared/api/tariff.js';
import { defineMethod } from '../../api/registry.js';
import { presentTariff } from '../../storage/repositories/tariffs.js';

export default defineMethod(tariffList, async ({ params, dealerId, services: { tariffs } }) => {
  const { rows, count } = await tariffs.list(dealerId, {
    deviceType: params.device_type,
    filter: params.filter,
    orderBy: params.order_by ?? 'id',
    ascending: params.ascending ?? true,
    offset: params.offset ?? 0,
    limit: params.limit ?? NO_LIMIT,
  });
  // This installation is its own wholesaler: services cost the dealer nothing extra.
  const wholesale_service_prices = { incoming_sms: 0, outgoing_sms: 0, service_sms: 0, phone_call: 0, traffic: 0 };
  return { list: rows.map(presentTariff), wholesale_service_prices, count };
});
