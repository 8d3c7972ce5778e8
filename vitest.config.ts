import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Temp folders of the run live under one folder that is removed at the end (no leaks).
    globalSetup: ['test/helpers/temp-root.global.ts'],
    setupFiles: ['test/helpers/temp-root.setup.ts'],
  },
});
