/**
 * How soon a search honours a stop request (Ctrl-C, SIGTERM, the memory
 * budget): every default scope is searched as `hvspec explore` searches it
 * (the command line's `runExplore`, which polls the request after every
 * expanded state and lets the event loop run every `TURN_MS`), and a swarm
 * member as `hvspec explore --swarm 1/1` runs one, with a stop request that
 * is never made but times every poll. A signal's handler runs when the
 * event loop does, and the search stops at the next poll after it, so the
 * time to honour a stop is at most the longest block of the event loop
 * plus the longest gap between two polls; both are reported per scope.
 * The command line builds the searches (its own `runExplore` and
 * `runSwarm`), so that nothing here imports it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** States a swarm member searches of each scope here (its bit-state search would otherwise run until its table is full). */
export const SWARM_LATENCY_STATES = 20_000;

/** States the search of memory-3p (the largest scope, the slowest per state) runs to here. */
export const MEMORY_3P_LATENCY_STATES = 50_000;

/** A stop request nobody makes (the command line's `StopRequest`, never set). */
export interface UnsetStop {
  readonly signal: undefined;
}

/** A search the command line runs as its commands do (src/cli/commands/bench.ts builds them): its engine, its scope, and how to run it with a stop request. */
export interface TimedSearch {
  readonly engine: 'explore' | 'swarm';
  readonly scope: string;
  run(stop: UnsetStop): Promise<unknown>;
}

/** A stop request nobody makes that times the gaps between its polls. */
class TimedStop implements UnsetStop {
  polls = 0;
  worstGapMs = 0;
  private last = performance.now();
  get signal(): undefined {
    const t = performance.now();
    this.worstGapMs = Math.max(this.worstGapMs, t - this.last);
    this.last = t;
    this.polls++;
    return undefined;
  }
}

const ms = (x: number): number => Math.round(x * 10) / 10;

/** Runs one search with a timed stop request and the event loop's delay watched: the longest gap between polls and the longest block of the loop, in ms. */
async function timed(search: TimedSearch) {
  const stop = new TimedStop();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t = performance.now();
  await search.run(stop);
  const seconds = (performance.now() - t) / 1000;
  loop.disable();
  return { engine: search.engine, scope: search.scope, polls: stop.polls, seconds: ms(seconds), worstGapMs: ms(stop.worstGapMs), worstEventLoopBlockMs: ms(loop.max / 1e6) };
}

/** Times each search in turn (every default scope searched whole by the explorer, memory-3p bounded, each default scope by one swarm member, bounded): the stop request's worst poll gap per search. */
export async function stopLatency(searches: readonly TimedSearch[], log: (line: string) => void = () => {}) {
  const scopes = [];
  for (const search of searches) {
    log(`${search.engine} ${search.scope}`);
    scopes.push(await timed(search));
  }
  const worst = scopes.reduce((a, b) => (b.worstGapMs > a.worstGapMs ? b : a));
  return {
    scopes,
    worstGapMs: worst.worstGapMs,
    worstScope: `${worst.engine} ${worst.scope}`,
    worstEventLoopBlockMs: Math.max(...scopes.map((s) => s.worstEventLoopBlockMs)),
    note: `each default scope searched whole as hvspec explore does, memory-3p (symmetry off) to ${MEMORY_3P_LATENCY_STATES} states, and a swarm member (1/1, 2^22-bit table) on each default scope to ${SWARM_LATENCY_STATES} states; worstGapMs: the longest time between two polls of the stop request; worstEventLoopBlockMs: the longest the event loop was kept from running (a signal's handler waits that long), from perf_hooks' event-loop delay at 10 ms resolution`,
  };
}
