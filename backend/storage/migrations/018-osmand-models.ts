import type { Migration } from './runner.js';

/** Released: do not edit. Phone apps and trackers that speak the OsmAnd HTTP protocol, for tracker/list_models. */
const models: [code: string, name: string, vendor: string, protocol: string, hasGsm: number][] = [
  ['traccarclientandroid', 'Traccar Client (Android)', 'Traccar', 'osmand', 0],
  ['traccarclientios', 'Traccar Client (iOS)', 'Traccar', 'osmand', 0],
  ['osmandandroid', 'OsmAnd (Android)', 'OsmAnd', 'osmand', 0],
  ['osmandios', 'OsmAnd (iOS)', 'OsmAnd', 'osmand', 0],
  ['osmandhttp', 'OsmAnd protocol device (HTTP)', 'Generic', 'osmand', 0],
];

export const osmandModels: Migration = {
  id: '018-osmand-models',
  statements: models.map(
    ([code, name, vendor, protocol, hasGsm]) =>
      `INSERT INTO models (code, name, vendor, protocol, has_gsm) VALUES ('${code}', '${name}', '${vendor}', '${protocol}', ${hasGsm})`,
  ),
};
