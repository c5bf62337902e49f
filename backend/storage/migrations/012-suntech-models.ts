import type { Migration } from './runner.js';

/** Released: do not edit. Suntech trackers in the model catalogue served by tracker/list_models. */
const models: [code: string, name: string, vendor: string, protocol: string, hasGsm: number][] = [
  ['suntechst300', 'Suntech ST300', 'Suntech', 'suntech', 1],
  ['suntechst340', 'Suntech ST340', 'Suntech', 'suntech', 1],
  ['suntechst600', 'Suntech ST600', 'Suntech', 'suntech', 1],
  ['suntechst4300', 'Suntech ST4300', 'Suntech', 'suntech', 1],
  ['suntechst910', 'Suntech ST910', 'Suntech', 'suntech', 1],
];

export const suntechModels: Migration = {
  id: '012-suntech-models',
  statements: models.map(
    ([code, name, vendor, protocol, hasGsm]) =>
      `INSERT INTO models (code, name, vendor, protocol, has_gsm) VALUES ('${code}', '${name}', '${vendor}', '${protocol}', ${hasGsm})`,
  ),
};
