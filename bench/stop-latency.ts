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
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { exploreJobs, runExplore, EXPLORE_MAX_STATES, type ExploreJob } from '../src/cli/commands/explore.js';
import { runSwarm, SWARM_MAX_DEPTH } from '../src/cli/swarm-run.js';
import type { StopRequest, StopSignal } from '../src/cli/stop.js';
import type { Io } from '../src/cli/io.js';
import { MEMORY_SCOPE } from '../src/check/explore-config.js';
import { scopeOptions } from '../src/check/scopes.js';
import { buildWorld } from '../src/faults/build-world.js';
import { MEMORY_3P_CONFIG } from './memory-3p.js';

/** States a swarm member searches of each scope here (its bit-state search would otherwise run until its table is full). */
export const SWARM_LATENCY_STATES = 20_000;

/** States the search of memory-3p (the largest scope, the slowest per state) runs to here. */
export const MEMORY_3P_LATENCY_STATES = 50_000;

/** A stop request nobody makes that times the gaps between its polls. */
class TimedStop implements StopRequest {
  polls = 0;
  worstGapMs = 0;
  private last = performance.now();
  get signal(): StopSignal | undefined {
    const t = performance.now();
    this.worstGapMs = Math.max(this.worstGapMs, t - this.last);
    this.last = t;
    this.polls++;
    return undefined;
  }
}

const quiet: Io = { out: () => {}, err: () => {}, progress: () => {} };
const ms = (x: number): number => Math.round(x * 10) / 10;

/** Runs `search` with a timed stop request and the event loop's delay watched: the longest gap between polls and the longest block of the loop, in ms. */
async function timed(engine: 'explore' | 'swarm', scope: string, search: (stop: StopRequest) => Promise<unknown>) {
  const stop = new TimedStop();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t = performance.now();
  await search(stop);
  const seconds = (performance.now() - t) / 1000;
  loop.disable();
  return { engine, scope, polls: stop.polls, seconds: ms(seconds), worstGapMs: ms(stop.worstGapMs), worstEventLoopBlockMs: ms(loop.max / 1e6) };
}

/** The search of memory-3p as `hvspec explore --config` would run it with the memory scope's ops, bounded. */
function memory3pJob(): ExploreJob {
  return { name: 'memory-3p', description: 'the memory scope on three children and five frames', configName: 'memory-3p', world: buildWorld(MEMORY_3P_CONFIG), opts: { ...scopeOptions(MEMORY_SCOPE), symmetry: false, maxStates: MEMORY_3P_LATENCY_STATES } };
}

/** Every default scope searched whole by the explorer, memory-3p bounded, and each default scope by one swarm member (bounded): the stop request's worst poll gap per search. */
export async function stopLatency(log: (line: string) => void = () => {}) {
  const jobs = exploreJobs(undefined, undefined, [], { maxStates: EXPLORE_MAX_STATES });
  const scopes = [];
  for (const job of [...jobs, memory3pJob()]) {
    log(`explore ${job.name}`);
    scopes.push(await timed('explore', job.name, (stop) => runExplore(quiet, job, true, undefined, stop)));
  }
  for (const job of jobs) {
    log(`swarm 1/1 ${job.name}, up to ${SWARM_LATENCY_STATES} states`);
    scopes.push(await timed('swarm', job.name, (stop) => runSwarm(quiet, [job], { member: { k: 1, n: 1 }, tableBits: 22, maxDepth: SWARM_MAX_DEPTH, maxStates: SWARM_LATENCY_STATES, json: true }, undefined, stop)));
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
