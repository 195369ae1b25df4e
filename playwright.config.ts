import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests. Browser specs run in Debian's Chromium (no browser is downloaded) against a
 * `keytrail serve` that the global setup starts on a free port; the Electron spec launches the
 * app itself.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  globalSetup: './test/e2e/support/globalSetup.ts',
  // The specs share one served case and walk it in order.
  fullyParallel: false,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1600, height: 1000 },
  },
  projects: [
    {
      name: 'browser',
      testMatch: /\/(browser|export)[^/]*\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        headless: true,
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
    {
      name: 'electron',
      testMatch: /electron.*\.spec\.ts$/,
    },
  ],
});
