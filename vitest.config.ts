import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two workers: the machines this runs on have two cores, and the heavy files balance across them.
    maxWorkers: 2,
  },
});
