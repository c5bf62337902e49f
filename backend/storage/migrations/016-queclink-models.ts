import type { Migration } from './runner.js';

/** Released: do not edit. Queclink @Track trackers in the model catalogue served by tracker/list_models. */
const models: [code: string, name: string, vendor: string, protocol: string, hasGsm: number][] = [
  ['queclinkgl300', 'Queclink GL300', 'Queclink', 'queclink', 1],
  ['queclinkgl320m', 'Queclink GL320M', 'Queclink', 'queclink', 1],
  ['queclinkgl500m', 'Queclink GL500M', 'Queclink', 'queclink', 1],
  ['queclinkgv300', 'Queclink GV300', 'Queclink', 'queclink', 1],
  ['queclinkgv350m', 'Queclink GV350M', 'Queclink', 'queclink', 1],
  ['queclinkgv500', 'Queclink GV500', 'Queclink', 'queclink', 1],
  ['queclinkgv55', 'Queclink GV55', 'Queclink', 'queclink', 1],
  ['queclinkgv600m', 'Queclink GV600M', 'Queclink', 'queclink', 1],
];

export const queclinkModels: Migration = {
  id: '016-queclink-models',
  statements: models.map(
    ([code, name, vendor, protocol, hasGsm]) =>
      `INSERT INTO models (code, name, vendor, protocol, has_gsm) VALUES ('${code}', '${name}', '${vendor}', '${protocol}', ${hasGsm})`,
  ),
};
