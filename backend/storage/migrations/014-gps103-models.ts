import type { Migration } from './runner.js';

/** Released: do not edit. GPS103 / TK103-protocol trackers (Coban and its clones) in the model catalogue served by tracker/list_models. */
const models: [code: string, name: string, vendor: string, protocol: string, hasGsm: number][] = [
  ['coban103', 'Coban GPS103 (TK103)', 'Coban', 'gps103', 1],
  ['coban103b', 'Coban GPS103B (TK103B)', 'Coban', 'gps103', 1],
  ['coban102', 'Coban GPS102 (TK102)', 'Coban', 'gps103', 1],
  ['coban303', 'Coban GPS303 (TK303)', 'Coban', 'gps103', 1],
  ['coban306', 'Coban GPS306', 'Coban', 'gps103', 1],
  ['xexuntk102', 'Xexun TK102', 'Xexun', 'gps103', 1],
  ['xexuntk103', 'Xexun TK103', 'Xexun', 'gps103', 1],
];

export const gps103Models: Migration = {
  id: '014-gps103-models',
  statements: models.map(
    ([code, name, vendor, protocol, hasGsm]) =>
      `INSERT INTO models (code, name, vendor, protocol, has_gsm) VALUES ('${code}', '${name}', '${vendor}', '${protocol}', ${hasGsm})`,
  ),
};
