import { z } from 'zod';
import { MAX_PAGE_SIZE, oneOf, paging } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { presentTariff, tariffOrderColumns } from '../../storage/repositories/tariffs.js';

export default defineMethod({
  path: 'tariff/list',
  permissions: { tariffs: ['read'] },
  params: z.object({
    ...paging,
    device_type: oneOf(['tracker', 'camera', 'socket']).optional(),
    order_by: oneOf(Object.keys(tariffOrderColumns) as [keyof typeof tariffOrderColumns]).optional(),
  }),
  run({ params, dealerId, backend }) {
    const { rows, count } = backend.tariffs.list(dealerId, {
      deviceType: params.device_type,
      filter: params.filter,
      orderBy: params.order_by ?? 'id',
      ascending: params.ascending ?? true,
      offset: params.offset ?? 0,
      limit: params.limit ?? MAX_PAGE_SIZE,
    });
    // This installation is its own wholesaler: services cost the dealer nothing extra.
    const wholesale_service_prices = { incoming_sms: 0, outgoing_sms: 0, service_sms: 0, phone_call: 0, traffic: 0 };
    return { list: rows.map(presentTariff), wholesale_service_prices, count };
  },
});
