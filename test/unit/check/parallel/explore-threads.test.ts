/**
 * The explorer over threads finds what the single-threaded explorer finds,
 * with one worker and with two: states, transitions, depth, goals,
 * deadlocks, the counterexamples, and where a search stops inside a level.
 * Threads start at once (`threadsFrom: 0`), so the second worker takes part
 * in every level but the first; one pool of threads serves every search,
 * hvspec's System and a model of one's own (the two-process lock of
 * examples/mutex-model/).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { explore, exploreModel, systemResult, type ExploreResult } from '../../../../src/check/explore.js';
import { exploreThreads, ThreadPool, type ThreadsExploreOptions } from '../../../../src/check/parallel/explore-threads.js';
import { systemSource } from '../../../../src/check/parallel/system-thread-model.js';
import { scopeByName } from '../../../../src/check/explore-config.js';
import { scopeOptions } from '../../../../src/check/scopes.js';
import { buildWorld } from '../../../../src/faults/build-world.js';
import type { System } from '../../../../src/system/system.js';
import type { Op } from '../../../../src/system/ops.js';
import type { StepOutcome } from '../../../../src/system/outcome.js';
import type { CoverageData } from '../../../../src/coverage/data.js';
import { mutexModel, type MutexOp, type MutexState } from '../../../../examples/mutex-model/mutex.js';
import { mutexCodec } from '../../../../examples/mutex-model/threads.js';

const pool = new ThreadPool();
afterAll(() => pool.close());

/** A result without its memory figures (the shared table's bytes are not the single-threaded store's). */
const found = (r: ExploreResult) => {
  const { storeBytes: _s, frontierBytes: _f, ...rest } = r;
  return rest;
};

/** The single-threaded search of `scope` with `faults`, and the same over threads with 1 and 2 workers. */
async function both(scope: string, faults: string[], opts: Pick<ThreadsExploreOptions, 'symmetry' | 'maxViolations' | 'maxStates' | 'maxDepth' | 'tableBits'> = {}) {
  const sc = scopeByName(scope)!;
  const world = buildWorld(sc.config, faults);
  const one = explore(world, { ...scopeOptions(sc), ...opts });
  const threads = await Promise.all(
    [1, 2].map(async (workers) => systemResult(world, await exploreThreads<System, Op, StepOutcome>(systemSource({ config: sc.config, faults, scope }), { ...opts, workers, threadsFrom: 0, pool }))),
  );
  return { one, threads };
}

describe('the explorer over threads', () => {
  it('searches the small scopes to the same states, transitions, depth and goals, with and without symmetry (pinned)', async () => {
    const pins: [string, boolean, number, number][] = [
      ['intercepts-cpuid', true, 212, 2794],
      ['synic', false, 1926, 6056],
      ['hypercall-gate', false, 20, 190],
    ];
    for (const [scope, symmetry, states, transitions] of pins) {
      const { one, threads } = await both(scope, [], { symmetry });
      expect([one.kind, one.states, one.transitions], scope).toEqual(['complete', states, transitions]);
      for (const t of threads) expect(found(t), scope).toEqual(found(one));
      // Its memory: the shared table and parent links, and the workers' levels at their widest.
      for (const t of threads) expect([t.storeBytes, t.frontierBytes].every((b) => b > 0), scope).toBe(true);
    }
  }, 60_000);

  it('finds the same shortest counterexample, and stops at the same transition, as one thread', async () => {
    for (const [scope, fault] of [
      ['memory', 'map-skips-holder-update'],
      ['vmbus', 'end-read-skips-recheck'],
    ] as const) {
      const { one, threads } = await both(scope, [fault]);
      expect(one.kind).toBe('violated');
      for (const t of threads) expect(found(t), fault).toEqual(found(one));
    }
    // Going on after the first violation: the same properties, each with its counterexample.
    const { one, threads } = await both('memory', ['map-skips-holder-update', 'skip-tlb-purge-on-vm-switch'], { maxViolations: 3 });
    expect(one.kind === 'violated' && [one.counterexample, ...(one.further ?? [])].map((c) => c.property)).toEqual(['no-frame-owned-twice', 'frames-conserved', 'slat-maps-only-owned-frames']);
    for (const t of threads) expect(found(t)).toEqual(found(one));
  }, 60_000);

  it('pauses to grow a small table, also halfway through a state’s ops, and finds the same', async () => {
    // 64 slots to start: the workers pause many times, some in the middle of a state's ops.
    const { one, threads } = await both('memory', [], { tableBits: 6 });
    expect(one.kind).toBe('complete');
    for (const t of threads) expect(found(t)).toEqual(found(one));
  }, 60_000);

  it('stops at the same state as one thread on a state limit, and at the same depth on a depth limit', async () => {
    for (const opts of [{ maxStates: 1000 }, { maxDepth: 9 }]) {
      const { one, threads } = await both('memory', [], opts);
      expect(one.kind).toBe('bounded');
      for (const t of threads) expect(found(t)).toEqual(found(one));
    }
  }, 60_000);

  it('searches a model of one’s own, built in each thread from its module, to what one thread finds', async () => {
    const module = new URL('../../../../examples/mutex-model/threads.ts', import.meta.url).href;
    for (const [options, symmetry] of [[{ atomic: true, release: 2 }, true], [{ atomic: false, release: 2 }, false]] as const) {
      const one = exploreModel({ ...mutexModel(options), codec: mutexCodec }, { symmetry });
      const two = await exploreThreads<MutexState, MutexOp, undefined>({ module, export: 'mutexThreadModel', arg: options }, { symmetry, workers: 2, threadsFrom: 0, pool });
      const { storeBytes: _a, frontierBytes: _b, ...threads } = two;
      const { storeBytes: _c, frontierBytes: _d, ...single } = one;
      expect(threads).toEqual(single);
    }
  }, 60_000);

  it('builds the command line’s job in each thread from its flags, and adds up the threads’ coverage', async () => {
    // `hvspec explore --scope synic --fault forget-message-pending` as a job over threads (explore-thread-model.ts).
    const module = new URL('../../../../src/cli/explore-thread-model.ts', import.meta.url).href;
    const arg = { scope: 'synic', faults: ['forget-message-pending'], job: 0, coverage: true, without: [] };
    const collected: CoverageData[] = [];
    const r = await exploreThreads<System, Op, StepOutcome>({ module, export: 'exploreThreadModel', arg }, { workers: 2, threadsFrom: 0, pool, absorb: (d) => collected.push(d as CoverageData) });
    const sc = scopeByName('synic')!;
    const one = explore(buildWorld(sc.config, ['forget-message-pending']), scopeOptions(sc));
    expect(found(systemResult(buildWorld(sc.config, ['forget-message-pending']), r))).toEqual(found(one));
    // Each worker's collector counted the ops it tried: together, every transition the search took.
    expect(collected).toHaveLength(2);
    const steps = collected.reduce((a, d) => a + (d.engines['explore']?.steps ?? 0), 0);
    expect(steps).toBeGreaterThanOrEqual(r.transitions);
    // Leaving out a property found in an earlier scope (--continue): the thread builds the job without it.
    const without = await exploreThreads<System, Op, StepOutcome>({ module, export: 'exploreThreadModel', arg: { ...arg, coverage: false, without: ['synic-slot-holds-one-message'] } }, { workers: 2, threadsFrom: 0, pool });
    expect(without.invariants).not.toContain('synic-slot-holds-one-message');
  }, 60_000);

  it('stops as bounded when asked to, and says in one line what it cannot load', async () => {
    const sc = scopeByName('memory')!;
    const r = await exploreThreads(systemSource({ config: sc.config, scope: 'memory' }), { workers: 2, threadsFrom: 0, pool, shouldStop: () => true });
    expect(r.kind === 'bounded' && r.reason).toBe('stopped');
    // The worker threads tell how full their heaps are (the command line stops the search at half of a heap's limit).
    const heaps: number[] = [];
    const full = await exploreThreads(systemSource({ config: sc.config, scope: 'memory' }), { workers: 2, threadsFrom: 0, pool, symmetry: false, shouldStop: (h) => (heaps.push(h), h > 0) });
    expect(full.kind === 'bounded' && full.reason).toBe('stopped');
    expect(Math.max(...heaps)).toBeGreaterThan(0);
    expect(Math.max(...heaps)).toBeLessThan(1);
    await expect(exploreThreads({ module: new URL('./no-such-module.ts', import.meta.url).href, export: 'x' })).rejects.toThrow(/^cannot load the model module .*no-such-module\.ts: /);
    await expect(exploreThreads({ module: systemSource({ config: sc.config }).module, export: 'nothing' })).rejects.toThrow(/exports no function nothing/);
    await expect(exploreThreads(systemSource({ config: sc.config, scope: 'no-such-scope' }))).rejects.toThrow('no explorer scope is named no-such-scope');
  }, 60_000);
});
