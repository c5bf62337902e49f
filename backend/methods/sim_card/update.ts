import { z } from 'zod';
import { bool, nullable } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { SimCards } from '../../storage/repositories/sim-cards.js';
import { iccid, simApn, simPhone } from '../tracker/bundle/bundle-params.js';

/**
 * Not a Navixy panel method. Each of blocked, deleted, phone, apn may be left out, but not all;
 * phone and apn may be null. A SIM card in a bundle stays there when blocked or deleted.
 * 201 unknown ICCID, 223 phone on another of the dealer's SIM cards (not deleted).
 */
export default defineMethod({
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
  async run({ params, dealerId, backend }) {
    await new SimCards(backend.store, backend.clock).update(dealerId, params.iccid, {
      blocked: params.blocked,
      deleted: params.deleted,
      phone: params.phone,
      apn: params.apn,
    });
    return {};
  },
});
