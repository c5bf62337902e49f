import type { Migration } from '../migrations/runner.js';
import { ruptelaModels } from '../migrations/011-ruptela-models.js';

/** Released: do not edit. 011-ruptela-models: its statements are portable SQL, run as they are. */
export const pgRuptelaModels: Migration = { id: '011-ruptela-models', statements: ruptelaModels.statements };
