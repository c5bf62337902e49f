import { z } from 'zod';
import { array, nullable } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { SimCards, type SimCardInput } from '../../storage/repositories/sim-cards.js';
import { iccid, listItems, MAX_IMPORT, simApn, simPhone } from '../tracker/bundle/bundle-params.js';

const simCardItem = z.object(
  { iccid: iccid(), phone: nullable(simPhone()).optional(), apn: nullable(simApn()).optional() },
  { error: 'Must be a JSON object' },
);

/**
 * Not a Navixy panel method: adds up to 10,000 SIM cards `[{iccid, phone?, apn?}]`, all or nothing.
 * 7 names every bad or repeated field as `sim_cards[i].iccid` etc.; 247 with `list` = every ICCID
 * the dealer already has; 223 with `list` = every phone already on one of the dealer's SIM cards.
 */
export default defineMethod({
  path: 'sim_card/import',
  permissions: { tracker_bundles: ['create'] },
  params: z
    .object({ sim_cards: array(z.unknown(), MAX_IMPORT).refine((list) => list.length > 0, 'Must not be empty') })
    .superRefine(
      listItems('sim_cards', simCardItem, [
        { key: (c: SimCardInput) => c.iccid, field: 'iccid' },
        { key: (c: SimCardInput) => c.phone ?? null, field: 'phone' },
      ]),
      { when: () => true },
    )
    .transform((p) => ({
      sim_cards: p.sim_cards.map((v): SimCardInput => {
        const card = simCardItem.parse(v);
        return { iccid: card.iccid, phone: card.phone ?? null, apn: card.apn ?? null };
      }),
    })),
  writes: true,
  async run({ params, dealerId, backend }) {
    await new SimCards(backend.store, backend.clock).import(dealerId, params.sim_cards);
    return {};
  },
});
