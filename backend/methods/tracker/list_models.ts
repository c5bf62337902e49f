import { z } from 'zod';
import type { DeviceModel } from '../../../shared/entities.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod({
  path: 'tracker/list_models',
  permissions: { trackers: ['read'] },
  params: z.object({}),
  run({ backend }) {
    const rows = backend.store.all<{ code: string; name: string; vendor: string; protocol: DeviceModel['protocol']; has_gsm: number }>(
      'SELECT code, name, vendor, protocol, has_gsm FROM models ORDER BY vendor, name',
    );
    const list: DeviceModel[] = rows.map((r) => ({ ...r, has_gsm: r.has_gsm === 1 }));
    return { list };
  },
});
