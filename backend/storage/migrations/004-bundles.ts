import type { Migration } from './runner.js';

/**
 * The equipment catalogue (docs/navixy-api-facts.md §7): what can be imported as a bundle.
 * `model_code` is a code from 002-device-models ("model code which should be inserted to tracker
 * bundles"), `model_name` the model's original name, `name` the name the vendor sells it under.
 * Mobile apps (navixymobile, iosnavixytracker, mobile_unknown) and the generic H02 entry are not
 * equipment a dealer stocks, so they are left out.
 */
const equipment: [id: number, modelCode: string, modelName: string, vendor: string, name: string][] = [
  [1, 'telfmb920', 'FMB920', 'Teltonika', 'GPS/GSM terminal Teltonika FMB920'],
  [2, 'telfmb120', 'FMB120', 'Teltonika', 'GPS/GSM terminal Teltonika FMB120'],
  [3, 'telfmb130', 'FMB130', 'Teltonika', 'GPS/GSM terminal Teltonika FMB130'],
  [4, 'telfmb140', 'FMB140', 'Teltonika', 'GPS/GSM terminal Teltonika FMB140 with CAN adapter'],
  [5, 'telfmb003', 'FMB003', 'Teltonika', 'OBD-II tracker Teltonika FMB003'],
  [6, 'telfmc130', 'FMC130', 'Teltonika', 'LTE Cat 1 terminal Teltonika FMC130'],
  [7, 'telfmc650', 'FMC650', 'Teltonika', 'LTE fleet terminal Teltonika FMC650'],
  [8, 'telfmt100', 'FMT100', 'Teltonika', 'Plug-and-track tracker Teltonika FMT100'],
  [9, 'teltat100', 'TAT100', 'Teltonika', 'Battery asset tracker Teltonika TAT100'],
  [10, 'telfm1100', 'FM1100', 'Teltonika', 'GPS/GSM terminal Teltonika FM1100'],
  [11, 'concoxgt06n', 'GT06N', 'Concox', 'GPS/GSM terminal Concox GT06N'],
  [12, 'concoxgt06e', 'GT06E', 'Concox', 'GPS/GSM terminal Concox GT06E'],
  [13, 'concoxgt800', 'GT800', 'Concox', 'GPS/GSM terminal Concox GT800'],
  [14, 'concoxwetrack2', 'WeTrack2', 'Concox', 'Vehicle tracker Concox WeTrack2'],
  [15, 'concoxwetracklite', 'WeTrack Lite', 'Concox', 'Vehicle tracker Concox WeTrack Lite'],
  [16, 'concoxgv20', 'GV20', 'Concox', 'Motorcycle tracker Concox GV20'],
  [17, 'concoxat4', 'AT4', 'Concox', 'Battery asset tracker Concox AT4'],
  [18, 'jimijmvl01', 'JM-VL01', 'Jimi IoT', '4G vehicle tracker Jimi IoT JM-VL01'],
  [19, 'sinotrackst901', 'ST-901', 'SinoTrack', 'Vehicle GPS tracker SinoTrack ST-901'],
  [20, 'sinotrackst902', 'ST-902', 'SinoTrack', 'Vehicle GPS tracker SinoTrack ST-902'],
  [21, 'sinotrackst906', 'ST-906', 'SinoTrack', 'Motorcycle GPS tracker SinoTrack ST-906'],
  [22, 'sinotrackst907', 'ST-907', 'SinoTrack', 'Vehicle GPS tracker SinoTrack ST-907'],
];

/**
 * Bundles (a device in stock, optionally with a SIM card and an order), SIM cards, orders and the
 * equipment catalogue. IMEIs and ICCIDs are unique per dealer. Times are TEXT `YYYY-MM-DD HH:MM:SS` (UTC).
 */
export const bundlesSchema: Migration = {
  id: '004-bundles',
  statements: [
    `CREATE TABLE equipment (
      id INTEGER PRIMARY KEY,
      model_code TEXT NOT NULL REFERENCES models(code),
      model_name TEXT NOT NULL,
      vendor TEXT NOT NULL,
      name TEXT NOT NULL
    )`,
    `CREATE TABLE sim_cards (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      iccid TEXT NOT NULL,
      phone TEXT,
      apn TEXT,
      blocked INTEGER NOT NULL DEFAULT 0,
      deleted INTEGER NOT NULL DEFAULT 0,
      creation_time TEXT NOT NULL
    )`,
    'CREATE UNIQUE INDEX sim_cards_iccid ON sim_cards (dealer_id, iccid)',
    'CREATE UNIQUE INDEX sim_cards_phone ON sim_cards (dealer_id, phone) WHERE deleted = 0 AND phone IS NOT NULL',
    `CREATE TABLE orders (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      user_id INTEGER REFERENCES users(id),
      amount INTEGER NOT NULL,
      sum_cents INTEGER NOT NULL,
      type TEXT NOT NULL DEFAULT 'equip',
      payer TEXT NOT NULL DEFAULT '',
      recipient TEXT NOT NULL DEFAULT '',
      contacts TEXT NOT NULL DEFAULT '',
      place TEXT NOT NULL DEFAULT '',
      comment TEXT NOT NULL DEFAULT '',
      creation_time TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'created'
    )`,
    'CREATE INDEX orders_dealer ON orders (dealer_id)',
    `CREATE TABLE bundles (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      imei TEXT NOT NULL,
      equip_id INTEGER NOT NULL REFERENCES equipment(id),
      factory_preset INTEGER NOT NULL DEFAULT 0,
      sim_card_id INTEGER REFERENCES sim_cards(id),
      assign_time TEXT,
      order_id INTEGER REFERENCES orders(id),
      creation_time TEXT NOT NULL
    )`,
    'CREATE UNIQUE INDEX bundles_imei ON bundles (dealer_id, imei)',
    'CREATE UNIQUE INDEX bundles_sim_card ON bundles (sim_card_id) WHERE sim_card_id IS NOT NULL',
    'CREATE INDEX bundles_order ON bundles (order_id) WHERE order_id IS NOT NULL',
    ...equipment.map(
      ([id, modelCode, modelName, vendor, name]) =>
        `INSERT INTO equipment (id, model_code, model_name, vendor, name) VALUES (${id}, '${modelCode}', '${modelName}', '${vendor}', '${name}')`,
    ),
  ],
};
