import type { Migration } from '../migrations/runner.js';
import { queclinkModels } from '../migrations/016-queclink-models.js';

/** Released: do not edit. 016-queclink-models: its statements are portable SQL, run as they are. */
export const pgQueclinkModels: Migration = { id: '016-queclink-models', statements: queclinkModels.statements };
