/**
 * The PostgreSQL test switch: with DEALER_CONSOLE_TEST_DATABASE_URL set (a database created with
 * `LOCALE 'C'`, see ../README.md), every test backend gets a schema of its own in that database,
 * dropped when it closes, so test files and tests share nothing. Unset, tests use the embedded engine.
 */
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.DEALER_CONSOLE_TEST_DATABASE_URL || undefined;

let counter = 0;

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A URL whose connections see only a fresh schema (and `public`, where pg_trgm lives). */
export async function freshTestSchema(base = TEST_DATABASE_URL): Promise<{ url: string; drop(): Promise<void> }> {
  if (!base) throw new Error('DEALER_CONSOLE_TEST_DATABASE_URL is not set');
  const schema = `t_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  await withClient(base, async (client) => {
    // The extension once per database, in public (a schema's DROP ... CASCADE must not take it along).
    await client.query('SELECT pg_advisory_lock(7310015)');
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
    } finally {
      await client.query('SELECT pg_advisory_unlock(7310015)');
    }
    await client.query(`CREATE SCHEMA ${schema}`);
  });
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema},public`);
  return {
    url: url.toString(),
    drop: () => withClient(base, async (client) => void (await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))),
  };
}
