import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two workers: the machines this runs on have two cores, and the heavy files balance across them.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // The test files share a worker's loaded modules (no fresh module graph per file): it halves the suite's CPU time.
        test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: ['test/unit/bench/**'], isolate: false },
      },
      {
        extends: true,
        // The profiler test charges samples to source files: it runs in a fresh module graph of its own.
        test: { name: 'profile', include: ['test/unit/bench/**/*.test.ts'] },
      },
    ],
  },
});
