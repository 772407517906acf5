import { describe, it, expect } from 'vitest';
import { splitInvariant, violations, INVARIANTS, type LastStep } from '../../../properties/index.js';
import { invariantProperties } from '../../../src/check/system-model.js';
import { violationsOf } from '../../../src/engine/judge.js';
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

describe('invariantProperties (an invariant as model properties of one claim)', () => {
  const t = { ...last, after: applyOp(s0, op).system };

  it('a split invariant is its step part (transition) and its state part (always), in the declared order, under one name', () => {
    expect(invariantProperties(both(true)).map((p) => [p.kind, p.name])).toEqual([
      ['transition', 'test-claim'],
      ['always', 'test-claim'],
    ]);
    expect(invariantProperties(both(false)).map((p) => p.kind)).toEqual(['always', 'transition']);
    // One verdict per claim: the first part that fails.
    expect(violationsOf(invariantProperties(both(true)), t.after, t)).toEqual([{ property: 'test-claim', message: 'step broken' }]);
    expect(violationsOf(invariantProperties(both(false)), t.after, t)).toEqual([{ property: 'test-claim', message: 'state broken' }]);
    // The initial state has no step: only the state part is judged.
    expect(violationsOf(invariantProperties(both(true)), s0, undefined)).toEqual([{ property: 'test-claim', message: 'state broken' }]);
    // What a transition into a state judged before needs again: the step part alone.
    expect(violationsOf(invariantProperties(both(false)).filter((p) => p.kind === 'transition'), t.after, t)).toEqual([{ property: 'test-claim', message: 'step broken' }]);
  });

  it('an invariant that declares the step parameter judges transitions (and, with no step, the state); one of the state alone is an always property', () => {
    const stepReading = INVARIANTS.find((p) => p.name === 'child-cannot-call-parent-only-hypercalls')!;
    const stateOnly = INVARIANTS.find((p) => p.name === 'no-frame-owned-twice')!;
    expect(invariantProperties(stepReading).map((p) => p.kind)).toEqual(['transition', 'always']);
    expect(invariantProperties(stateOnly).map((p) => p.kind)).toEqual(['always']);
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

describe('an invariant that reads the step says so', () => {
  it('every invariant whose check takes the step declares readsStep or is split into a state and a step part', () => {
    // The engines go by the declaration, never by the function's arity: a claim that reads `last` without saying so
    // would be judged once per distinct state and miss a bad step into a state seen before.
    const undeclared = INVARIANTS.filter((i) => i.check.length >= 2 && !i.readsStep && !i.parts).map((i) => i.name);
    expect(undeclared).toEqual([]);
    expect(INVARIANTS.filter((i) => i.readsStep).map((i) => i.name).sort()).toEqual([
      'balloon-pages-never-accessed',
      'cached-translation-enforces-slat-access',
      'child-cannot-call-parent-only-hypercalls',
      'host-balloons-until-target-or-floor',
      'host-ignores-out-of-state-messages',
      'host-maps-back-only-what-it-offers',
      'host-reclaims-only-requested-held-pages',
      'interrupt-delivered-only-to-running-vp-of-its-partition',
      'operator-balloon-request-keeps-minimum',
      'reader-wakes-waiting-writer-once-per-crossing',
      'ring-reader-stays-in-data-area',
      'ring-writer-signals-only-when-ring-becomes-non-empty',
      'root-simulates-intercepted-instruction-with-its-own-registers',
      'swapped-page-contents-come-back-unchanged',
      'synic-interrupt-only-on-delivery',
      'synic-messages-arrive-in-order',
      'unmap-returns-after-shootdown',
    ]);
  });
});
