import type { Migration } from '../migrations/runner.js';
import { osmandModels } from '../migrations/018-osmand-models.js';

/** Released: do not edit. 018-osmand-models: its statements are portable SQL, run as they are. */
export const pgOsmandModels: Migration = { id: '018-osmand-models', statements: osmandModels.statements };
