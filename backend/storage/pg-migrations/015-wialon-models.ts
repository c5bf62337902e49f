import type { Migration } from '../migrations/runner.js';
import { wialonModels } from '../migrations/015-wialon-models.js';

/** Released: do not edit. 015-wialon-models: its statements are portable SQL, run as they are. */
export const pgWialonModels: Migration = { id: '015-wialon-models', statements: wialonModels.statements };
