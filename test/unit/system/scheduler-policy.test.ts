/**
 * A world's scheduler policy (src/scheduler/policy.ts): with one,
 * `dispatchVp` is enabled only for the VP it picks for each logical
 * processor; without one, every choice stays enabled. A policy that keeps
 * a logical processor on the partition it last ran starves another
 * partition's VP, and a bounded-liveness property catches it in both
 * engines; one that alternates partitions keeps it. A throw, or a VP that
 * is not runnable, is the violation `policy-threw`.
 */
import { describe, it, expect } from 'vitest';
import { parseConfig } from '../../../src/system/config.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { initialSystem, type System, type World } from '../../../src/system/system.js';
import { OP_TYPES, type Op, type OpType } from '../../../src/system/ops.js';
import { enabledOps } from '../../../src/system/enabled.js';
import { step } from '../../../src/system/step.js';
import { explore } from '../../../src/check/explore.js';
import { checkRandom } from '../../../src/check/random.js';
import type { Liveness } from '../../../properties/property.js';
import type { SchedulerPolicy } from '../../../src/scheduler/policy.js';
import { schedulerChoice } from '../../../src/scheduler/policy.js';
import { defineConfig, UserConfigError } from '../../../src/config/define-config.js';

// One logical processor, the root's VP and p1's; the root can deposit one page, so p1 is set up in three steps.
const CONFIG = parseConfig({ frames: 64, hypervisorFrames: 8, rootFrames: 1, rootVps: 1, logicalProcessors: 1, maxPagesPerCall: 1, maxIosInFlight: 0, maxMessagesOutstanding: 0, partitions: [{ id: 'p1', vps: 1, gpaPages: 4 }] });
const OPS = ['createPartition', 'depositMemory', 'initializePartition', 'dispatchVp', 'descheduleVp'] as const satisfies readonly OpType[];
const WEIGHTS = Object.fromEntries(OP_TYPES.map((t) => [t, (OPS as readonly string[]).includes(t) ? 1 : 0]));

const p1Ready = (s: System) => s.partitions['p1']?.vps.some((v) => v.value === 'ready') ?? false;
const RUNS: Liveness = { kind: 'eventually', name: 'ready-vp-gets-a-processor', description: 'A ready VP of p1 runs within 4 steps.', trigger: p1Ready, satisfied: (s) => !p1Ready(s), withinSteps: 4 };

/** Keeps an idle processor on the partition it last ran (no TLB purge); never preempts. */
const sticky: SchedulerPolicy = (i) => (i.running ? null : (i.runnable.find((v) => v.pid === i.lastPartition) ?? i.runnable[0]!));
/** Gives a processor to another partition than the one it last ran, preempting if need be. */
const alternating: SchedulerPolicy = (i) => i.runnable.find((v) => v.pid !== i.lastPartition) ?? (i.running ? null : i.runnable[0]!);

const withPolicy = (scheduler?: SchedulerPolicy): World => ({ ...buildWorld(CONFIG), ...(scheduler ? { scheduler } : {}) });
const exploreIt = (w: World) => explore(w, { opTypes: OPS, invariants: [], goals: [], liveness: [RUNS], maxStates: 1000 });

function run(world: World, ops: readonly Op[]): System {
  let s = initialSystem(world);
  for (const op of ops) s = step(s, op).system;
  return s;
}
const SETUP: Op[] = [{ type: 'createPartition', pid: 'p1' }, { type: 'depositMemory', pid: 'p1', pages: 1 }, { type: 'initializePartition', pid: 'p1' }];

describe('a scheduler policy', () => {
  it('enables dispatchVp only for the VP it picks; without one every ready VP is enabled', () => {
    const dispatches = (w: World) => enabledOps(run(w, SETUP)).filter((o) => o.type === 'dispatchVp');
    expect(dispatches(withPolicy())).toEqual([
      { type: 'dispatchVp', lp: 0, pid: 'root', vp: 0 },
      { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
    ]);
    expect(dispatches(withPolicy(alternating))).toEqual([{ type: 'dispatchVp', lp: 0, pid: 'root', vp: 0 }]);
    // An op the policy did not pick is skipped, as an op that is not enabled is.
    const s = run(withPolicy(sticky), SETUP);
    expect(step(s, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }).outcome.status).toBe('skipped');
  });

  it('that keeps a processor on the partition it last ran starves p1: the explorer and the random engine find the same shortest run', () => {
    const e = exploreIt(withPolicy(sticky));
    expect(e.kind).toBe('violated');
    const starving = [...SETUP, { type: 'dispatchVp', lp: 0, pid: 'root', vp: 0 }, { type: 'descheduleVp', lp: 0 }, { type: 'dispatchVp', lp: 0, pid: 'root', vp: 0 }, { type: 'descheduleVp', lp: 0 }];
    if (e.kind === 'violated') expect(e.counterexample.ops).toEqual(starving);
    const r = checkRandom(withPolicy(sticky), { seed: 1, runs: 50, depth: 20, weights: WEIGHTS, invariants: [], goals: [], liveness: [RUNS] });
    expect(r.kind).toBe('violated');
    if (r.kind === 'violated') {
      expect(r.counterexample.property).toBe('ready-vp-gets-a-processor');
      expect(r.counterexample.ops).toEqual(starving);
      expect(r.counterexample.scheduler).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('that alternates partitions keeps the property on every reachable state', () => {
    const e = exploreIt(withPolicy(alternating));
    expect(e.kind).toBe('complete');
    expect(e.states).toBeGreaterThan(10);
  });

  it('that throws, or picks a VP that is not runnable, is the violation policy-threw with a shrunk counterexample', () => {
    const throwing: SchedulerPolicy = (i) => {
      if (i.runnable.some((v) => v.pid === 'p1')) throw new Error('no VP of p1 expected');
      return i.runnable[0]!;
    };
    const r = checkRandom(withPolicy(throwing), { seed: 3, runs: 100, depth: 20, weights: WEIGHTS });
    expect(r.kind).toBe('violated');
    if (r.kind === 'violated') {
      expect(r.counterexample.property).toBe('policy-threw');
      expect(r.counterexample.message).toBe('the scheduler policy threw: no VP of p1 expected');
      // Shrunk to the setup and the one dispatch whose policy call threw.
      expect(r.counterexample.ops.slice(0, 3)).toEqual(SETUP);
      expect(r.counterexample.ops.slice(3).map((o) => o.type)).toEqual(['dispatchVp']);
    }
    expect(schedulerChoice(() => ({ pid: 'p9', vp: 0 }), { lp: 0, running: null, lastPartition: null, runnable: [{ pid: 'root', vp: 0 }] })).toEqual({
      kind: 'threw',
      message: 'the scheduler policy returned a decision that does not fit: {"pid":"p9","vp":0} is not a runnable VP on lp0',
    });
  });

  it('is a function in a config module, or the config is refused', () => {
    expect(defineConfig({ scheduler: sticky }).scheduler).toBe(sticky);
    expect(() => defineConfig({ scheduler: 'round-robin' } as never)).toThrow(new UserConfigError('scheduler must be a function (input) => the VP to dispatch, or null'));
  });
});
