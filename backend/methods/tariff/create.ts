import { tariffCreate } from '../../../shared/api/tariff.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod(tariffCreate, async ({ params, dealerId, services: { tariffs } }) => ({ id: await tariffs.create(dealerId, params.tariff) }));
