import type { Migration } from '../migrations/runner.js';
import { jt808Models } from '../migrations/010-jt808-models.js';

/** Released: do not edit. 010-jt808-models: its statements are portable SQL, run as they are. */
export const pgJt808Models: Migration = { id: '010-jt808-models', statements: jt808Models.statements };
