import type { Migration } from './runner.js';

/** Released: do not edit. JT/T 808 trackers in the model catalogue served by tracker/list_models. */
const models: [code: string, name: string, vendor: string, protocol: string, hasGsm: number][] = [
  ['jt808generic', 'JT/T 808 protocol tracker', 'Generic', 'jt808', 1],
  ['micodusmv710g', 'MiCODUS MV710G', 'MiCODUS', 'jt808', 1],
  ['jimijc371', 'Jimi IoT JC371', 'Jimi IoT', 'jt808', 1],
  ['jimijc400', 'Jimi IoT JC400', 'Jimi IoT', 'jt808', 1],
  ['huabaojt808', 'Huabao JT808 terminal', 'Huabao', 'jt808', 1],
];

export const jt808Models: Migration = {
  id: '010-jt808-models',
  statements: models.map(
    ([code, name, vendor, protocol, hasGsm]) =>
      `INSERT INTO models (code, name, vendor, protocol, has_gsm) VALUES ('${code}', '${name}', '${vendor}', '${protocol}', ${hasGsm})`,
  ),
};
