import type { Migration } from '../migrations/runner.js';
import { gps103Models } from '../migrations/014-gps103-models.js';

/** Released: do not edit. 014-gps103-models: its statements are portable SQL, run as they are. */
export const pgGps103Models: Migration = { id: '014-gps103-models', statements: gps103Models.statements };
