import { describe, it, expect } from 'vitest';
import { splitInvariant, violations, INVARIANTS, type LastStep } from '../../../properties/index.js';
import { stepPart } from '../../../src/check/explore.js';
import { initialSystem, standardWorld } from '../../../src/system/system.js';
import { EXPLORE_CONFIG } from '../../../src/check/explore-config.js';
import { applyOp } from '../../../src/system/step.js';

const s0 = initialSystem(standardWorld(EXPLORE_CONFIG));
const op = { type: 'createPartition', pid: 'p1' } as const;
const last: LastStep = { before: s0, op, outcome: applyOp(s0, op).outcome };

const both = (stepFirst: boolean) =>
  splitInvariant({ kind: 'always', name: 'test-claim', description: 'test', stepFirst, state: () => 'state broken', step: () => 'step broken' });

describe('splitInvariant', () => {
  it('judges both parts, in the declared order', () => {
    expect(both(true).check(s0, last)).toBe('step broken');
    expect(both(false).check(s0, last)).toBe('state broken');
  });

  it('judges only the state part when there is no step (the initial state)', () => {
    expect(both(true).check(s0, undefined)).toBe('state broken');
  });

  it('reports the other part when one holds', () => {
    const onlyStep = splitInvariant({ kind: 'always', name: 'x', description: 'x', stepFirst: false, state: () => null, step: () => 'step broken' });
    const onlyState = splitInvariant({ kind: 'always', name: 'x', description: 'x', stepFirst: true, state: () => 'state broken', step: () => null });
    expect(onlyStep.check(s0, last)).toBe('step broken');
    expect(onlyState.check(s0, last)).toBe('state broken');
    expect(violations([onlyStep, onlyState], s0, last).map((v) => v.message)).toEqual(['step broken', 'state broken']);
  });
});

describe('stepPart (what the explorer judges again on a transition into a state seen before)', () => {
  it('is the step half of a split invariant, and ignores its state half', () => {
    const p = stepPart(both(false))!;
    expect(p.name).toBe('test-claim');
    expect(p.check(s0, last)).toBe('step broken');
    expect(p.check(s0, undefined)).toBeNull();
  });

  it('is the whole check of an invariant that declares the step parameter, and nothing for one of the state alone', () => {
    const stepReading = INVARIANTS.find((p) => p.name === 'child-cannot-call-parent-only-hypercalls')!;
    const stateOnly = INVARIANTS.find((p) => p.name === 'no-frame-owned-twice')!;
    expect(stepPart(stepReading)).toBe(stepReading);
    expect(stepPart(stateOnly)).toBeNull();
  });

  it('the catalogue splits the claims that judge both a state and a step', () => {
    expect(INVARIANTS.filter((p) => p.parts).map((p) => p.name)).toEqual([
      'no-cross-partition-data-leak',
      'intercepted-instruction-completes-only-after-root-reply',
      'every-intercept-answered-once',
      'register-state-consistent-after-intercept',
      'no-interrupt-delivered-twice',
    ]);
  });
});
