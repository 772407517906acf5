import { describe, it, expect } from 'vitest';
import { explorerProfile } from '../../../bench/explorer-profile.js';
import { VMBUS_SCOPE } from '../../../src/check/explore-config.js';

describe('explorerProfile (the bench: where the explorer spends its time)', () => {
  // The bench profiles the memory scope (7788 states); the vmbus scope (3993 states, also pinned by the explore e2e test) keeps this test small.
  it('charges nearly every sample of a whole search to a named phase, and states the budget of the target', () => {
    const p = explorerProfile(300_000, VMBUS_SCOPE);
    expect(p).toMatchObject({ scope: 'vmbus', states: 3993, transitions: 14552, transitionsPerState: 3.64 });
    expect(p.budgetMicrosecondsPerTransition).toBeCloseTo(1e6 / (300_000 * (14552 / 3993)), 2);
    for (const phase of ['step', 'fingerprint', 'invariants and goals', 'op listing', 'search loop']) expect(p.phases[phase]?.share ?? 0).toBeGreaterThan(0);
    const shares = Object.values(p.phases).map((f) => f.share);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);
    // A source file moved out of its phase's pattern would show up here.
    expect(p.phases.other?.share ?? 0).toBeLessThan(0.15);
  });
});
