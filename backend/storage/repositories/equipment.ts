import type { Equipment } from '../../../shared/api/equipment.js';
import type { Queries } from '../store.js';

export type { Equipment };

const EQUIPMENT_SELECT = 'SELECT id AS equip_id, model_name, model_code, vendor, name FROM equipment';

/** The equipment catalogue: one list shared by every dealer, seeded by migration 004-bundles. */
export class EquipmentCatalogue {
  constructor(private readonly db: Queries) {}

  list(): Promise<Equipment[]> {
    return this.db.all<Equipment>(`${EQUIPMENT_SELECT} ORDER BY vendor, name, id`);
  }

  find(equipId: number): Promise<Equipment | undefined> {
    return this.db.get<Equipment>(`${EQUIPMENT_SELECT} WHERE id = ?`, [equipId]);
  }
}
