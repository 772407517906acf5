import { defineConfig } from 'vitest/config';

/** Test files that replace a module with vi.mock. */
export const MOCKS_MODULES = ['test/e2e/files.test.ts'];

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
        test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: ['test/unit/bench/**', ...MOCKS_MODULES], isolate: false },
      },
      {
        extends: true,
        // A file that replaces a module with vi.mock needs a module graph of its own: in a shared one, files before it have already loaded the real module.
        test: { name: 'mocks', include: MOCKS_MODULES },
      },
      {
        extends: true,
        // The profiler test charges samples to source files: it runs in a fresh module graph of its own.
        test: { name: 'profile', include: ['test/unit/bench/**/*.test.ts'] },
      },
    ],
  },
});
