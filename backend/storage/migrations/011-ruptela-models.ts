import type { Migration } from './runner.js';

/** Released: do not edit. Ruptela trackers in the model catalogue served by tracker/list_models. */
const models: [code: string, name: string, vendor: string, protocol: string, hasGsm: number][] = [
  ['ruptelafmeco4', 'Ruptela FM-Eco4', 'Ruptela', 'ruptela', 1],
  ['ruptelafmeco4light', 'Ruptela FM-Eco4 light', 'Ruptela', 'ruptela', 1],
  ['ruptelafmpro4', 'Ruptela FM-Pro4', 'Ruptela', 'ruptela', 1],
  ['ruptelatrace5', 'Ruptela Trace5', 'Ruptela', 'ruptela', 1],
];

export const ruptelaModels: Migration = {
  id: '011-ruptela-models',
  statements: models.map(
    ([code, name, vendor, protocol, hasGsm]) =>
      `INSERT INTO models (code, name, vendor, protocol, has_gsm) VALUES ('${code}', '${name}', '${vendor}', '${protocol}', ${hasGsm})`,
  ),
};
