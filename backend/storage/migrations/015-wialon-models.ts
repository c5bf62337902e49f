import type { Migration } from './runner.js';

/** Released: do not edit. Trackers that speak Wialon IPS (1.1 / 2.0) in the model catalogue served by tracker/list_models. */
const models: [code: string, name: string, vendor: string, protocol: string, hasGsm: number][] = [
  ['wialonips', 'Wialon IPS device (generic)', 'Gurtam', 'wialon', 1],
  ['wialonips2', 'Wialon IPS 2.0 device (generic)', 'Gurtam', 'wialon', 1],
  ['neomatica', 'Neomatica ADM (Wialon IPS)', 'Neomatica', 'wialon', 1],
  ['fortegpstrack', 'Fort GPS tracker (Wialon IPS)', 'Fort Telecom', 'wialon', 1],
];

export const wialonModels: Migration = {
  id: '015-wialon-models',
  statements: models.map(
    ([code, name, vendor, protocol, hasGsm]) =>
      `INSERT INTO models (code, name, vendor, protocol, has_gsm) VALUES ('${code}', '${name}', '${vendor}', '${protocol}', ${hasGsm})`,
  ),
};
