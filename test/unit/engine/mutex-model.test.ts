/**
 * A second model, the two-process lock of examples/mutex-model/mutex.ts, through
 * every engine: the seam does not lean on hvspec's System.
 */
import { describe, expect, it } from 'vitest';
import { mutexModel, type MutexState, type MutexOp } from '../../../examples/mutex-model/mutex.js';
import { mutexCodec } from '../../../examples/mutex-model/threads.js';
import { exploreModel } from '../../../src/check/explore.js';
import { checkModel } from '../../../src/check/random.js';
import { runModel } from '../../../src/check/run.js';
import { exploreVerdicts, randomVerdicts } from '../../../src/check/verdicts.js';
import type { Model } from '../../../src/engine/model.js';
import type { StepObserver } from '../../../src/engine/observer.js';

const correct = mutexModel({ atomic: true, release: 2 });
/** The same lock without its liveness property (whose countdown is part of a state's identity in the explorer). */
const safetyOnly: Model<MutexState, MutexOp> = { ...correct, properties: correct.properties.filter((p) => p.kind !== 'eventually') };
const buggy = mutexModel({ atomic: false, release: 2 });

/** Distinct states by a plain breadth-first search over `actions` and `next` with the state as a JSON key. */
function reachable<S, A, O>(m: Model<S, A, O>, mirror?: (s: S) => S): number {
  const key = (s: S) => {
    const k = JSON.stringify(s);
    return mirror ? [k, JSON.stringify(mirror(s))].sort()[0]! : k;
  };
  const seen = new Set([key(m.initial())]);
  const queue = [m.initial()];
  for (let i = 0; i < queue.length; i++)
    for (const op of m.actions(queue[i]!)) {
      const n = m.next(queue[i]!, op);
      if (n && !seen.has(key(n.state))) {
        seen.add(key(n.state));
        queue.push(n.state);
      }
    }
  return seen.size;
}
const mirror = (s: MutexState): MutexState => ({ pc: [s.pc[1], s.pc[0]], locked: s.locked });

/** Counts what the engine tells its observers. */
function counter<S, A, O>() {
  const c = { applied: 0, skipped: 0 };
  const o: StepObserver<S, A, O> = { applied: () => void c.applied++, skipped: () => void c.skipped++ };
  return { c, o };
}

describe('a two-process lock on the Model interface', () => {
  it('explore: the atomic lock is complete, with its pinned state counts, and both-inside is unreachable', () => {
    const off = exploreModel(safetyOnly, { symmetry: false });
    expect(off.kind).toBe('complete');
    // Neither inside (idle or waiting each: 4, lock free) and one inside with the other idle or waiting (4, locked).
    expect(off.states).toBe(8);
    expect(off.states).toBe(reachable(correct));
    expect(off.invariants).toEqual(['mutual-exclusion', 'enters-only-when-free']);
    expect(off.liveness).toEqual([]);
    expect(off.unreached).toEqual(['both-inside']);
    expect(off.goals.find((g) => g.name === 'both-waiting')!.reachedIn).toBeGreaterThan(0);
    expect(off.deadlockCount).toBe(0);
    // Under symmetry a state and its mirror are one.
    const on = exploreModel(safetyOnly, { symmetry: true });
    expect(on.kind).toBe('complete');
    expect(on.states).toBe(5);
    expect(on.states).toBe(reachable(correct, mirror));
    // With the liveness property, a countdown is part of each state: one holding the lock with the other waiting is two
    // states, by whether the other came to wait before the lock was taken (countdown 2) or after (1); and its mirror.
    const live = exploreModel(correct, { symmetry: false });
    expect([live.kind, live.states, live.liveness]).toEqual(['complete', 10, ['lock-released']]);
    expect(exploreModel(correct).states).toBe(6);
  });

  it('explore with a byte codec of the model’s own: the same states, verdicts and counterexample as with fingerprints', () => {
    const codec = mutexCodec;
    for (const [model, symmetry] of [[safetyOnly, false], [safetyOnly, true], [correct, false], [correct, true], [buggy, false]] as const) {
      const plain = exploreModel(model, { symmetry });
      const coded = exploreModel({ ...model, codec }, { symmetry });
      expect(coded.frontierBytes).toBeGreaterThan(0);
      const { frontierBytes: _a, ...withCodec } = coded;
      const { frontierBytes: _b, ...withFingerprints } = plain;
      expect(withCodec).toEqual(withFingerprints);
    }
  });

  it('explore: the split lock breaks mutual exclusion, by a shortest path of 6 steps', () => {
    const r = exploreModel(buggy, { symmetry: false });
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    expect(r.counterexample.property).toBe('mutual-exclusion');
    // The transition property judges the same step: the second process took a lock already held.
    expect(r.counterexample.alsoViolated).toEqual(['enters-only-when-free']);
    expect(r.counterexample.ops.map(buggy.describe)).toEqual(['p0 request', 'p0 test', 'p1 request', 'p1 test', 'p0 set', 'p1 set']);
    expect(r.depth).toBe(6);
    expect(exploreVerdicts(r)).toEqual([
      { name: 'mutual-exclusion', verdict: { kind: 'violated', message: 'both processes are in their critical sections' } },
      { name: 'enters-only-when-free', verdict: { kind: 'violated' } },
      { name: 'lock-released', verdict: { kind: 'bounded' } },
    ]);
    // Replay: the ops alone reproduce it, at their last step.
    const replay = runModel(buggy, r.counterexample.ops);
    expect(replay.violation).toMatchObject({ property: 'mutual-exclusion', step: 6 });
  });

  it('explore: a transition property is judged on a step into a state seen before', () => {
    // The first exit returns to the initial state, which the explorer has stored and judged: only the step is new.
    const noExit: Model<MutexState, MutexOp> = {
      ...safetyOnly,
      properties: [{ kind: 'transition', name: 'never-exits', description: 'No process exits.', check: (t) => (t.op.type === 'exit' ? `p${t.op.p} exited` : null) }],
    };
    const r = exploreModel(noExit, { symmetry: false });
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    expect(r.counterexample.ops.map(correct.describe)).toEqual(['p0 request', 'p0 enter', 'p0 exit']);
    expect(runModel(noExit, r.counterexample.ops).final).toEqual(correct.initial());
  });

  it('explore: liveness within K: the lock is released within 2 steps, not within 1', () => {
    const loose = exploreModel(correct);
    expect(loose.kind).toBe('complete');
    expect(exploreVerdicts(loose).map((v) => v.verdict.kind)).toEqual(['holds', 'holds', 'holds']);
    // A limit that ends the search first leaves every claim bounded.
    const cut = exploreModel(correct, { maxDepth: 2 });
    expect(cut.kind).toBe('bounded');
    expect(exploreVerdicts(cut).map((v) => v.verdict.kind)).toEqual(['bounded', 'bounded', 'bounded']);
    const tight = exploreModel(mutexModel({ atomic: true, release: 1 }), { symmetry: false });
    expect(tight.kind).toBe('violated');
    if (tight.kind !== 'violated') return;
    expect(tight.counterexample.property).toBe('lock-released');
    expect(tight.counterexample.message).toBe('A process that holds the lock releases it: not settled within 1 step');
    expect(tight.counterexample.ops.map(correct.describe)).toEqual(['p0 request', 'p0 enter', 'p1 request']);
  });

  it('random: finds the split lock bug and shrinks it to the minimal 6 steps; the same seed gives the same result', () => {
    const { c, o } = counter<MutexState, MutexOp, undefined>();
    const r = checkModel(buggy, { seed: 7, runs: 200, depth: 20, observers: [o] });
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    expect(r.counterexample.property).toBe('mutual-exclusion');
    expect(r.counterexample.ops).toHaveLength(6);
    expect(r.counterexample.shrinks).toBeGreaterThan(0);
    expect(randomVerdicts(r).map((v) => v.verdict.kind)).toEqual(['violated', 'violated']);
    expect(runModel(buggy, r.counterexample.ops).violation?.property).toBe('mutual-exclusion');
    // Observers are told the ops of the generated runs exactly once; shrinking's runs are not told.
    expect(c).toEqual({ applied: r.steps, skipped: 0 });
    expect(checkModel(buggy, { seed: 7, runs: 200, depth: 20 })).toEqual(r);
  });

  it('random: the atomic lock holds; the goal it cannot reach is reported, not success', () => {
    const r = checkModel(correct, { seed: 3, runs: 100, depth: 20 });
    expect(r.kind).toBe('unreached');
    if (r.kind !== 'unreached') return;
    expect(r.unreached).toEqual(['both-inside']);
    expect(r.goals.find((g) => g.name === 'both-waiting')!.reachedIn).toBeGreaterThan(0);
    expect(r.invariants.map((i) => i.status)).toEqual(['holds', 'holds']);
    expect(randomVerdicts(r).map((v) => [v.name, v.verdict.kind])).toEqual([
      ['mutual-exclusion', 'holds'],
      ['enters-only-when-free', 'holds'],
    ]);
  });

  it('replay: an op that is not enabled is skipped and told as skipped; liveness runs along the trace', () => {
    const { c, o } = counter<MutexState, MutexOp, undefined>();
    const ops: MutexOp[] = [
      { type: 'exit', p: 0 },
      { type: 'request', p: 0 },
      { type: 'enter', p: 0 },
      { type: 'request', p: 1 },
    ];
    const r = runModel(mutexModel({ atomic: true, release: 1 }), ops, [o]);
    expect(r.skippedCount).toBe(1);
    expect(c).toEqual({ applied: 3, skipped: 1 });
    expect(r.violation).toMatchObject({ property: 'lock-released', step: 3 });
    expect(r.reached).toEqual(new Set());
  });
});
