/**
 * `memory-3p`: the memory scope's ops on three child partitions and five
 * frames, symmetry off (SPIN visits all 7,352,019 of its states: see
 * ../shared/peers/spin/). The bench searches it up to `MEMORY_3P_STATES`
 * and reports the search as bounded, with its speed and its memory: the
 * store's bytes per state and the whole process's (the growth of the
 * resident set, sampled at every progress report, over the states).
 */
import { exploring } from '../src/check/explore.js';
import { EXPLORE_CONFIG, MEMORY_SCOPE } from '../src/check/explore-config.js';
import { scopeOptions } from '../src/check/scopes.js';
import { buildWorld } from '../src/faults/build-world.js';
import type { Config } from '../src/system/config.js';

/** Three children with one VP and one GPA page each on five frames (one reserved, one the root's, three free). */
export const MEMORY_3P_CONFIG: Config = {
  ...EXPLORE_CONFIG,
  frames: 5,
  partitions: [
    { id: 'p1', vps: 1, gpaPages: 1 },
    { id: 'p2', vps: 1, gpaPages: 1 },
    { id: 'p3', vps: 1, gpaPages: 1 },
  ],
};

/** States the bench's search of memory-3p stops at. */
export const MEMORY_3P_STATES = 500_000;

/** SPIN's state count of the same scope (the whole space), for the share reached. */
export const MEMORY_3P_SPIN_STATES = 7_352_019;

/** Searches memory-3p up to `maxStates` states: the result, states per second, store and whole-process bytes per state. */
export function memory3pFigures(maxStates = MEMORY_3P_STATES) {
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const t = performance.now();
  const gen = exploring(buildWorld(MEMORY_3P_CONFIG), { ...scopeOptions(MEMORY_SCOPE), symmetry: false, maxStates, progressEvery: 4096 });
  let step = gen.next();
  while (!step.done) {
    peak = Math.max(peak, process.memoryUsage().rss);
    step = gen.next();
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const seconds = (performance.now() - t) / 1000;
  const r = step.value;
  return {
    config: 'memory-3p (three children, five frames)',
    symmetry: false,
    result: r.kind === 'bounded' ? `bounded (${r.reason})` : r.kind,
    states: r.states,
    transitions: r.transitions,
    depth: r.depth,
    seconds: Math.round(seconds * 100) / 100,
    statesPerSecond: Math.round(r.states / seconds),
    storeBytesPerState: Math.round((r.storeBytes / r.states) * 10) / 10,
    processBytesPerState: Math.round((peak - rss0) / r.states),
    shareOfSpinStates: Math.round((r.states / MEMORY_3P_SPIN_STATES) * 1000) / 1000,
  };
}
