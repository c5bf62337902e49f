import type { Migration } from './runner.js';

/** Released: do not edit. Meitrack trackers in the model catalogue served by tracker/list_models. */
const models: [code: string, name: string, vendor: string, protocol: string, hasGsm: number][] = [
  ['meitrackmvt380', 'Meitrack MVT380', 'Meitrack', 'meitrack', 1],
  ['meitrackmvt600', 'Meitrack MVT600', 'Meitrack', 'meitrack', 1],
  ['meitrackt333', 'Meitrack T333', 'Meitrack', 'meitrack', 1],
  ['meitrackt366', 'Meitrack T366', 'Meitrack', 'meitrack', 1],
  ['meitrackt399', 'Meitrack T399', 'Meitrack', 'meitrack', 1],
  ['meitrackp99', 'Meitrack P99', 'Meitrack', 'meitrack', 1],
  ['meitracktc68', 'Meitrack TC68', 'Meitrack', 'meitrack', 1],
];

export const meitrackModels: Migration = {
  id: '017-meitrack-models',
  statements: models.map(
    ([code, name, vendor, protocol, hasGsm]) =>
      `INSERT INTO models (code, name, vendor, protocol, has_gsm) VALUES ('${code}', '${name}', '${vendor}', '${protocol}', ${hasGsm})`,
  ),
};
