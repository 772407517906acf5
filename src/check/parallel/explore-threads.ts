/**
 * The explorer over threads: the same breadth-first search as
 * `exploreModel` (explore.ts), level by level, with each level's states
 * shared among workers (`level-worker.ts`): worker 0 in the caller's
 * thread, the others in `worker_threads`. Every worker builds the model
 * from a {@link ModelSource} and asks it for a portable codec, so the
 * workers share one visited set of state hashes (`shared-visited.ts`).
 *
 * One level:
 * 1. each worker expands its share (a run of consecutive state numbers);
 *    a worker pauses when the visited set fills, and the caller grows it;
 * 2. each worker keeps the new states it reached first (by state number,
 *    so each new state's parent link is the one the single-threaded search
 *    records) and reports the level: its violations, goals, deadlocks,
 *    stuck states and parent links;
 * 3. the caller numbers the new states (worker 0's first), records the
 *    violations in order of their transitions, and evens out the shares:
 *    a worker sends the states beyond its new share, as plain data, to the
 *    worker whose share they fall in, which encodes them with its codec.
 *
 * What it finds does not depend on the number of workers: the same
 * states, transitions, depth, goals, deadlocks, stuck states, and the same
 * counterexamples, which are the single-threaded explorer's. One thing
 * differs from that explorer: a level is always searched to its end, so a
 * search that finds a violation or passes `maxStates` counts the whole
 * level it stopped in (the single-threaded one stops at the transition).
 *
 * No clock is read here: `shouldStop` and `onProgress` are polled while
 * the workers run (every 25 ms, by a timer of the caller's event loop).
 */
import { Worker } from 'node:worker_threads';
import { propertySets, violationsOf, advanceCountdowns, disarmedCountdowns, eventuallyViolation } from '../../engine/judge.js';
import type { Model, StateCodec } from '../../engine/model.js';
import { CodecKeys } from '../codec-key.js';
import { ViolationLog } from '../violation-log.js';
import { replayPath } from '../replay-path.js';
import type { ExploreProgress, ModelExploreResult, ModelExploreStats } from '../explore.js';
import { SharedVisited, HARD_LOAD } from './shared-visited.js';
import { LevelWorker } from './level-worker.js';
import { loadThreadModel, besideModule, type ModelSource } from './model-source.js';
import { CONTROL_HEAP, CONTROL_STOP, CONTROL_WORDS, type MovedState, type Reply, type Request } from './protocol.js';
import { ParentLinks } from './parent-links.js';

/** Options of a search over threads. */
export interface ThreadsExploreOptions {
  /** Workers, the caller's thread included (default 1: no thread is started). */
  readonly workers?: number;
  /** Stop (bounded) after the level in which this many distinct states are stored. Default 2,000,000. */
  readonly maxStates?: number;
  /** Do not expand states at this depth (bounded if any exist). */
  readonly maxDepth?: number;
  /** Symmetry reduction. Default on. */
  readonly symmetry?: boolean;
  /** Deadlocks (and stuck states) whose paths are kept. Default 5. */
  readonly keepDeadlocks?: number;
  /** Distinct violated properties to find before stopping (default 1). */
  readonly maxViolations?: number;
  /** False: judge every `always` claim on every new state (as `exploreModel`'s `incremental`). */
  readonly incremental?: boolean;
  /**
   * Polled every 25 ms while the workers run; true stops the search
   * (bounded). `workerHeap`: the largest share of its heap's limit that a
   * worker thread's heap holds (0 to 1; the caller's thread reads its own).
   */
  readonly shouldStop?: (workerHeap: number) => boolean;
  /** Told where the search is, every 25 ms while the workers run and after every level. */
  readonly onProgress?: (p: ExploreProgress) => void;
  /** Told how many workers search from now on, when the threads start. */
  readonly onWorkers?: (workers: number) => void;
  /** Given what each worker's observers gathered (`ThreadModel.collect`), once the search ends. */
  readonly absorb?: (collected: unknown) => void;
  /**
   * The threads start once a level holds this many states (default 4096,
   * about where a level's time with two workers pays for starting a thread
   * and warming its compiler): a small search runs in the caller's thread
   * alone. What the search finds is the same either way.
   */
  readonly threadsFrom?: number;
  /** The visited table starts with 2^tableBits slots (default 12; from 6 to 30): it grows as it fills, pausing the workers. */
  readonly tableBits?: number;
  /** Threads to take the workers from (and give back), so that several searches start their threads once. Default: threads of the search's own, ended with it. */
  readonly pool?: ThreadPool;
}

/**
 * Worker threads kept between searches (`ThreadsExploreOptions.pool`):
 * each search builds its model in them again. `close` ends them.
 */
export class ThreadPool {
  constructor() {
    IDLE.set(this, []);
  }

  /** Ends every idle thread. */
  async close(): Promise<void> {
    const hs = IDLE.get(this)!.splice(0);
    await Promise.all(hs.map((h) => h.close()));
  }
}

/** Each pool's idle threads. */
const IDLE = new WeakMap<ThreadPool, Handle[]>();

/** An idle thread of `pool`, or a new one. */
const takeThread = (pool: ThreadPool): Handle => IDLE.get(pool)!.pop() ?? threadHandle(threadUrl());

/** The table starts with 2^12 slots. */
const FIRST_BITS = 12;
/** Between levels the table grows until it is at most this full. */
const LEVEL_LOAD = 0.6;
/** How often the caller's event loop polls for a stop and reports progress. */
const POLL_MS = 25;

/** A worker as the caller sees it: one request at a time. */
interface Handle {
  call(req: Request): Promise<Reply>;
  close(): Promise<void>;
}

/** The worker in the caller's thread: between slices of its expansion, the caller's event loop runs. */
function callerHandle(): Handle {
  const w = new LevelWorker<unknown, unknown, unknown>(true);
  return {
    async call(req) {
      let r = await w.handle(req);
      while (r.t === 'expanded' && r.status === 'yield') {
        await new Promise<void>((resolve) => setImmediate(resolve));
        r = await w.handle({ t: 'continue' });
      }
      return r;
    },
    close: async () => {},
  };
}

/** The module a worker thread starts with: the built entry, or (from the TypeScript sources) the source entry through tsx's loader. */
function threadUrl(): URL {
  const entry = besideModule(import.meta.url, './thread-entry.js');
  if (!entry.endsWith('.ts')) return new URL(entry);
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** A worker thread. */
function threadHandle(url: URL): Handle {
  const worker = new Worker(url);
  let waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void } | undefined;
  let dead: Error | undefined;
  worker.on('message', (r: Reply) => {
    const w = waiting;
    waiting = undefined;
    w?.resolve(r);
  });
  const fail = (e: Error): void => {
    dead = e;
    const w = waiting;
    waiting = undefined;
    w?.reject(e);
  };
  worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', (code) => fail(new Error(`a worker thread exited (status ${code})`)));
  return {
    call(req) {
      if (dead) return Promise.reject(dead);
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        worker.postMessage(req);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

/** The reply, or an error when the worker failed or answered something else. */
async function ask<T extends Reply['t']>(h: Handle, req: Request, want: T): Promise<Extract<Reply, { t: T }>> {
  const r = await h.call(req);
  if (r.t === 'failed') throw new Error(r.message);
  if (r.t !== want) throw new Error(`a worker answered ${r.t} to ${req.t}`);
  return r as Extract<Reply, { t: T }>;
}

/** The bits of a table that holds `states` at most `LEVEL_LOAD` full. */
const bitsFor = (states: number, bits: number): number => {
  while (states > 2 ** bits * LEVEL_LOAD) bits++;
  return bits;
};

/**
 * Explores every state of the model `source` builds, with `workers`
 * workers. Throws when the model cannot be built or a worker fails.
 */
export async function exploreThreads<S, A, O>(source: ModelSource, opts: ThreadsExploreOptions = {}): Promise<ModelExploreResult<A, O>> {
  const n = Math.max(1, Math.floor(opts.workers ?? 1));
  if (n > 255) throw new RangeError(`at most 255 workers, got ${n}`);
  const tm = await loadThreadModel<S, A, O>(source);
  const model: Model<S, A, O> = tm.model;
  const symmetry = opts.symmetry ?? true;
  const maxStates = opts.maxStates ?? 2_000_000;
  const maxDepth = opts.maxDepth ?? Number.POSITIVE_INFINITY;
  const keepDeadlocks = opts.keepDeadlocks ?? 5;
  const incremental = opts.incremental !== false;
  const sets = propertySets(model.properties, incremental ? model.changes : undefined);
  const { safety, goals, eventually: liveness, claims } = sets;
  const codec: StateCodec<S> = model.codec!(symmetry, true);
  const keys = new CodecKeys(codec);
  const log = new ViolationLog(model, codec, opts.maxViolations ?? 1);
  const links = new ParentLinks();
  let bits = opts.tableBits ?? FIRST_BITS;
  if (!Number.isInteger(bits) || bits < 6 || bits > 30) throw new RangeError(`tableBits must be a whole number from 6 to 30, got ${bits}`);
  // Room for one state from each worker above the hard load (see shared-visited.ts).
  while (2 ** bits * (1 - HARD_LOAD) < n) bits++;
  let visited = SharedVisited.create(bits);
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  const goalHits = new Array<number>(goals.length).fill(0);
  const deadlocks: number[] = [];
  const deadlockDepth: number[] = [];
  let deadlockCount = 0;
  const stuck: number[] = [];
  const stuckDepth: number[] = [];
  let stuckCount = 0;
  let transitions = 0;
  let depth = 0;
  // The most bytes the workers' levels held at once (each level's share and its new states), and this level's so far.
  let frontierBytes = 0;
  let levelBytes = 0;

  /** Adds a worker's report of a level at `depth`. */
  const addLevel = (r: Extract<Reply, { t: 'settled' }>): void => {
    transitions += r.transitions;
    levelBytes += r.bytes;
    frontierBytes = Math.max(frontierBytes, levelBytes);
    r.goals.forEach((c, g) => (goalHits[g]! += c));
    deadlockCount += r.deadlockCount;
    for (const id of r.deadlocks) if (deadlocks.length < keepDeadlocks) deadlocks.push(id), deadlockDepth.push(depth);
    stuckCount += r.stuckCount;
    for (const id of r.stuck) if (stuck.length < keepDeadlocks) stuck.push(id), stuckDepth.push(depth);
  };
  const stats = (d: number): ModelExploreStats<A> => ({
    engine: 'explore',
    states: visited.size,
    transitions,
    depth: d,
    symmetry,
    storeBytes: visited.bytes + links.bytes,
    frontierBytes,
    unreached: goals.filter((_, i) => goalHits[i] === 0).map((g) => g.name),
    goals: goals.map((g, i) => ({ name: g.name, reachedIn: goalHits[i]! })),
    deadlockCount,
    deadlocks: deadlocks.map((id, i) => ({ ops: replayPath(model, links.pathTo(id), codec).map((x) => x.op), depth: deadlockDepth[i]! })),
    stuckCount,
    stuck: stuck.map((id, i) => ({ ops: replayPath(model, links.pathTo(id), codec).map((x) => x.op), depth: stuckDepth[i]! })),
    invariants: claims,
    liveness: liveness.map((p) => p.name),
  });
  const violated = (d: number): ModelExploreResult<A, O> => ({ kind: 'violated', counterexample: log.found[0]!, ...(log.found.length > 1 ? { further: log.found.slice(1) } : {}), ...stats(d) });
  const ended = (r: ModelExploreResult<A, O>): ModelExploreResult<A, O> => (log.found.length > 0 ? violated(r.depth) : r);

  // The initial state, judged here as the single-threaded search judges it.
  const s0 = model.initial();
  const v0 = violationsOf(safety, s0, undefined);
  for (let g = 0; g < goals.length; g++) if (goals[g]!.reached(s0, undefined)) goalHits[g]!++;
  if (v0.length > 0 && log.record([], v0)) {
    const fp = keys.key(s0, disarmedCountdowns(liveness.length));
    visited.insert(fp.hi, fp.lo, 0, 0);
    links.add(-1, 0);
    return violated(0);
  }
  const c0 = advanceCountdowns(liveness, disarmedCountdowns(liveness.length), s0, undefined);
  if (typeof c0 === 'number') {
    log.record([], [eventuallyViolation(liveness[c0]!, s0)]);
    return violated(0);
  }
  const fp0 = keys.key(s0, c0);
  visited.insert(fp0.hi, fp0.lo, 0, 0);
  links.add(-1, 0);

  const threadsFrom = opts.threadsFrom ?? 4096;
  const pool = opts.pool ?? new ThreadPool();
  const handles: Handle[] = [callerHandle()];
  /** Grows the table (every worker waiting) and gives it to every worker. */
  const grow = async (): Promise<void> => {
    bits = bitsFor(visited.size, bits + 1);
    visited = visited.grown(bits);
    await Promise.all(handles.map((h) => ask(h, { t: 'table', table: visited.buffer }, 'ready')));
  };
  const init = (h: Handle, thread: number) => ask(h, { t: 'init', source, thread, symmetry, incremental, keepDeadlocks, table: visited.buffer, control: control.buffer as SharedArrayBuffer }, 'ready');
  let stopped = false;
  // Settles when a stop is asked for: a search that waits for threads to start waits for this too.
  let onStop = (): void => {};
  const stopAsked = new Promise<void>((resolve) => (onStop = resolve));
  const poll = (): void => {
    let heap = 0;
    for (let w = 1; w < handles.length; w++) heap = Math.max(heap, Atomics.load(control, CONTROL_HEAP + w) / 1000);
    if (!stopped && opts.shouldStop?.(heap)) {
      stopped = true;
      Atomics.store(control, CONTROL_STOP, 1);
      onStop();
    }
    opts.onProgress?.({ states: visited.size, transitions, depth, queue: 0 });
  };
  const timer = setInterval(poll, POLL_MS);
  let failed = false;
  // Threads a stop found still starting: ended, never asked anything more.
  const starting: Handle[] = [];
  try {
    await init(handles[0]!, 0);
    await ask(handles[0]!, { t: 'seed', countdowns: [...c0], hi: fp0.hi, lo: fp0.lo }, 'ready');
    let shares: number[] = handles.map((_, w) => (w === 0 ? 1 : 0));
    let levelStart = 0;
    for (;;) {
      const size = levelSize(shares);
      if (size === 0) return ended({ kind: 'complete', ...stats(depth - 1) });
      if (depth >= maxDepth) return ended({ kind: 'bounded', reason: 'max-depth', ...stats(depth) });
      // 1. Expand the level, growing the table whenever a worker pauses for it.
      let bases = 0;
      let statuses = await Promise.all(
        handles.map((h, w) => {
          const base = levelStart + bases;
          bases += shares[w]!;
          return ask(h, { t: 'expand', level: depth, base }, 'expanded');
        }),
      );
      while (statuses.some((s) => s.status === 'paused')) {
        await grow();
        statuses = await Promise.all(handles.map((h) => ask(h, { t: 'resume', table: visited.buffer }, 'expanded')));
      }
      if (stopped || statuses.some((s) => s.status === 'stopped')) return ended({ kind: 'bounded', reason: 'stopped', ...stats(depth) });
      // 2. Settle it.
      const settled = await Promise.all(handles.map((h) => ask(h, { t: 'settle' }, 'settled')));
      levelBytes = 0;
      // 3. Where the single-threaded search stops within the level (a last violation, the state limit), search the level
      // again one worker at a time, in order, each stopping where it stops.
      if (visited.size >= maxStates || log.wouldFill(settled.flatMap((r) => r.events.map((e) => e.vs)))) {
        visited = visited.grown(bits, depth + 1);
        await Promise.all(handles.map((h) => ask(h, { t: 'table', table: visited.buffer }, 'ready')));
        let base = levelStart;
        for (let w = 0; w < handles.length; w++) {
          const exact = { maxStates, found: log.names, left: log.max - log.found.length };
          let status = (await ask(handles[w]!, { t: 'expand', level: depth, base, exact }, 'expanded')).status;
          while (status === 'paused') {
            await grow();
            status = (await ask(handles[w]!, { t: 'resume', table: visited.buffer }, 'expanded')).status;
          }
          if (status === 'stopped') return ended({ kind: 'bounded', reason: 'stopped', ...stats(depth) });
          base += shares[w]!;
          const r = await ask(handles[w]!, { t: 'settle' }, 'settled');
          addLevel(r);
          for (const e of r.events) log.record(recorded(links, e.parent, e.op), e.vs);
          if (status === 'cut') break;
        }
        return log.found.length >= log.max ? violated(depth + 1) : ended({ kind: 'bounded', reason: 'max-states', ...stats(depth) });
      }
      for (const r of settled) addLevel(r);
      // The violations in order of their transitions (the workers' shares are in order).
      for (const r of settled) for (const e of r.events) log.record(recorded(links, e.parent, e.op), e.vs);
      for (const r of settled) for (let i = 0; i < r.parents.length; i++) links.add(r.parents[i]!, r.vias[i]!);
      const kept = settled.map((r) => r.parents.length);
      levelStart += size;
      depth++;
      if (handles.length < n && levelSize(kept) >= threadsFrom) {
        // Threads take a while to build the model; a stop asked for meanwhile ends the search at once (they are ended).
        const fresh = Array.from({ length: n - handles.length }, () => takeThread(pool));
        const ready = Promise.all(fresh.map((h, i) => init(h, handles.length + i)));
        await Promise.race([ready, stopAsked]);
        if (stopped) {
          starting.push(...fresh);
          void ready.catch(() => {});
          return ended({ kind: 'bounded', reason: 'stopped', ...stats(depth - 1) });
        }
        handles.push(...fresh);
        opts.onWorkers?.(handles.length);
        while (kept.length < handles.length) kept.push(0);
      }
      shares = await rebalance(handles, kept);
      if (visited.size > 2 ** bits * LEVEL_LOAD) await grow();
      opts.onProgress?.({ states: visited.size, transitions, depth, queue: levelSize(shares) });
    }
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    clearInterval(timer);
    try {
      // What the observers gathered, from a search that ended (not one a worker's failure ended).
      if (!failed)
        for (const d of await Promise.all(handles.map((h) => ask(h, { t: 'finish' }, 'finished')))) if (d.collected !== undefined) opts.absorb?.(d.collected);
    } finally {
      // A failed thread is not given back: the pool's next search starts a new one.
      const threads = handles.slice(1);
      if (failed || !opts.pool) await Promise.all(threads.map((h) => h.close()));
      else IDLE.get(pool)!.push(...threads);
      await Promise.all(starting.map((h) => h.close()));
    }
  }
}

const levelSize = (shares: readonly number[]): number => shares.reduce((a, b) => a + b, 0);

/** The path of op indices to the transition by op `op` of state `parent`. */
const recorded = (links: ParentLinks, parent: number, op: number): number[] => [...links.pathTo(parent), op];

/** Evens out the next level's shares (`kept` per worker, in order): moves the states beyond each worker's even share to the worker whose share they fall in. Returns the new shares. */
async function rebalance(handles: readonly Handle[], kept: readonly number[]): Promise<number[]> {
  const n = handles.length;
  const total = levelSize(kept);
  const from: number[] = [0];
  for (const k of kept) from.push(from[from.length - 1]! + k);
  // Even shares. (Cutting them by each worker's count of transitions and new states in the last level balanced the
  // counts but not the time: measured whole-process, no faster.)
  const to = Array.from({ length: n + 1 }, (_, w) => Math.floor((total * w) / n));
  // Worker w holds [from[w], from[w+1]); its share is [to[w], to[w+1]).
  const runs: [number, number, number][][] = handles.map(() => []);
  for (let w = 0; w < n; w++)
    for (let v = 0; v < n; v++) {
      if (v === w) continue;
      const a = Math.max(from[w]!, to[v]!);
      const b = Math.min(from[w + 1]!, to[v + 1]!);
      if (a < b) runs[w]!.push([a - from[w]!, b - from[w]!, v]);
    }
  const gave = await Promise.all(handles.map((h, w) => (runs[w]!.length > 0 ? ask(h, { t: 'give', runs: runs[w]!.map(([a, b]) => [a, b] as const) }, 'gave') : undefined)));
  const front: MovedState[][] = handles.map(() => []);
  const back: MovedState[][] = handles.map(() => []);
  for (let w = 0; w < n; w++)
    runs[w]!.forEach(([, , v], i) => {
      const states = gave[w]!.runs[i]!;
      (w < v ? front : back)[v]!.push(...states);
    });
  await Promise.all(
    handles.map((h, w) => {
      const a = Math.max(from[w]!, to[w]!);
      const b = Math.min(from[w + 1]!, to[w + 1]!);
      const keep = a < b ? ([a - from[w]!, b - from[w]!] as const) : ([0, 0] as const);
      return ask(h, { t: 'take', front: front[w]!, keep, back: back[w]! }, 'took');
    }),
  );
  return to.slice(1).map((b, w) => b - to[w]!);
}
