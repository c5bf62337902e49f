/** SIM cards of the dealer's stock (not Navixy panel methods): what bundles hold. */
import { z } from 'zod';
import { array, bool, nullable, oneOf, paging } from './params.js';
import { iccid, listItems, MAX_IMPORT, simApn, simCardOrderKeys, simPhone } from './bundle-params.js';
import { spec } from './define.js';
import type { Empty } from './tracker.js';

/** The SIM card object of sim_card/list: the bundle's `sim_card` plus the bundle holding it. */
export interface SimCard {
  iccid: string;
  phone: string | null;
  apn: string | null;
  blocked: boolean;
  deleted: boolean;
  bundle_id: number | null;
}

/** One SIM card of sim_card/import. */
export interface SimCardInput {
  iccid: string;
  phone: string | null;
  apn: string | null;
}

const simCardItem = z.object(
  { iccid: iccid(), phone: nullable(simPhone()).optional(), apn: nullable(simApn()).optional() },
  { error: 'Must be a JSON object' },
);

/**
 * Not a Navixy panel method: adds up to 10,000 SIM cards `[{iccid, phone?, apn?}]`, all or nothing.
 * 7 names every bad or repeated field as `sim_cards[i].iccid` etc.; 247 with `list` = every ICCID
 * the dealer already has; 223 with `list` = every phone already on one of the dealer's SIM cards.
 */
export const simCardImport = spec<Empty>()({
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
});

/** Not a Navixy panel method. `filter`: substring of iccid, phone or apn; `order_by` iccid (default), phone, apn, bundle_id. */
export const simCardList = spec<{ list: SimCard[]; count: number }>()({
  path: 'sim_card/list',
  permissions: { tracker_bundles: ['read'] },
  params: z.object({
    ...paging,
    order_by: oneOf(simCardOrderKeys).optional(),
  }),
});

/**
 * Not a Navixy panel method. Each of blocked, deleted, phone, apn may be left out, but not all;
 * phone and apn may be null. A SIM card in a bundle stays there when blocked or deleted.
 * 201 unknown ICCID, 223 phone on another of the dealer's SIM cards (not deleted).
 */
export const simCardUpdate = spec<Empty>()({
  path: 'sim_card/update',
  permissions: { tracker_bundles: ['update'] },
  params: z
    .object({
      iccid: iccid(),
      blocked: bool().optional(),
      deleted: bool().optional(),
      phone: nullable(simPhone()).optional(),
      apn: nullable(simApn()).optional(),
    })
    .refine((p) => p.blocked !== undefined || p.deleted !== undefined || p.phone !== undefined || p.apn !== undefined, {
      message: 'Give at least one of blocked, deleted, phone, apn',
      path: ['blocked'],
    }),
  writes: true,
});
