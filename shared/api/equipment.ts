/** The equipment catalogue: what a bundle can be made of (one list shared by every dealer). */
import { z } from 'zod';
import { spec } from './define.js';

/** The equipment object (docs/navixy-api-facts.md §7). */
export interface Equipment {
  equip_id: number;
  model_name: string;
  model_code: string;
  vendor: string;
  name: string;
}

/** Every equipment a bundle can be made of. */
export const equipmentList = spec<{ list: Equipment[] }>()({
  path: 'equipment/list',
  permissions: { tracker_bundles: ['read'] },
  params: z.object({}),
});
