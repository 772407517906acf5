import { describe, expect, it } from 'vitest';
import { policyIdentity } from '../../../src/check/policy-identity.js';
import { defaultBalancer, type BalancerPolicy } from '../../../src/dynamic-memory/balancer.js';
import { buildWorld, faultByName } from '../../../src/faults/build-world.js';
import { checkRandom } from '../../../src/check/random.js';
import { toTraceFile, traceId } from '../../../src/check/failures.js';
import { decodeTrace, encodeTrace } from '../../../src/check/trace-file.js';
import { FAULTS } from '../../../src/faults/catalogue.js';

describe('the identity of a balancer policy', () => {
  it('is none for the default, the same for the same source, another for another source', () => {
    expect(policyIdentity(undefined)).toBeUndefined();
    const a: BalancerPolicy = () => [];
    const b: BalancerPolicy = () => [];
    const c: BalancerPolicy = (input) => defaultBalancer(input);
    expect(policyIdentity(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(policyIdentity(b)).toBe(policyIdentity(a));
    expect(policyIdentity(c)).not.toBe(policyIdentity(a));
  });

  it('is recorded in the counterexample and its saved trace, and round-trips through the trace file', () => {
    const fault = faultByName('balancer-ignores-maximum')!;
    const world = buildWorld(fault.config!, [fault.name]);
    const r = checkRandom(world, { seed: 1, runs: 200, depth: 40, ...(fault.weights ? { weights: fault.weights } : {}) });
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    expect(r.counterexample.balancer).toBe(policyIdentity(world.balancer));
    const t = toTraceFile(r.counterexample);
    expect(t.balancer).toBe(policyIdentity(world.balancer));
    const back = decodeTrace(encodeTrace(t), FAULTS);
    expect(back).toEqual(t);
    // Another policy, the same violation otherwise: another file.
    expect(traceId({ ...t, balancer: '0123456789abcdef' })).not.toBe(traceId(t));
    expect(() => decodeTrace(encodeTrace({ ...t, balancer: 'not hex' }), FAULTS)).toThrow(/"balancer" must be 16 hex digits, got "not hex"/);
  });
});
