import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';

/** Test files that replace a module with vi.mock. */
export const MOCKS_MODULES = ['test/e2e/files.test.ts'];

/** Test files that run the packed package in a project of its own (test/setup/packed.ts packs and installs it once). */
export const PACKED = ['test/e2e/package.test.ts', 'test/e2e/examples.test.ts'];

const SRC = resolve(import.meta.dirname, 'src');

export default defineConfig({
  // The examples import hvspec by its package name, as a user does; in this repository's tests that name is the sources.
  resolve: { alias: [{ find: /^hvspec$/, replacement: `${SRC}/index.ts` }, { find: /^hvspec\/(system|engine|report|vitest)$/, replacement: `${SRC}/api/$1.ts` }] },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Transformed modules are kept on disk between runs (node_modules/.experimental-vitest-cache), keyed by their content.
    experimental: { fsModuleCache: true },
    pool: 'forks',
    // Two workers: the machines this runs on have two cores, and the heavy files balance across them.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // The test files share a worker's loaded modules (no fresh module graph per file): it halves the suite's CPU time.
        test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: [...MOCKS_MODULES, ...PACKED], isolate: false },
      },
      {
        extends: true,
        // A fresh module graph per file: a file that replaces a module with vi.mock needs one (in a shared graph, files
        // before it have already loaded the real module).
        test: { name: 'own-graph', include: MOCKS_MODULES },
      },
      {
        extends: true,
        // The global setup runs only when one of these files runs: a focused run of other files packs nothing.
        test: { name: 'packed', include: PACKED, globalSetup: ['test/setup/packed.ts'] },
      },
    ],
  },
});
