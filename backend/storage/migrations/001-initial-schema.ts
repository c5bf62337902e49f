import type { Migration } from './runner.js';

/** Released: do not edit. Dates are TEXT `YYYY-MM-DD`, date-times TEXT `YYYY-MM-DD HH:MM:SS` (UTC). */
export const initialSchema: Migration = {
  id: '001-initial-schema',
  statements: [
    `CREATE TABLE dealers (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      blocked INTEGER NOT NULL DEFAULT 0,
      creation_date TEXT NOT NULL
    )`,
    `CREATE TABLE accounts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      login TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      permissions TEXT NOT NULL,
      is_admin INTEGER NOT NULL DEFAULT 0,
      blocked INTEGER NOT NULL DEFAULT 0,
      creation_date TEXT NOT NULL
    )`,
    'CREATE UNIQUE INDEX accounts_login ON accounts (login)',
    `CREATE TABLE sessions (
      hash TEXT PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    )`,
    `CREATE TABLE users (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      login TEXT NOT NULL,
      password_hash TEXT,
      activated INTEGER NOT NULL DEFAULT 1,
      verified INTEGER NOT NULL DEFAULT 1,
      legal_type TEXT NOT NULL,
      profile TEXT NOT NULL,
      balance_cents INTEGER NOT NULL DEFAULT 0,
      bonus_cents INTEGER NOT NULL DEFAULT 0,
      creation_date TEXT NOT NULL,
      comment TEXT NOT NULL DEFAULT '',
      time_zone TEXT,
      locale TEXT,
      discount TEXT,
      default_tariff_id INTEGER
    )`,
    'CREATE UNIQUE INDEX users_login ON users (dealer_id, login)',
    `CREATE TABLE tariffs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      name TEXT NOT NULL,
      group_id INTEGER NOT NULL DEFAULT 0,
      active INTEGER NOT NULL DEFAULT 1,
      type TEXT NOT NULL,
      price_cents INTEGER NOT NULL DEFAULT 0,
      early_change_price_cents INTEGER,
      device_limit INTEGER NOT NULL DEFAULT 1000,
      has_reports INTEGER NOT NULL DEFAULT 1,
      store_period TEXT NOT NULL DEFAULT '1y',
      device_type TEXT NOT NULL DEFAULT 'tracker',
      proportional_charge INTEGER NOT NULL DEFAULT 0,
      service_prices TEXT NOT NULL,
      doc_type INTEGER NOT NULL DEFAULT 0
    )`,
    'CREATE UNIQUE INDEX tariffs_name ON tariffs (dealer_id, name)',
    `CREATE TABLE tariff_defaults (
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      device_type TEXT NOT NULL,
      tariff_id INTEGER,
      activation_bonus INTEGER NOT NULL DEFAULT 0,
      free_days INTEGER NOT NULL DEFAULT 0,
      free_days_device_limit INTEGER,
      PRIMARY KEY (dealer_id, device_type)
    )`,
    `CREATE TABLE models (
      code TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      vendor TEXT NOT NULL,
      protocol TEXT NOT NULL,
      has_gsm INTEGER NOT NULL
    )`,
    // A source is the physical device; trackers (the original and its clones) are views of it.
    `CREATE TABLE sources (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      device_id TEXT NOT NULL,
      model TEXT NOT NULL REFERENCES models(code),
      phone TEXT,
      blocked INTEGER NOT NULL DEFAULT 0,
      corrupted INTEGER NOT NULL DEFAULT 0,
      tariff_id INTEGER REFERENCES tariffs(id),
      creation_date TEXT NOT NULL,
      tariff_end INTEGER NOT NULL DEFAULT 0,
      tariff_end_date TEXT,
      last_charged_date TEXT,
      tariff_change TEXT,
      last_connection TEXT,
      last_data TEXT,
      connected INTEGER NOT NULL DEFAULT 0
    )`,
    'CREATE UNIQUE INDEX sources_device_id ON sources (device_id) WHERE corrupted = 0',
    "CREATE UNIQUE INDEX sources_phone ON sources (phone) WHERE corrupted = 0 AND phone IS NOT NULL AND phone <> ''",
    `CREATE TABLE trackers (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      user_id INTEGER NOT NULL REFERENCES users(id),
      source_id INTEGER NOT NULL REFERENCES sources(id),
      label TEXT NOT NULL,
      comment TEXT NOT NULL DEFAULT '',
      group_id INTEGER NOT NULL DEFAULT 0,
      clone INTEGER NOT NULL DEFAULT 0,
      deleted INTEGER NOT NULL DEFAULT 0,
      creation_date TEXT NOT NULL,
      avatar_file_name TEXT
    )`,
    'CREATE INDEX trackers_source ON trackers (source_id)',
    'CREATE INDEX trackers_user ON trackers (user_id)',
    'CREATE INDEX trackers_dealer ON trackers (dealer_id)',
    // Tracking data moved aside by tracker/corrupt (the device gateway stores history outside SQLite).
    `CREATE TABLE corrupted_tracking (
      source_id INTEGER PRIMARY KEY,
      old_device_id TEXT NOT NULL,
      old_phone TEXT,
      moved_to TEXT,
      corrupted_at TEXT NOT NULL
    )`,
    `CREATE TABLE rules (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      user_id INTEGER NOT NULL REFERENCES users(id),
      name TEXT NOT NULL
    )`,
    `CREATE TABLE rule_trackers (
      rule_id INTEGER NOT NULL REFERENCES rules(id) ON DELETE CASCADE,
      tracker_id INTEGER NOT NULL REFERENCES trackers(id),
      PRIMARY KEY (rule_id, tracker_id)
    )`,
    'CREATE INDEX rule_trackers_tracker ON rule_trackers (tracker_id)',
    `CREATE TABLE vehicles (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      user_id INTEGER NOT NULL REFERENCES users(id),
      label TEXT NOT NULL,
      tracker_id INTEGER REFERENCES trackers(id)
    )`,
    'CREATE INDEX vehicles_tracker ON vehicles (tracker_id)',
  ],
};
