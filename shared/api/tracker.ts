/** Tracker methods: the contract both sides read (panel tracker API). */
import { z } from 'zod';
import { spec } from './define.js';
import { id } from './params.js';

/** An answer with nothing but `success`. */
export type Empty = Record<string, never>;

export const trackerMove = spec<Empty>()({
  path: 'tracker/move',
  permissions: { trackers: ['create', 'delete'] },
  params: z.object({ tracker_id: id(), user_id: id() }),
  writes: true,
});
