import type { Migration } from './runner.js';
import { initialSchema } from './001-initial-schema.js';
import { deviceModels } from './002-device-models.js';
import { billingSchema } from './003-billing.js';
import { devicesSchema } from './005-devices.js';
import { manualBlock } from './006-manual-block.js';
import { bundlesSchema } from './004-bundles.js';
import { serverSettings } from './007-server-settings.js';
import { sessionTokenDigests } from './008-session-token-digests.js';
import { trackersUserDeleted } from './009-trackers-user-deleted.js';
import { jt808Models } from './010-jt808-models.js';
import { ruptelaModels } from './011-ruptela-models.js';
import { suntechModels } from './012-suntech-models.js';
import { sourcesDeviceIdAny } from './013-sources-device-id-any.js';
import { gps103Models } from './014-gps103-models.js';
import { wialonModels } from './015-wialon-models.js';
import { queclinkModels } from './016-queclink-models.js';
import { freePeriodGrant } from './020-free-period-grant.js';
import { usersDeleted } from './022-users-deleted.js';
import { auditLog } from './019-audit-log.js';
import { osmandModels } from './018-osmand-models.js';
import { blockPeriods } from './021-block-periods.js';
import { meitrackModels } from './017-meitrack-models.js';
import { auditChanges } from './023-audit-changes.js';

/** Every migration, in the order it is applied. Append only. */
export const migrations: Migration[] = [
  initialSchema,
  deviceModels,
  billingSchema,
  bundlesSchema,
  devicesSchema,
  manualBlock,
  serverSettings,
  sessionTokenDigests,
  trackersUserDeleted,
  jt808Models,
  ruptelaModels,
  suntechModels,
  sourcesDeviceIdAny,
  queclinkModels,
  freePeriodGrant,
  usersDeleted,
  auditLog,
  gps103Models,
  osmandModels,
  blockPeriods,
  wialonModels,
  meitrackModels,
  auditChanges,
];
