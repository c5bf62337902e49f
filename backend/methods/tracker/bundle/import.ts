import { z } from 'zod';
import { array, bool, id } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';
import { Bundles } from '../../../storage/repositories/bundles.js';
import { imei, listItems, MAX_IMPORT } from './bundle-params.js';

const imeiItem = imei();

/**
 * Adds up to 10,000 bundles of one equipment at once, all or nothing, in one transaction.
 * 7 names every bad or repeated IMEI as `imeis[i]`; 204 unknown equipment; 247 with `list` =
 * every IMEI the dealer already has a bundle for.
 */
export default defineMethod({
  path: 'tracker/bundle/import',
  permissions: { tracker_bundles: ['create'] },
  params: z
    .object({
      imeis: array(z.unknown(), MAX_IMPORT).refine((list) => list.length > 0, 'Must not be empty'),
      equip_id: id(),
      factory_preset: bool(),
    })
    .superRefine(listItems('imeis', imeiItem, [{ key: (v: string) => v }]), { when: () => true })
    .transform((p) => ({ ...p, imeis: p.imeis.map((v) => imeiItem.parse(v)) })),
  writes: true,
  async run({ params, dealerId, backend }) {
    await new Bundles(backend.store, backend.clock).import(dealerId, params.imeis, params.equip_id, params.factory_preset);
    return {};
  },
});
