import type { Migration } from '../migrations/runner.js';
import { meitrackModels } from '../migrations/017-meitrack-models.js';

/** Released: do not edit. 017-meitrack-models: its statements are portable SQL, run as they are. */
export const pgMeitrackModels: Migration = { id: '017-meitrack-models', statements: meitrackModels.statements };
