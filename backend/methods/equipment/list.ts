import { z } from 'zod';
import { defineMethod } from '../../api/registry.js';
import { EquipmentCatalogue } from '../../storage/repositories/equipment.js';

/** Every equipment a bundle can be made of (the catalogue is shared by all dealers). */
export default defineMethod({
  path: 'equipment/list',
  permissions: { tracker_bundles: ['read'] },
  params: z.object({}),
  run({ backend }) {
    return { list: new EquipmentCatalogue(backend.store).list() };
  },
});
