/**
 * The explorer over threads (`hvspec explore --workers N`): each large
 * default scope with threads from its first level (by default none of them
 * has a level large enough to start one), and memory-3p to depth 18 as
 * `hvspec explore` runs it, searched with one worker and with two, timed in
 * this process with the second worker's thread already started (a pool
 * kept across the searches, as `hvspec explore` keeps one across its
 * scopes). What each search finds must be the same; the bench says whether
 * it is.
 */
import { exploreThreads, ThreadPool } from '../src/check/parallel/explore-threads.js';
import { systemSource, type SystemThreadArg } from '../src/check/parallel/system-thread-model.js';
import { scopeByName } from '../src/check/explore-config.js';
import type { ModelExploreResult } from '../src/check/explore.js';
import { MEMORY_3P_CONFIG } from './memory-3p.js';
import { median } from './median.js';

/** The scopes timed (those with a level of 2,048 states or more, where threads start), and memory-3p's depth limit. */
export const WORKER_SCOPES = ['memory', 'intercepts-two-vps', 'hostile-guest', 'hypervisor-swap'] as const;
export const MEMORY_3P_WORKER_DEPTH = 18;

/** A result without its memory figures. */
const found = (r: ModelExploreResult<unknown, unknown>): string => {
  const { storeBytes: _s, frontierBytes: _f, ...rest } = r;
  return JSON.stringify(rest);
};

/** Rounds of each search: one worker, then two, this many times in turn (the machine's speed drifts; the figures are medians). */
export const WORKER_ROUNDS = 3;

/**
 * Times one search with 1 and 2 workers, in turn, `WORKER_ROUNDS` times:
 * the median wall and CPU seconds of each, the median of the rounds'
 * speed-ups (each round's one-worker time over its two-worker time, so a
 * drift of the machine's speed between rounds cancels), and whether every
 * search found the same.
 */
async function timed(name: string, arg: SystemThreadArg, opts: { symmetry?: boolean; maxDepth?: number; threadsFrom?: number }, pool: ThreadPool) {
  const run = async (workers: number) => {
    const c = process.cpuUsage();
    const t = performance.now();
    const r = await exploreThreads(systemSource(arg), { ...opts, workers, pool, maxStates: 100_000_000 });
    const cpu = process.cpuUsage(c);
    return { r, seconds: (performance.now() - t) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
  };
  type Timed = Awaited<ReturnType<typeof run>>;
  const ones: Timed[] = [];
  const twos: Timed[] = [];
  for (let i = 0; i < WORKER_ROUNDS; i++) {
    ones.push(await run(1));
    twos.push(await run(2));
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  const first = ones[0]!.r;
  return {
    search: name,
    result: first.kind,
    states: first.states,
    depth: first.depth,
    rounds: WORKER_ROUNDS,
    oneWorkerSeconds: round(median(ones.map((x) => x.seconds))),
    twoWorkersSeconds: round(median(twos.map((x) => x.seconds))),
    speedUp: round(median(ones.map((x, i) => x.seconds / twos[i]!.seconds))),
    speedUps: ones.map((x, i) => round(x.seconds / twos[i]!.seconds)),
    oneWorkerCpuSeconds: round(median(ones.map((x) => x.cpu))),
    twoWorkersCpuSeconds: round(median(twos.map((x) => x.cpu))),
    sameFindings: [...ones, ...twos].every((x) => found(x.r) === found(first)),
  };
}

/** Every timed search, in turn. */
export async function workersFigures(log: (line: string) => void) {
  const pool = new ThreadPool();
  try {
    // Start the pool's thread (and its JIT) on a small search first.
    await exploreThreads(systemSource({ config: scopeByName('tlb')!.config, scope: 'tlb' }), { workers: 2, threadsFrom: 0, pool });
    const rows = [];
    for (const scope of WORKER_SCOPES) {
      log(`${scope}: 1 and 2 workers`);
      rows.push(await timed(`${scope} (threads at once)`, { config: scopeByName(scope)!.config, scope }, { threadsFrom: 0 }, pool));
    }
    log(`memory-3p to depth ${MEMORY_3P_WORKER_DEPTH}: 1 and 2 workers`);
    rows.push(await timed(`memory-3p (depth ${MEMORY_3P_WORKER_DEPTH})`, { config: MEMORY_3P_CONFIG, scope: 'memory' }, { symmetry: false, maxDepth: MEMORY_3P_WORKER_DEPTH }, pool));
    return { rows, allSame: rows.every((r) => r.sameFindings) };
  } finally {
    await pool.close();
  }
}
