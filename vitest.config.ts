import { configDefaults, defineConfig } from 'vitest/config';

const ALL_TESTS = ['backend/**/*.test.ts', 'shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'];

/**
 * Test files that are not unit tests. The rule: a unit test is pure logic that runs inside the test
 * process alone. It may read fixture files, but it opens no data folder (no Backend, DurableStore or
 * tracking store on a temp dir: those mean scrypt logins and fdatasync'd journals), listens on or
 * connects to no socket, spawns no process (serve, openssl, mount), injects no disk faults and runs
 * no long crash or fuzz loop. Every other test file matches a glob below and belongs to the
 * "integration" project; a new test that breaks the rule must be added here.
 * `npm run test:unit` runs only the "unit" project (under a minute); `vitest run` (`npm test`) runs both.
 */
const INTEGRATION_TESTS = [
  // serve/bill/admin CLI processes, the desktop settings file and openssl certificates, the import graph of the whole tree
  'backend/*.test.ts',
  // an in-process Backend on a temp data folder, called through dispatch
  'backend/methods/**/*.test.ts',
  'backend/api/storage-faults.test.ts',
  'backend/billing/billing-scheduler.test.ts',
  // HTTP, WebSocket and TLS servers
  'backend/http/**/*.test.ts',
  // the journal, snapshots, DurableStore, crash children and real disk faults
  'backend/storage/**/*.test.ts',
  // the device gateway over TCP, the tracking store on disk, tmpfs fills, crash and fuzz runs
  'backend/devices/gateway*.test.ts',
  'backend/devices/disk-full.test.ts',
  'backend/devices/tracking-store.test.ts',
  'backend/devices/tracking/{disk-full,faults,modes,reads,recovery}.test.ts',
  'backend/devices/protocols/fuzz.test.ts',
  'backend/devices/simulator/{backend-gateway,cli,simulated-device}.test.ts',
  // a TLS WebSocket server
  'electron/console-client.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // `include` is set per project only: `extends` concatenates arrays, so a root include would add every file to both.
    projects: [
      { extends: true, test: { name: 'unit', include: ALL_TESTS, exclude: [...configDefaults.exclude, ...INTEGRATION_TESTS] } },
      { extends: true, test: { name: 'integration', include: INTEGRATION_TESTS } },
    ],
  },
});
