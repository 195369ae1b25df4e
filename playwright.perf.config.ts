import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';

/**
 * `npm run bench:chromium`: the workbench's speed in Debian's Chromium on a large case named by
 * KEYTRAIL_PERF_CASE (such as the one `KEYTRAIL_BENCH_CASE=... npm run bench:paths` keeps). Not
 * part of `npm test`: it needs a case of millions of events, which takes a long time to build.
 */
export default defineConfig({
  ...base,
  testDir: 'test/perf',
  globalSetup: './test/perf/perfSetup.ts',
  timeout: 600_000,
  expect: { timeout: 120_000 },
  // A trace snapshots the page at every action, which would be timed with it.
  use: { ...base.use, trace: 'off' },
  projects: (base.projects ?? [])
    .filter((p) => p.name === 'browser')
    .map((p) => ({ ...p, testMatch: /\.perf\.spec\.ts$/ })),
});
