/**
 * Bundles (a device of the dealer's stock: an IMEI of some equipment, optionally with a SIM card,
 * shipped against an order): the tracker/bundle/* methods and the bundle object.
 */
import { z } from 'zod';
import { array, bool, id, nullable, oneOf, paging } from './params.js';
import { bundleOrderKeys, iccid, imei, listItems, MAX_IMPORT } from './bundle-params.js';
import { spec } from './define.js';
import type { Empty } from './tracker.js';

/** The SIM card as it appears inside a bundle (admin UI `Bundle.sim_card`). */
export interface BundleSimCard {
  phone: string | null;
  iccid: string;
  apn: string | null;
  blocked: boolean;
  deleted: boolean;
}

/**
 * The bundle object: the admin UI's `Bundle` model fields plus the `equip_*` fields of the
 * order/read example, and `factory_preset` as given to bundle/import.
 */
export interface Bundle {
  id: number;
  imei: string;
  model_code: string;
  equip_id: number;
  equip_vendor: string;
  equip_name: string;
  equip_model: string;
  iccid: string | null;
  assign_time: string | null;
  order_id: number | null;
  factory_preset: boolean;
  sim_card: BundleSimCard | null;
}

const imeiItem = imei();

/**
 * Adds up to 10,000 bundles of one equipment at once, all or nothing, in one transaction.
 * 7 names every bad or repeated IMEI as `imeis[i]`; 204 unknown equipment; 247 with `list` =
 * every IMEI the dealer already has a bundle for.
 */
export const trackerBundleImport = spec<Empty>()({
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
});

/**
 * `filter`: case-insensitive substring of id, imei, model_code, iccid or assign_time.
 * `order_by`: the original documented values (id, model_code, imei, iccid, assign_time, order_id).
 * `clones_filter` is documented here by a copy-paste from tracker/list: accepted and ignored
 * (bundles have no clones).
 */
export const trackerBundleList = spec<{ list: Bundle[]; count: number }>()({
  path: 'tracker/bundle/list',
  permissions: { tracker_bundles: ['read'] },
  params: z.object({
    ...paging,
    order_by: oneOf(bundleOrderKeys).optional(),
    clones_filter: oneOf(['not_set', 'exclude_clones', 'only_include_clones', 'include_clones_only']).optional(),
  }),
});

/** The bundle with this IMEI (an integer, as the spec-era doc types it, or a string). 201 if the dealer has none. */
export const trackerBundleRead = spec<{ value: Bundle }>()({
  path: 'tracker/bundle/read',
  permissions: { tracker_bundles: ['read'] },
  params: z.object({ imei: imei() }),
});

/** Assigns equipment to a bundle (its model_code follows). 201 bundle, 204 equipment. */
export const trackerBundleUpdate = spec<Empty>()({
  path: 'tracker/bundle/update',
  permissions: { tracker_bundles: ['update'] },
  params: z.object({ bundle_id: id(), equip_id: id() }),
  writes: true,
});

/**
 * Puts the dealer's SIM card with this ICCID into the bundle; without `iccid` (or with null or an
 * empty value) takes the bundle's SIM card out. Errors: 201 bundle, 226 no such SIM card,
 * 250 SIM card deleted, 208 SIM card blocked, 247 the bundle already holds this SIM card,
 * 223 another bundle holds it (`bundle_id` names that bundle).
 */
export const trackerBundleAssign = spec<Empty>()({
  path: 'tracker/bundle/assign',
  permissions: { tracker_bundles: ['update'] },
  params: z.object({ bundle_id: id(), iccid: nullable(iccid()).optional() }),
  writes: true,
});

/**
 * Ships a bundle against one of the dealer's orders; `order_id: null` (or an empty value) takes it
 * off its order. `order_id` must be given. 201 bundle, 204 order.
 */
export const trackerBundleOrderAssign = spec<Empty>()({
  path: 'tracker/bundle/order/assign',
  permissions: { tracker_bundles: ['update'] },
  params: z.object({ bundle_id: id(), order_id: nullable(id()) }),
  writes: true,
});
