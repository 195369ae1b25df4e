import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'electron/**/*.test.ts',
      'shared/**/*.test.ts',
      'renderer/**/*.test.ts',
      'samples/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    // Tests provoke failures on purpose; their log lines would read as real trouble.
    env: { KEYTRAIL_LOG_LEVEL: process.env.KEYTRAIL_LOG_LEVEL ?? 'silent' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
