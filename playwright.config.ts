import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the real backend and the built renderer in browser mode
 * (e2e/global-setup.ts starts `dealer-console serve` on a free port and seeds it).
 * Browsers cannot be downloaded here: Debian's chromium is used.
 */
export const chromiumPath = process.env.DEALER_CONSOLE_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  // One server with shared data: tests run one at a time, in file order.
  workers: 1,
  fullyParallel: false,
  // One retry on CI, so a machine hiccup does not fail the run; a real failure fails twice.
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
});
