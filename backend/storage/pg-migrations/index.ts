/**
 * The PostgreSQL engine's migrations: one for each of the embedded engine's (../migrations, same
 * id, the schema translated), plus PostgreSQL-only ones (`pg-` ids). Append only; a new embedded
 * migration gets its counterpart here in the same change (pg-schema.test.ts compares the schemas).
 */
import type { Migration } from '../migrations/runner.js';
import { pgInitialSchema } from './001-initial-schema.js';
import { pgDeviceModels } from './002-device-models.js';
import { pgBilling } from './003-billing.js';
import { pgBundles } from './004-bundles.js';
import { pgDevices } from './005-devices.js';
import { pgManualBlock } from './006-manual-block.js';
import { pgServerSettings } from './007-server-settings.js';
import { pgSessionTokenDigests } from './008-session-token-digests.js';
import { pgTrackersUserDeleted } from './009-trackers-user-deleted.js';
import { pgJt808Models } from './010-jt808-models.js';
import { pgRuptelaModels } from './011-ruptela-models.js';
import { pgSuntechModels } from './012-suntech-models.js';
import { pgSourcesDeviceIdAny } from './013-sources-device-id-any.js';
import { pgQueclinkModels } from './016-queclink-models.js';
import { pgTrigramSearch } from './900-trigram-search.js';
import { pgFreePeriodGrant } from './020-free-period-grant.js';
import { pgUsersDeleted } from './022-users-deleted.js';
import { pgAuditLog } from './019-audit-log.js';
import { pgGps103Models } from './014-gps103-models.js';
import { pgOsmandModels } from './018-osmand-models.js';
import { pgBlockPeriods } from './021-block-periods.js';
import { pgMeitrackModels } from './017-meitrack-models.js';
import { pgWialonModels } from './015-wialon-models.js';
import { pgAuditChanges } from './023-audit-changes.js';
import { pgDeviceHistory } from './901-device-history.js';

export const pgMigrations: Migration[] = [
  pgInitialSchema,
  pgDeviceModels,
  pgBilling,
  pgBundles,
  pgDevices,
  pgManualBlock,
  pgServerSettings,
  pgSessionTokenDigests,
  pgTrackersUserDeleted,
  pgJt808Models,
  pgRuptelaModels,
  pgSuntechModels,
  pgSourcesDeviceIdAny,
  pgQueclinkModels,
  pgTrigramSearch,
  pgFreePeriodGrant,
  pgUsersDeleted,
  pgAuditLog,
  pgGps103Models,
  pgOsmandModels,
  pgBlockPeriods,
  pgWialonModels,
  pgMeitrackModels,
  pgAuditChanges,
  pgDeviceHistory,
];
