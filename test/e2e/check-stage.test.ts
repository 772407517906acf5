/**
 * `hvspec check` with no --engine runs the explorer after the random stage
 * when every property held there, so that it fails on what only a search
 * finds. Kept cheap: a config module with a one-VP host and one small scope
 * of its own (the default scopes take seconds, run by `npm run check`).
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hvspecInProcess, scratch } from './cli.js';

const INDEX = JSON.stringify(resolve(import.meta.dirname, '../../src/index.ts'));

/**
 * A project whose random runs never delete a partition (weight 0), and whose
 * own scope does: `delete-ignores-pool` shows only in the search.
 */
function project(): string {
  const dir = scratch();
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    join(dir, 'hvspec.config.ts'),
    `import { defineConfig } from ${INDEX};

export default defineConfig({
  host: { frames: 4, hypervisorFrames: 1, rootFrames: 1, rootVps: 0, logicalProcessors: 1, tlbEntries: 1, maxIosInFlight: 0, maxMessagesOutstanding: 0, maxPagesPerCall: 1, partitions: [{ id: 'p1', vps: 1, gpaPages: 1 }] },
  weights: { deletePartition: 0 },
  scopes: [{ name: 'lifecycle', description: 'create, deposit, initialize, finalize, withdraw, delete', ops: ['createPartition', 'depositMemory', 'initializePartition', 'finalizePartition', 'withdrawMemory', 'deletePartition', 'tick'], goals: [] }],
});
`,
  );
  return dir;
}

describe('hvspec check without --engine: the random stage, then the explorer', () => {
  const dir = project();

  it('runs the search after the random runs, one line when it finds nothing, and exits with the worse of the two', async () => {
    const r = await hvspecInProcess(['check'], dir);
    // This tiny host leaves some goals of the random stage unreached (3); the search is complete and finds nothing.
    expect(r.status, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).toMatch(/invariants hold, but \d+ goals were never reached/);
    expect(r.stdout).toMatch(/\nexplorer: 1 scope complete, \d+ states, every property holds \(\d+\.\d s; hvspec explore prints each scope\)\n/);
    expect(r.stdout).toMatch(/coverage \(explore, random\)/);
  });

  it('a defect the random runs miss fails the check in the explorer stage, with the shortest counterexample', async () => {
    const r = await hvspecInProcess(['check', '--fault', 'delete-ignores-pool'], dir);
    expect(r.stdout).toMatch(/invariants hold/);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/✗ deleted-partition-holds-nothing/);
    expect(r.stdout).toMatch(/3\. deletePartition p1/);
  });

  it('--engine random, or a flag naming one random run, skips the explorer', async () => {
    for (const args of [['--engine', 'random'], ['--runs', '20']]) {
      // A project of its own: the failure saved above would be replayed first.
      const r = await hvspecInProcess(['check', '--fault', 'delete-ignores-pool', ...args], project());
      expect(r.status).not.toBe(1);
      expect(r.stdout).not.toMatch(/explorer/);
    }
  });
});
