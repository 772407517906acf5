import { expect, it } from 'vitest';
import { buildWorld, DM_DEMO_CONFIG, checkRandom, formatCounterexample, type BalancerPolicy } from '../../../src/index.js';

// The example of docs/dynamic-memory.md, checked: a user's own policy that ignores the maximum is caught.
it('the documented greedy balancer is caught breaking visible-memory-within-min-max', () => {
  const greedy: BalancerPolicy = ({ guests, available }) =>
    guests
      .filter((g) => !g.busy && g.committed !== null)
      .map((g) => ({ kind: 'hotAdd' as const, pid: g.pid, pages: Math.min(g.gpaPages - g.visible, available) }))
      .filter((d) => d.pages > 0);
  const world = { ...buildWorld(DM_DEMO_CONFIG), balancer: greedy };
  const r = checkRandom(world, { seed: 1, runs: 200, depth: 40 });
  expect(r.kind, 'seed 1').toBe('violated');
  if (r.kind !== 'violated') return;
  expect(r.counterexample.property).toBe('visible-memory-within-min-max');
  expect(formatCounterexample(r.counterexample, '-')).toContain('visible-memory-within-min-max');
  console.log(`greedy balancer: ${r.counterexample.ops.length} steps`);
});
