export interface Bundle {
  id: number;
  imei: string;
  model_code: string;
  equip_id: number;
  equip_vendor?: string;
  equip_name?: string;
  equip_model?: string;
  iccid: string | null;
  assign_time: string | null;
  order_id: number | null;
  factory_preset?: boolean;
  sim_card?: { phone: string | null; iccid: string; apn: string | null; blocked: boolean; deleted: boolean } | null;
}

export interface Equipment {
  equip_id: number;
  model_name: string;
  model_code: string;
  vendor: string;
  name: string;
}

export interface SimCard {
  iccid: string;
  phone: string | null;
  apn: string | null;
  blocked: boolean;
  deleted: boolean;
  bundle_id: number | null;
}

export interface Order {
  id: number;
  user_id: number | null;
  status: string;
  payer: string;
  recipient: string;
  creation_time: string;
  bundles_count?: number;
}
