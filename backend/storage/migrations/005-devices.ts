import type { Migration } from './runner.js';

/** Released: do not edit. Commands to devices and each source's last decoded state. */
export const devicesSchema: Migration = {
  id: '005-devices',
  statements: [
    `CREATE TABLE device_commands (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      dealer_id INTEGER NOT NULL REFERENCES dealers(id),
      source_id INTEGER NOT NULL REFERENCES sources(id),
      command TEXT NOT NULL,
      type TEXT NOT NULL,
      reliable INTEGER NOT NULL,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL,
      sent_at TEXT,
      answered_at TEXT,
      reply TEXT
    )`,
    'CREATE INDEX device_commands_open ON device_commands (source_id, status)',
    `CREATE TABLE source_states (
      source_id INTEGER PRIMARY KEY REFERENCES sources(id),
      state TEXT NOT NULL
    )`,
  ],
};
