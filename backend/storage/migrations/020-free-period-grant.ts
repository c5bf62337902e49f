import type { Migration } from './runner.js';

/**
 * Released: do not edit. Whether a source got the free period of the tariff defaults when it was
 * registered. `free_days_device_limit` ("maximum number of activated user's devices with free
 * period") is decided once, at registration, from the devices the user already has with one; the
 * daily billing and the tariff/change repayment read the flag. Sources registered before this
 * migration all had the free period, so they keep it (and count towards their user's limit).
 */
export const freePeriodGrant: Migration = {
  id: '020-free-period-grant',
  statements: ['ALTER TABLE sources ADD COLUMN free_period INTEGER NOT NULL DEFAULT 1'],
};
