/**
 * A user's `hvspec.config.ts`, found in the working directory or given with
 * `--config`: its balancer policy, properties and faults are run by
 * `hvspec check` and `hvspec explore`; an error inside it is exit 2 with one
 * line naming the file and line; a policy that throws is `policy-threw`.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hvspec, hvspecInProcess, scratch } from './cli.js';

const INDEX = JSON.stringify(resolve(import.meta.dirname, '../../src/index.ts'));

/** One Dynamic Memory guest (16 pages, 8 to 24, address space 32) on a small host, its waits shortened. */
const HOST = `{
    frames: 96, hypervisorFrames: 8, rootFrames: 16, logicalProcessors: 1, tlbEntries: 4, maxPagesPerCall: 3,
    maxIosInFlight: 0, maxMessagesOutstanding: 0,
    partitions: [{ id: 'p1', vps: 1, gpaPages: 32, dynamicMemory: { startupPages: 16, minPages: 8, maxPages: 24, committedPages: 4 } }],
    dynamicMemoryTuning: { statusHoldbackTicks: 0, postInitTicks: 0, replyTimeoutTicks: 1 },
  }`;

/** A balancer that hot-adds every idle guest up to its whole address space, past its maximum. */
const GREEDY = `(input) =>
    input.guests
      .filter((g) => !g.busy && !g.hotAddRefused && g.visible < g.gpaPages && input.available > 0)
      .map((g) => ({ kind: 'hotAdd' as const, pid: g.pid, pages: Math.min(g.gpaPages - g.visible, input.available) }))`;

/** Op weights that make the random runs start the guest and run the balancer often. */
const WEIGHTS = `{ dmStart: 40, dmSettle: 40, dmBalance: 40, dmGuestWork: 40 }`;

/** The Dynamic Memory ops of a small explore scope. */
const DM_SCOPE = `{ name: 'dm', description: 'the guest starts and the balancer runs', ops: ['dmStart', 'dmSettle', 'dmBalance', 'dmGuestWork'] }`;

/** A scratch folder (an ES module package) holding `file` with `body` after the import of defineConfig. */
function project(body: string, file = 'hvspec.config.ts'): string {
  const dir = scratch();
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, file), `import { defineConfig } from ${INDEX};\n\n${body}\n`);
  return dir;
}

/** Exit 2, nothing on stdout, one line on stderr matching `why`. */
function expectOneLine(r: { status: number; stdout: string; stderr: string }, why: RegExp): void {
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n'), r.stderr).toHaveLength(2);
  expect(r.stderr.split('\n')[0]).toMatch(why);
  expect(r.status).toBe(2);
}

describe('hvspec.config.ts', () => {
  it('a greedy balancer found in the working directory is caught by check and explore with a counterexample', async () => {
    const dir = project(`export default defineConfig({\n  host: ${HOST},\n  weights: ${WEIGHTS},\n  scopes: [${DM_SCOPE}],\n  balancer: ${GREEDY},\n});`);
    const check = await hvspecInProcess(['check', '--runs', '40', '--depth', '20'], dir);
    expect(check.status, check.stderr).toBe(1);
    expect(check.stdout).toContain('config hvspec.config.ts (1 child partition (p1)');
    expect(check.stdout).toMatch(/✗ visible-memory-within-min-max {2}violated after \d+ steps/);
    expect(check.stdout).toMatch(/dmBalance .*balancer: hotAdd 16 page\(s\) for p1/);
    expect(check.stdout).toContain('p1 sees 32 pages, above its maximum of 24');
    const explore = await hvspecInProcess(['explore', '--max-states', '5000'], dir);
    expect(explore.status, explore.stderr).toBe(1);
    expect(explore.stdout).toContain('hvspec explore · dm: the guest starts and the balancer runs · hvspec.config.ts');
    expect(explore.stdout).toMatch(/✗ visible-memory-within-min-max {2}violated after 5 steps \(shortest/);
  });

  it('the example config (examples/greedy-balancer) given with --config is caught the same way', async () => {
    const r = await hvspecInProcess(['check', '--config', resolve(import.meta.dirname, '../../examples/greedy-balancer/hvspec.config.ts'), '--runs', '40', '--depth', '20']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/✗ visible-memory-within-min-max {2}violated after 5 steps/);
  });

  it("runs the user's property, and the user's fault selected with --fault is caught by it", async () => {
    const body = `
const hostBacksAtMostMaximum = {
  kind: 'always' as const,
  name: 'host-backs-at-most-maximum',
  description: 'The host never backs more pages for a guest than its maximum, counting a hot-add under way.',
  check: (s: any) => {
    for (const p of s.world.config.partitions) {
      const g = s.dm[p.id];
      const backed = g ? g.hostVisible + (g.hostHotAdd?.pageCnt ?? 0) : 0;
      if (p.dynamicMemory && backed > p.dynamicMemory.maxPages) return \`the host backs \${backed} pages of \${p.id}, above \${p.dynamicMemory.maxPages}\`;
    }
    return null;
  },
};

export default defineConfig({
  host: ${HOST},
  weights: ${WEIGHTS},
  scopes: [${DM_SCOPE}],
  properties: [hostBacksAtMostMaximum],
  faults: [{ name: 'greedy-balancer', description: 'Hot-adds past the maximum.', breaks: ['host-backs-at-most-maximum'], balancer: ${GREEDY} }],
});`;
    const dir = project(body, 'my.config.ts');
    const clean = await hvspecInProcess(['check', '--config', 'my.config.ts', '--runs', '20', '--depth', '20', '--json'], dir);
    const doc = JSON.parse(clean.stdout) as { kind: string; invariants: { name: string; status: string }[] };
    expect(doc.kind, clean.stderr).not.toBe('violated');
    expect(doc.invariants).toContainEqual({ name: 'host-backs-at-most-maximum', status: 'holds' });
    const faulty = await hvspecInProcess(['check', '--config', 'my.config.ts', '--fault', 'greedy-balancer', '--runs', '40', '--depth', '20'], dir);
    expect(faulty.status, faulty.stderr).toBe(1);
    expect(faulty.stdout).toMatch(/✗ host-backs-at-most-maximum {2}violated after 3 steps/);
    expect(faulty.stdout).toContain('the host backs 32 pages of p1, above 24');
    expect(faulty.stdout).toContain('faults: greedy-balancer');
    const listed = await hvspecInProcess(['faults', '--config', 'my.config.ts'], dir);
    expect(listed.stdout).toMatch(/^greedy-balancer +Hot-adds past the maximum\.\n +breaks: host-backs-at-most-maximum\n$/m);
    expect(listed.stdout).toMatch(/^map-skips-scrub /m);
    const explored = await hvspecInProcess(['explore', '--config', 'my.config.ts', '--fault', 'greedy-balancer'], dir);
    expect(explored.status, explored.stderr).toBe(1);
    expect(explored.stdout).toMatch(/✗ host-backs-at-most-maximum {2}violated after 3 steps/);
  });

  it('a policy that throws is the violation policy-threw, with its shrunk counterexample', async () => {
    const body = `export default defineConfig({
  host: ${HOST},
  weights: ${WEIGHTS},
  balancer: (input) => {
    if (input.guests.some((g) => g.pressure !== null)) throw new Error('pressure is not handled yet');
    return [];
  },
});`;
    const r = await hvspecInProcess(['check', '--runs', '40', '--depth', '20'], project(body));
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/✗ policy-threw {2}violated after \d+ steps \(shrunk/);
    expect(r.stdout).toContain('the balancer policy threw: pressure is not handled yet');
  });

  it('a syntax error, a throw while loading and a wrong shape are exit 2 with one line naming the file and line', async () => {
    expectOneLine(await hvspecInProcess(['check'], project(`export default defineConfig({\n  host: { frames: },\n});`)), /^hvspec: config hvspec\.config\.ts:4: Unexpected "}"$/);
    // Spawned: the binary as a user runs it, its loader and Node's source maps giving the line.
    expectOneLine(hvspec(['explore'], project(`throw new Error('no host today');`)), /^hvspec: config hvspec\.config\.ts:3: no host today$/);
    expectOneLine(await hvspecInProcess(['check', '--config', 'c.mts'], project(`export default defineConfig({ balancer: 3 as never });`, 'c.mts')), /^hvspec: config c\.mts:3: balancer must be a function/);
    expectOneLine(await hvspecInProcess(['check'], project(`export default defineConfig({ host: { frames: -1 } });`)), /^hvspec: config hvspec\.config\.ts:3: host: .*frames/);
  });
});
