import type { ReadDb } from '../durable-store.js';

/** The equipment object (panel-api_resources_equipment.md). */
export interface Equipment {
  equip_id: number;
  model_name: string;
  model_code: string;
  vendor: string;
  name: string;
}

/** The equipment catalogue: one list shared by every dealer, seeded by migration 004-bundles. */
export class EquipmentCatalogue {
  constructor(private readonly db: ReadDb) {}

  list(): Equipment[] {
    return this.db.all<Equipment>('SELECT id AS equip_id, model_name, model_code, vendor, name FROM equipment ORDER BY vendor, name, id');
  }

  find(equipId: number): Equipment | undefined {
    return this.db.get<Equipment>('SELECT id AS equip_id, model_name, model_code, vendor, name FROM equipment WHERE id = ?', [equipId]);
  }
}
