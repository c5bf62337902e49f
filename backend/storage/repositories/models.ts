import type { DeviceModel } from '../../../shared/entities.js';
import type { Store } from '../store.js';
import { bool } from './sql-helpers.js';

interface StoredModel {
  code: string;
  name: string;
  vendor: string;
  protocol: DeviceModel['protocol'];
  has_gsm: number;
}

const MODEL_SELECT = 'SELECT code, name, vendor, protocol, has_gsm FROM models';

const toModel = (row: StoredModel): DeviceModel => ({ ...row, has_gsm: bool(row.has_gsm) });

/** The device models catalogue (read-only: the migrations fill it). */
export class Models {
  constructor(private readonly store: Store) {}

  /** Every model, by vendor and name. */
  async list(): Promise<DeviceModel[]> {
    return (await this.store.all<StoredModel>(`${MODEL_SELECT} ORDER BY vendor, name`)).map(toModel);
  }

  async find(code: string): Promise<DeviceModel | undefined> {
    const row = await this.store.get<StoredModel>(`${MODEL_SELECT} WHERE code = ?`, [code]);
    return row && toModel(row);
  }
}
