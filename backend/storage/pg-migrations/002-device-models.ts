import type { Migration } from '../migrations/runner.js';
import { deviceModels } from '../migrations/002-device-models.js';

/** Released: do not edit. 002-device-models: its statements are portable SQL, run as they are. */
export const pgDeviceModels: Migration = { id: '002-device-models', statements: deviceModels.statements };
