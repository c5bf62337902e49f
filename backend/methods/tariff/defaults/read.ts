import { tariffDefaultsRead } from '../../../../shared/api/tariff.js';
import { defineMethod } from '../../../api/registry.js';

export default defineMethod(tariffDefaultsRead, async ({ dealerId, services: { tariffs } }) => ({
  tracker: await tariffs.defaults(dealerId, 'tracker'),
  camera: await tariffs.defaults(dealerId, 'camera'),
}));
