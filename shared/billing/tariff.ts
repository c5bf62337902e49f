import { addDays, daysBetween, type IsoDate } from './dates.js';

/**
 * Tariff (plan) and source fields the billing rules read. Names follow the Navixy objects
 * (docs/navixy-api-facts.md §5.1, §5.2).
 */

import type { DeviceType, LegalType, TariffType } from '../entities.js';

/** `monthly`: price per month; `everyday`: price per month charged day by day; `activeday`: price per active day. */
export type { DeviceType, LegalType, TariffType };

export interface Tariff {
  id: number;
  dealer_id: number;
  type: TariffType;
  price: number; // currency units, 2 decimals
  device_type: DeviceType;
  /** 0 for all, 1 individuals, 2 legal entities and sole traders, 3 paas (internal column). */
  doc_type: number;
  device_limit: number; // trackers per user
}

/** The tariff columns of a source row (the physical device, shared by a tracker and its clones). */
export interface SourceTariffState {
  tariff_id: number;
  /** true when the paid period ran out and was not prolonged. */
  tariff_end: boolean;
  /** Day of the next prolongation; null for activeday tariffs (the spec's `0`). */
  tariff_end_date: IsoDate | null;
  /** Last day already paid for; null before the first charge. */
  last_charged_date: IsoDate | null;
  blocked: boolean;
  /** The dealer blocked it (tracker/source/update): billing never lifts such a block. */
  manual_block?: boolean;
  creation_date: IsoDate;
}

/** `user.face` of the tariff/change rules: 1 physical person, 2 legal entity, 3 sole trader (SP). */
export const faceOfLegalType: Readonly<Record<LegalType, 1 | 2 | 3>> = {
  individual: 1,
  legal_entity: 2,
  sole_trader: 3,
};

/**
 * Whether the free period after registration is over on `today`: `creation_date + free_days <= today`.
 * With free_days = 14 and creation 2024-01-01 the first paid day is 2024-01-15.
 */
export function freePeriodExpired(creationDate: IsoDate, freeDays: number, today: IsoDate): boolean {
  return daysBetween(addDays(creationDate, freeDays), today) >= 0;
}
