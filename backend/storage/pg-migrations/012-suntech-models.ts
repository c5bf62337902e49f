import type { Migration } from '../migrations/runner.js';
import { suntechModels } from '../migrations/012-suntech-models.js';

/** Released: do not edit. 012-suntech-models: its statements are portable SQL, run as they are. */
export const pgSuntechModels: Migration = { id: '012-suntech-models', statements: suntechModels.statements };
