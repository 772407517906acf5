/**
 * hvspec's import rules: imports point down the layers
 * cli -> engines/report/coverage -> properties -> system -> models -> substrate
 * (a mechanism's ops.ts is part of the system, its faults.ts sits above it),
 * and no file imports itself through a cycle. `npm test` runs this check
 * (test/unit/dependencies.test.ts), and also fails on a cycle between folders.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A file reaches itself through its imports.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'substrate-is-the-floor',
      severity: 'error',
      comment: 'The substrate is plain data and pure functions: it imports nothing of the layers above.',
      from: { path: '^src/substrate/' },
      to: { path: '^(src/(?!substrate/)|models/|properties/|bench/|bin/)' },
    },
    {
      name: 'machines-know-no-system',
      severity: 'error',
      comment:
        "A mechanism machine is a specification: it imports only the substrate and its own mechanism. A mechanism's ops.ts (its op records) counts in the system layer, its faults.ts in the faults layer.",
      from: { path: '^models/[^/]+/(?!(faults|ops)\\.ts$)[^/]+$' },
      to: { path: '^(src/(?!substrate/)|properties/|bench/|bin/)' },
    },
    {
      name: 'system-knows-no-engine',
      severity: 'error',
      comment: "The system composes the mechanisms (a mechanism's op records in models/<mechanism>/ops.ts are part of it); engines, reports and the CLI sit above it.",
      from: { path: '^(src/(system|dynamic-memory)/|models/[^/]+/ops\\.ts$)' },
      to: { path: '^(src/(check|engine|cli|report|coverage|scenarios|faults)/|properties/|bench/|bin/)' },
    },
    {
      name: 'engines-know-no-cli',
      severity: 'error',
      comment: 'Engines and reports never import the command line.',
      from: { path: '^(src/(check|engine|report|coverage|scenarios|faults)/|properties/)' },
      to: { path: '^(src/cli/|bin/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The compiled package (bin/hvspec.mjs runs it) mirrors the sources checked here.
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
