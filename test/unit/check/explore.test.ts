import { describe, it, expect } from 'vitest';
import { explore, type ExploreResult } from '../../../src/check/explore.js';
import { EXPLORE_CONFIG, TLB_EXPLORE_CONFIG, MEMORY_OPS, MEMORY_SCOPE, DM_EXPLORE_CONFIG, withinDmBudget, dmTicksSpent } from '../../../src/check/explore-config.js';
import { standardWorld } from '../../../src/system/system.js';
import { type Op, type OpType } from '../../../src/system/ops.js';
import { runTrace } from '../../../src/check/run.js';
import { Hasher } from '../../../src/check/fingerprint.js';
import { type Invariant, GOALS, splitInvariant } from '../../../properties/index.js';

const world = standardWorld(EXPLORE_CONFIG);
/** The goals of the memory scope: partition, memory, scheduler and TLB. */
const spineGoals = GOALS.filter((g) => MEMORY_SCOPE.goals.includes(g.name));
const LIFECYCLE: OpType[] = ['createPartition', 'depositMemory', 'withdrawMemory', 'initializePartition', 'mapGpaPages', 'unmapGpaPages', 'finalizePartition', 'deletePartition'];
const allDeleted = (s: Parameters<NonNullable<Parameters<typeof explore>[1]>['isFinal'] & {}>[0]) =>
  EXPLORE_CONFIG.partitions.every((p) => s.partitions[p.id]?.machine.value === 'deleted');

const summary = (r: ExploreResult) => ({ kind: r.kind, states: r.states, transitions: r.transitions, depth: r.depth });

describe('exact state spaces (any change to the model shows here)', () => {
  it('default config, hypercalls only: 155 states with symmetry, 298 without', () => {
    const sym = explore(world, { opTypes: LIFECYCLE, isFinal: allDeleted });
    const plain = explore(world, { opTypes: LIFECYCLE, isFinal: allDeleted, symmetry: false });
    expect(summary(sym)).toEqual({ kind: 'complete', states: 155, transitions: 629, depth: 14 });
    expect(summary(plain)).toEqual({ kind: 'complete', states: 298, transitions: 1220, depth: 14 });
    expect(sym.deadlockCount).toBe(0);
    expect(plain.deadlockCount).toBe(0);
  });

  it('the object frontier (a model without a codec: fingerprints, ghost facts kept): 169 states with symmetry, 326 without', () => {
    const sym = explore(world, { opTypes: LIFECYCLE, isFinal: allDeleted, objectFrontier: true });
    const plain = explore(world, { opTypes: LIFECYCLE, isFinal: allDeleted, symmetry: false, objectFrontier: true });
    expect(summary(sym)).toEqual({ kind: 'complete', states: 169, transitions: 712, depth: 14 });
    expect(summary(plain)).toEqual({ kind: 'complete', states: 326, transitions: 1386, depth: 14 });
    expect([sym.frontierBytes, plain.frontierBytes]).toEqual([0, 0]);
  });

  it('default config, hypercalls and scheduling: 530 states with symmetry, 1048 without', () => {
    const types: OpType[] = [...LIFECYCLE, 'dispatchVp', 'descheduleVp'];
    const sym = explore(world, { opTypes: types, goals: spineGoals });
    const plain = explore(world, { opTypes: types, symmetry: false, goals: spineGoals });
    expect(summary(sym)).toEqual({ kind: 'complete', states: 530, transitions: 2968, depth: 15 });
    expect(summary(plain)).toEqual({ kind: 'complete', states: 1048, transitions: 5892, depth: 15 });
    expect(sym.frontierBytes).toBeGreaterThan(0);
    // Without guest accesses no TLB entry is ever filled, so that goal is unreachable, and the search says so.
    expect(sym.unreached).toEqual(['guest-access-hits-tlb']);
    expect(plain.unreached).toEqual(['guest-access-hits-tlb']);
  });

  it('one child partition: symmetry has nothing to merge', () => {
    const one = standardWorld({ ...EXPLORE_CONFIG, partitions: [EXPLORE_CONFIG.partitions[0]!] });
    expect(summary(explore(one, { opTypes: MEMORY_OPS }))).toEqual({ kind: 'complete', states: 114, transitions: 588, depth: 10 });
    expect(summary(explore(one, { opTypes: MEMORY_OPS, symmetry: false }))).toEqual({ kind: 'complete', states: 114, transitions: 588, depth: 10 });
  });
});

describe('deadlocks', () => {
  it('reports states where no op applies, with a shortest path, unless declared final', () => {
    const r = explore(world, { opTypes: LIFECYCLE });
    expect(r.kind).toBe('complete');
    expect(r.deadlockCount).toBe(6);
    expect(r.deadlocks.length).toBe(5);
    // The first deadlock found is the shallowest: both children created, funded, and deleted again.
    const d = r.deadlocks[0]!;
    const final = runTrace(world, d.ops, []).final;
    expect(allDeleted(final)).toBe(true);
    expect(d.ops.length).toBe(d.depth);
    expect(explore(world, { opTypes: LIFECYCLE, isFinal: allDeleted }).deadlockCount).toBe(0);
  });
});

describe('bounded searches are never reported as complete', () => {
  it('max states', () => {
    const r = explore(world, { maxStates: 1000, opTypes: MEMORY_OPS });
    expect(r.kind).toBe('bounded');
    if (r.kind === 'bounded') expect(r.reason).toBe('max-states');
    expect(r.states).toBe(1000);
  });
  it('max depth', () => {
    const r = explore(world, { maxDepth: 3, opTypes: MEMORY_OPS });
    expect(r.kind).toBe('bounded');
    if (r.kind === 'bounded') expect(r.reason).toBe('max-depth');
    expect(r.depth).toBe(3);
  });
  it('a stop request, polled after every expanded state, with progress reported on the way', () => {
    const seen: number[] = [];
    let polls = 0;
    const r = explore(world, { opTypes: MEMORY_OPS, progressEvery: 1, onProgress: (p) => seen.push(p.states), shouldStop: () => ++polls === 300 });
    // One poll per expanded state, then the progress: the 300th poll stops the search after 300 states were expanded, 299 of them reported.
    expect(polls).toBe(300);
    expect(seen).toHaveLength(299);
    expect(r.kind).toBe('bounded');
    if (r.kind === 'bounded') expect(r.reason).toBe('stopped');
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe('counterexamples', () => {
  it('replay through runTrace to the same violation at the last step', () => {
    const claim: Invariant = { kind: 'always', name: 'no-child-is-active', description: 'test claim', check: (s) => (Object.entries(s.partitions).some(([id, p]) => id !== 'root' && p.machine.value === 'active') ? 'a child is active' : null) };
    const r = explore(world, { invariants: [claim], opTypes: MEMORY_OPS });
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    const replay = runTrace(world, r.counterexample.ops, [claim]);
    expect(replay.violation?.property).toBe('no-child-is-active');
    expect(replay.violation?.step).toBe(r.counterexample.ops.length);
    // create, deposit, initialize: the shortest way to an active child.
    expect(r.counterexample.ops.map((o) => o.type)).toEqual(['createPartition', 'depositMemory', 'initializePartition']);
    expect(r.counterexample.engine).toBe('explore');
    expect(r.counterexample.steps.map((s) => s.op)).toEqual(r.counterexample.ops);
  });

  it('a violation in the initial state has no ops', () => {
    const r = explore(world, { invariants: [{ kind: 'always', name: 'never', description: 'test claim', check: () => 'always false' }] });
    expect(r.kind).toBe('violated');
    if (r.kind === 'violated') expect(r.counterexample.ops).toEqual([]);
  });
});

describe('bounded liveness', () => {
  const activeSoonDeleted = (within: number) => ({
    kind: 'eventually' as const,
    name: 'created-child-initialized-soon',
    description: 'test claim',
    trigger: (_s: never, last?: { op: { type: string } }) => last?.op.type === 'createPartition',
    satisfied: (s: { partitions: Record<string, { machine: { value: unknown } }> }) =>
      Object.entries(s.partitions).every(([id, p]) => id === 'root' || p.machine.value !== 'uninitialized'),
    withinSteps: within,
  });
  it('a countdown that runs out is a shortest counterexample of trigger + K steps', () => {
    for (const k of [0, 1, 2]) {
      const r = explore(world, { opTypes: LIFECYCLE, invariants: [], goals: [], liveness: [activeSoonDeleted(k) as never] });
      expect(r.kind).toBe('violated');
      if (r.kind !== 'violated') continue;
      expect(r.counterexample.property).toBe('created-child-initialized-soon');
      expect(r.counterexample.ops.length).toBe(1 + k);
    }
  });
  it('the countdown is part of the state: states that differ only in it are told apart', () => {
    const justCreated = { ...activeSoonDeleted(2), satisfied: (_s: unknown, last?: { op: { type: string } }) => last?.op.type !== 'createPartition' };
    const plain = explore(world, { opTypes: LIFECYCLE, invariants: [], goals: [], liveness: [] });
    const counted = explore(world, { opTypes: LIFECYCLE, invariants: [], goals: [], liveness: [justCreated as never] });
    expect(plain.kind).toBe('complete');
    expect(counted.kind).toBe('complete');
    expect(counted.states).toBeGreaterThan(plain.states);
  });
});

describe('a Dynamic Memory budget', () => {
  const dmWorld = standardWorld(DM_EXPLORE_CONFIG);
  const budget = withinDmBudget({ transactions: 1, messages: 3 });
  const after = (ops: readonly Op[]) => runTrace(dmWorld, ops, []).final;
  const boot: Op[] = [{ type: 'dmStart', pid: 'p1' }, { type: 'dmSettle', pid: 'p1' }];
  const tick: Op = { type: 'tick' };
  const balloon: Op = { type: 'dmBalloon', pid: 'p1', pages: 1 };

  it('stops time once the guest has sent its messages, and requests once its transactions are closed', () => {
    // Nothing started: time passes and requests are allowed.
    expect(budget(tick, after([]))).toBe(true);
    // Negotiated with a fallback: version 2.0 (refused), version 1.0, capabilities are the guest's three messages.
    const ready = after(boot);
    expect(ready.dm.p1!.guestTransId).toBe(3);
    expect(budget(tick, ready)).toBe(false);
    expect(budget(balloon, ready)).toBe(true);
    expect(budget({ type: 'dmBalance' }, ready)).toBe(true);
    // One balloon transaction, answered: the VSP closed it, so no other starts.
    const done = after([...boot, balloon, { type: 'dmSettle', pid: 'p1' }, { type: 'dmGuestWork', pid: 'p1' }, { type: 'dmSettle', pid: 'p1' }]);
    expect(done.dm.p1!.hostTransId).toBe(1);
    for (const op of [balloon, { type: 'dmUnballoon', pid: 'p1', pages: 1 }, { type: 'dmHotAdd', pid: 'p1', pages: 1 }, { type: 'dmBalance' }] as Op[]) expect(budget(op, done)).toBe(false);
    // Everything else stays: deliveries, the guest's work, accesses.
    expect(budget({ type: 'dmGuestWork', pid: 'p1' }, done)).toBe(true);
    expect(budget({ type: 'guestAccess', lp: 0, gva: 0x10, write: false }, done)).toBe(true);
    expect(dmTicksSpent({ transactions: 1, messages: 3 })(done)).toBe(true);
    expect(dmTicksSpent({ transactions: 1, messages: 6 })(done)).toBe(false);
  });
});

describe('judging split invariants (state part once per state, step part on every transition)', () => {
  it('judges the state part once per distinct state and the step part on every transition', () => {
    let stateCalls = 0;
    let stepCalls = 0;
    const claim = splitInvariant({
      kind: 'always',
      name: 'counted-claim',
      description: 'test claim',
      stepFirst: false,
      state: () => (stateCalls++, null),
      step: () => (stepCalls++, null),
    });
    const r = explore(world, { invariants: [claim], opTypes: LIFECYCLE, isFinal: allDeleted });
    expect(summary(r)).toEqual({ kind: 'complete', states: 155, transitions: 629, depth: 14 });
    expect(stateCalls).toBe(r.states);
    expect(stepCalls).toBe(r.transitions);
  });

  it('catches a broken step that returns to a state already stored', () => {
    // A root read that hits its TLB changes no identity field: every such transition goes back to the state it left.
    const claim = splitInvariant({
      kind: 'always',
      name: 'root-never-reads-a-cached-translation',
      description: 'test claim',
      stepFirst: false,
      state: () => null,
      step: (_s, last) => (last.op.type === 'rootAccess' && !last.op.write && last.outcome.observations.some((o) => o.kind === 'access' && o.via === 'hit') ? 'the root read its memory' : null),
    });
    const withRoot = standardWorld(TLB_EXPLORE_CONFIG);
    const r = explore(withRoot, { invariants: [claim], opTypes: MEMORY_OPS });
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    // The shortest way to a root read that hits: the root's VP runs, reads (a miss fills the TLB), reads again.
    const ops = r.counterexample.ops;
    expect(ops.map((o) => o.type)).toEqual(['dispatchVp', 'rootAccess', 'rootAccess']);
    const before = runTrace(withRoot, ops.slice(0, -1), []).final;
    const after = runTrace(withRoot, ops, []).final;
    expect(new Hasher().system(after)).toEqual(new Hasher().system(before));
  });
});
