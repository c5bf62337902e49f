import type { ConnectionStatus } from './connection-status.js';

/** The tracker object (docs/navixy-api-facts.md §4.1), plus later-documented extras. */
export interface Tracker {
  id: number;
  avatar_file_name?: string;
  clone: boolean;
  comment: string;
  creation_date: string; // YYYY-MM-DD
  group_id: number;
  dealer_id: number;
  deleted: boolean;
  label: string;
  user_id: number;
  source: {
    id: number;
    device_id: string;
    model: string;
    blocked: boolean;
    tariff_id: number | null;
    creation_date: string; // YYYY-MM-DD
    tariff_end_date: string | null; // YYYY-MM-DD
    connection_status: ConnectionStatus;
    phone: string | null;
    corrupted?: true;
  };
  /** Added to the Navixy tracker object in 2021: the model's human-readable name. */
  model_name: string;
  /** Added in 2021: UTC `YYYY-MM-DD HH:MM:SS` of the last frame from the device, or null. */
  last_connection: string | null;
  /** The owner's display name (the admin panel's trackers table shows it). */
  owner_name: string;
}

export type LegalType = 'legal_entity' | 'individual' | 'sole_trader';

export interface User {
  id: number;
  dealer_id: number;
  activated: boolean;
  verified: boolean;
  login: string;
  first_name: string;
  middle_name: string;
  last_name: string;
  legal_name: string;
  legal_type: LegalType;
  phone: string;
  post_country: string;
  post_index: string;
  post_region: string;
  post_city: string;
  post_street_address: string;
  registered_country: string;
  registered_index: string;
  registered_region: string;
  registered_city: string;
  registered_street_address: string;
  state_reg_num: string;
  tin: string;
  okpo_code: string;
  iec: string;
  balance: number;
  bonus: number;
  creation_date: string; // YYYY-MM-DD HH:MM:SS UTC
  trackers_count: number;
  comment: string;
  default_tariff_id: number | null;
}

export type TariffType = 'monthly' | 'everyday' | 'activeday';
export type DeviceType = 'tracker' | 'camera' | 'socket';

export interface ServicePrices {
  incoming_sms: number;
  outgoing_sms: number;
  service_sms: number;
  phone_call: number;
  traffic: number;
}

export interface Tariff {
  id: number;
  name: string;
  group_id: number;
  active: boolean;
  type: TariffType;
  price: number;
  early_change_price: number | null;
  device_limit: number;
  has_reports: boolean;
  store_period: string;
  device_type: DeviceType;
  proportional_charge: boolean;
  service_prices: ServicePrices;
  /** Who may be put on the plan: 0 all, 1 individuals, 2 legal entities and sole traders, 3 paas. */
  doc_type: 0 | 1 | 2 | 3;
}

export interface DeviceModel {
  code: string;
  name: string;
  vendor: string;
  protocol: 'teltonika' | 'gt06' | 'h02' | 'mobile';
  has_gsm: boolean;
}
