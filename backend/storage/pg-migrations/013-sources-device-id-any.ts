import type { Migration } from '../migrations/runner.js';
import { sourcesDeviceIdAny } from '../migrations/013-sources-device-id-any.js';

/** Released: do not edit. 013-sources-device-id-any: its statements are portable SQL, run as they are. */
export const pgSourcesDeviceIdAny: Migration = { id: '013-sources-device-id-any', statements: sourcesDeviceIdAny.statements };
