import { describe, it, expect } from 'vitest';
import { expectCaught, expectHolds, FAULT_SEED } from '../../helpers/faults.js';
import { INTERCEPT_FAULTS } from '../../../src/faults/catalogue.js';
import { interceptInvariants, interceptGoals, everyInterceptAnsweredOnce, rootSimulatesWithOwnRegisters } from '../../../properties/intercept.js';
import { applyOp } from '../../../src/system/step.js';
import { suspendedVpNeverRuns } from '../../../properties/virtual-processor.js';
import { checkRandom } from '../../../src/check/random.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { DEFAULT_CONFIG, type Config } from '../../../src/system/config.js';
import { runOps } from '../../helpers/world.js';
import type { Op } from '../../../src/system/ops.js';
import type { System } from '../../../src/system/system.js';

/** Shrunk lengths, filled in as the fault tests run (printed at the end for the record). */
const SHRUNK: Record<string, number> = {};

/**
 * A full worker queue needs two messages outstanding at once. In the default
 * configuration the engine may first find that with the VPs of two partitions
 * (twelve steps), and removing ops cannot turn it into the eight-step run with
 * p1's two VPs: that fault is shrunk on a host with p1 alone.
 */
const ONE_PARTITION: Config = { ...DEFAULT_CONFIG, partitions: [{ id: 'p1', vps: 2, gpaPages: 16 }] };
const FAULT_CONFIG: Record<string, Config> = { 'worker-drops-message-when-queue-full': ONE_PARTITION };

const NAMES = interceptInvariants.map((p) => p.name);
/** Every (intercept fault, intercept claim) pair; what these faults break elsewhere is tested with its mechanism. */
const PAIRS = INTERCEPT_FAULTS.flatMap((f) => f.breaks.filter((b) => NAMES.includes(b)).map((p) => [f, p] as const));

describe('intercept invariants hold over generated sequences (seed 1, 100 runs of up to 40 ops)', () => {
  for (const inv of interceptInvariants) it(inv.name, () => expectHolds(inv.name));
});

describe('intercept invariants hold under intercept-heavy generation', () => {
  // Weights that make intercepts the common case rather than the rare one, so the invariants are judged on many
  // handshakes, held-back messages, pauses and finalizations while VPs wait.
  // The read-only partition queries change nothing an intercept depends on, and synthetic I/O is not what these runs judge.
  const HEAVY = { installIntercept: 12, guestExecute: 20, workerTake: 3, workerReply: 3, pauseVm: 3, dispatchVp: 8, rootAccess: 0, tick: 0, guestAccess: 1, getMemoryBalance: 0, getNextChildPartition: 0, submitIo: 0 };
  it('all five, and the VP claim suspended-vp-never-runs, hold over 150 runs of up to 40 ops (seed 1), with many intercepts taken', () => {
    const invariants = [...interceptInvariants, suspendedVpNeverRuns];
    const r = checkRandom(buildWorld(DEFAULT_CONFIG), { seed: FAULT_SEED, runs: 150, depth: 40, invariants, goals: interceptGoals, weights: HEAVY });
    expect(r.kind, `seed ${FAULT_SEED}: ${r.kind === 'violated' ? r.counterexample.message : r.kind}`).toBe('holds');
    const taken = Object.values(r.counters.intercepts).reduce((a, b) => a + b, 0);
    console.log(`seed ${FAULT_SEED}, intercept-heavy: ${taken} intercepts taken; goals ${r.goals.map((g) => `${g.name} ${g.reachedIn}`).join(', ')}`);
    expect(taken).toBeGreaterThan(50);
    for (const g of r.goals) expect(g.reachedIn, g.name).toBeGreaterThan(1);
  });
});

describe('every intercept fault is caught by each intercept claim it breaks, shrunk to at most 10 steps', () => {
  for (const [f, p] of PAIRS)
    it(`${f.name} -> ${p}`, () => {
      // A fault that brings its own host (and weights) is checked there, as `hvspec check --fault NAME` does.
      const cx = expectCaught(f.name, p, 10, FAULT_CONFIG[f.name] ?? f.config ?? DEFAULT_CONFIG);
      SHRUNK[`${f.name} -> ${p}`] = cx.ops.length;
    });

  it('every intercept invariant has at least one fault', () => {
    const broken = new Set(INTERCEPT_FAULTS.flatMap((f) => f.breaks));
    for (const inv of interceptInvariants) expect(broken.has(inv.name), inv.name).toBe(true);
  });

  it('reports the shrunk lengths', () => {
    // eslint-disable-next-line no-console
    console.log('shrunk lengths (seed 1):', SHRUNK);
    expect(Object.keys(SHRUNK).length).toBe(PAIRS.length);
  });
});

describe('intercept goals are reached by the default generation', () => {
  it('each intercept kind and each interesting interleaving comes up in 200 runs (seed 1)', () => {
    const r = checkRandom(buildWorld(DEFAULT_CONFIG), { seed: FAULT_SEED, runs: 200, depth: 40, invariants: interceptInvariants, goals: interceptGoals });
    expect(r.kind, `seed ${FAULT_SEED}: ${r.kind === 'unreached' ? r.unreached.join(', ') : r.kind}`).toBe('holds');
    for (const g of r.goals) expect(g.reachedIn, g.name).toBeGreaterThan(0);
  });
});

describe('every-intercept-answered-once also judges what no catalogued fault reaches in ten steps', () => {
  // Two VPs of p1 intercept: vp0's message is queued, vp1's held back by the hypervisor (queue capacity 1).
  const two: Op[] = [
    { type: 'createPartition', pid: 'p1' },
    { type: 'depositMemory', pid: 'p1', pages: 1 },
    { type: 'initializePartition', pid: 'p1' },
    { type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'cpuid', target: 1, mask: 4 },
    { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
    { type: 'dispatchVp', lp: 1, pid: 'p1', vp: 1 },
    { type: 'guestExecute', lp: 0, instr: 'cpuid', arg: 1 },
    { type: 'guestExecute', lp: 1, instr: 'cpuid', arg: 1 },
  ];
  const sys = runOps(two).system;
  const withWorker = (s: System, f: (c: System['intercepts']['worker']['context']) => Partial<System['intercepts']['worker']['context']>): System => ({
    ...s,
    intercepts: { ...s.intercepts, worker: { ...s.intercepts.worker, context: { ...s.intercepts.worker.context, ...f(s.intercepts.worker.context) } } },
  });

  it('holds on the real state', () => {
    expect(sys.intercepts.worker.context.held.map((m) => m.vp)).toEqual([1]);
    expect(everyInterceptAnsweredOnce.check(sys, undefined)).toBeNull();
  });

  it('a message held back while the queue has room', () => {
    expect(everyInterceptAnsweredOnce.check(withWorker(sys, () => ({ queue: [] })), undefined)).toMatch(/p1 vp0 awaits the root but its intercept message is nowhere/);
    const drained = withWorker(sys, (c) => ({ queue: [], current: c.queue[0]! }));
    expect(everyInterceptAnsweredOnce.check(drained, undefined)).toMatch(/p1 vp1's cpuid message is held back although the worker queue has room/);
  });

  it('a message that waited 2·N worker steps (N = 4 VPs in the default config)', () => {
    const late = withWorker(sys, (c) => ({ held: [{ ...c.held[0]!, waited: 8 }] }));
    expect(everyInterceptAnsweredOnce.check(late, undefined)).toMatch(/p1 vp1's cpuid message has waited 8 worker steps, beyond the bound of 8/);
    const justInTime = withWorker(sys, (c) => ({ held: [{ ...c.held[0]!, waited: 7 }] }));
    expect(everyInterceptAnsweredOnce.check(justInTime, undefined)).toBeNull();
  });

  it('the bound is met by the worst case: the last of N messages answered in FIFO order waits 2·N - 1 steps', () => {
    // All four child VPs of the default config intercept before the worker runs; p3's message is last.
    const all: Op[] = [
      ...two,
      ...(['p2', 'p3'] as const).flatMap((pid): Op[] => [
        { type: 'createPartition', pid },
        { type: 'depositMemory', pid, pages: 1 },
        { type: 'initializePartition', pid },
        { type: 'installIntercept', caller: 'root', pid, kind: 'cpuid', target: 1, mask: 4 },
        { type: 'dispatchVp', lp: 0, pid, vp: 0 },
        { type: 'guestExecute', lp: 0, instr: 'cpuid', arg: 1 },
      ]),
    ];
    let s = runOps(all).system;
    let maxWaited = 0;
    const worker: Op[] = Array.from({ length: 8 }, (_, i) => ({ type: i % 2 === 0 ? 'workerTake' : 'workerReply' }) as Op);
    const r = runOps([...all, ...worker]);
    for (const step of r.results.slice(all.length)) {
      s = step.system;
      const c = s.intercepts.worker.context;
      for (const m of [...c.held, ...c.queue, ...(c.current ? [c.current] : [])]) maxWaited = Math.max(maxWaited, m.waited);
      expect(everyInterceptAnsweredOnce.check(s, undefined)).toBeNull();
    }
    expect(maxWaited).toBe(7);
    expect(r.results.at(-1)!.outcome.observations).toContainEqual(expect.objectContaining({ kind: 'interceptReply', pid: 'p3', vp: 0, delivered: true }));
  });
});

describe('root-simulates-intercepted-instruction-with-its-own-registers (TLFS intercept messages: the pre-instruction registers)', () => {
  // p1 vp0 runs one instruction (rip 0 -> 1), then a CPUID the root intercepts; the worker takes and answers it.
  const ops: Op[] = [
    { type: 'createPartition', pid: 'p1' },
    { type: 'depositMemory', pid: 'p1', pages: 1 },
    { type: 'initializePartition', pid: 'p1' },
    { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
    { type: 'guestExecute', lp: 0, instr: 'cpuid', arg: 2 },
    { type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'cpuid', target: 1, mask: 4 },
    { type: 'guestExecute', lp: 0, instr: 'cpuid', arg: 1 },
    { type: 'workerTake' },
    { type: 'workerReply' },
  ];
  const judge = (faults: string[] = []) => {
    const { system } = runOps(ops.slice(0, -1), DEFAULT_CONFIG, faults);
    const r = applyOp(system, ops.at(-1)!);
    return rootSimulatesWithOwnRegisters.check(r.system, { before: system, op: ops.at(-1)!, outcome: r.outcome });
  };

  it('the root answers from the registers the message carried (rip 1): rip 2, the VM CPUID leaf', () => {
    const { results } = runOps(ops);
    expect(results.at(-1)!.outcome.observations).toContainEqual({ kind: 'interceptReply', pid: 'p1', vp: 0, regs: { rip: 2, rax: 0x301 }, delivered: true });
    expect(judge()).toBeNull();
  });

  it('a worker that simulates from the registers the VP was created with is caught at its reply', () => {
    expect(judge(['worker-simulates-from-reset-registers'])).toBe(
      'the root answered p1 vp0\'s CPUID leaf 0x1 (taken at rip 1, rax 0x102) with rip 1, rax 0x301; simulated from its own registers it gives rip 2, rax 0x301',
    );
  });
});
