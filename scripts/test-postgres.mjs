#!/usr/bin/env node
// The second engine of `npm test`: with DEALER_CONSOLE_PG_PASS_URL set (a C-locale database the
// tests may create schemas in; .ci/run starts a throw-away cluster and sets it), runs the API and
// billing tests, the crash tests and the end-to-end tests again, with every test backend and the
// e2e server on PostgreSQL. Unset, it says that PostgreSQL was skipped and succeeds. A variable of
// its own, not the test switch DEALER_CONSOLE_TEST_DATABASE_URL: that one, exported for the whole
// of `npm test`, would put the first (embedded) pass on PostgreSQL too.
import { spawnSync } from 'node:child_process';

const url = process.env.DEALER_CONSOLE_PG_PASS_URL;
if (!url) {
  console.log('PostgreSQL: skipped (DEALER_CONSOLE_PG_PASS_URL is not set); the embedded engine was tested above.');
  process.exit(0);
}

/** The test files that reach the database through the Store seam (the others are embedded-engine internals). */
const PG_TESTS = [
  'backend/methods/',
  'backend/api/',
  'backend/billing/',
  'backend/http/',
  'backend/storage/pg-store.test.ts',
  'backend/storage/crash.test.ts',
  'backend/devices/gateway-crash.test.ts',
  'backend/devices/gateway-identity.test.ts',
];

const shown = new URL(url);
shown.password = '';
console.log(`PostgreSQL: the API, billing, crash and end-to-end tests again on ${shown.host}${shown.pathname}`);
const started = Date.now();
const run = (command, args) => {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEALER_CONSOLE_TEST_DATABASE_URL: url, DEALER_CONSOLE_E2E_DATABASE_URL: url },
  });
  if (result.status !== 0) {
    console.log(`PostgreSQL: ${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
};
run('npx', ['vitest', 'run', '--project', 'integration', ...PG_TESTS]);
const vitestSeconds = Math.round((Date.now() - started) / 1000);
run('npx', ['playwright', 'test']);
const totalSeconds = Math.round((Date.now() - started) / 1000);
console.log(`PostgreSQL: passed in ${totalSeconds} s (vitest ${vitestSeconds} s, e2e ${totalSeconds - vitestSeconds} s)`);
