/**
 * The benchmark behind `npm run bench` (`hvspec bench --json`): speed is
 * measured here, never asserted by a test.
 *
 * - explorer: distinct states per second, transitions per second and
 *   bytes per stored state on the default explore config, a larger one,
 *   and the other large and new scopes;
 * - where the explorer's time goes on the default scope, by phase, next
 *   to the budget per transition that 300,000 distinct states per second
 *   would leave (`explorer-profile.ts`);
 * - the whole I/O state space of a tiny host (`io-state-space.ts`),
 *   searched without the explorer: its size and that it ends;
 * - random engine: steps per second with every property checked (and the
 *   counters and coverage observers on), the incremental property checks on
 *   and off, and the share of time in the step, the properties, the op
 *   choice and the observers (`random-profile.ts`);
 * - per fault (every catalogued one): the random engine's median time to
 *   find and shrink a counterexample and its median length over a few
 *   seeds, next to the explorer's shortest length, both in the default
 *   scope that lists the fault (its config and op kinds);
 * - the machine: Node version and CPU.
 */
import { cpus } from 'node:os';
import { explore, exploring } from '../src/check/explore.js';
import { EXPLORE_CONFIG, EXPLORE_SCOPES, MEMORY_SCOPE, TWO_VP_SCOPE, DM_SCOPE, DM_ACCESS_SCOPE, VMBUS_SCOPE, SYNIC_SCOPE, type ExploreScope } from '../src/check/explore-config.js';
import { scopeOptions } from '../src/check/scopes.js';
import { OP_TYPES } from '../src/system/ops.js';
import { checkRandom } from '../src/check/random.js';
import { FAULTS } from '../src/faults/catalogue.js';
import { buildWorld } from '../src/faults/build-world.js';
import { DEFAULT_CONFIG, type Config } from '../src/system/config.js';
import { INVARIANTS } from '../properties/index.js';
import { explorerProfile } from './explorer-profile.js';
import { median } from './median.js';
import { ioStateSpace, IO_BENCH_DEPTH } from './io-state-space.js';
import { MEMORY_3P_STATES } from './memory-3p.js';
import { randomSpeed, RANDOM_SPEED_RUNS, RANDOM_SPEED_DEPTH } from './random-profile.js';

/** A larger explorer configuration: the default with one more root frame (about 4.5 times the states of the memory scope). */
export const LARGER_EXPLORE_CONFIG: Config = { ...EXPLORE_CONFIG, frames: 5, rootFrames: 2 };

/** Seeds the per-fault random runs use. */
export const BENCH_SEEDS = [1, 2, 3, 4, 5] as const;

const now = (): number => performance.now();
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The figures every explorer row reports: what the search found, and how fast, over `s` seconds. */
function searchFigures(config: string, symmetry: boolean, r: { kind: string; states: number; transitions: number; depth: number }, s: number) {
  return { config, symmetry, result: r.kind, states: r.states, transitions: r.transitions, depth: r.depth, seconds: round(s, 2), statesPerSecond: Math.round(r.states / s) };
}

/** One explorer measurement: a scope's ops on `config`. */
function exploreFigures(name: string, scope: ExploreScope, config: Config, symmetry: boolean) {
  const t = now();
  const r = explore(buildWorld(config), { ...scopeOptions(scope), symmetry });
  const s = (now() - t) / 1000;
  // The frontier's peak in bytes (its encoded states at the widest level) beside the store's bytes per state.
  return { ...searchFigures(name, symmetry, r, s), transitionsPerSecond: Math.round(r.transitions / s), bytesPerState: round(r.storeBytes / r.states), frontierPeakBytes: r.frontierBytes };
}

/** Interchangeable children measured with symmetry on: the canonical form sorts them, it never builds n! renamings. */
export const SYMMETRY_SCALE_CHILDREN = [8, 12] as const;

/** States a search of many interchangeable children stops at (the search is bounded: the spaces are far larger). */
export const SYMMETRY_SCALE_STATES = 20_000;

/** `n` interchangeable children with one VP and one GPA page each, on two frames more than children. */
export function interchangeableChildren(n: number): Config {
  return { ...EXPLORE_CONFIG, frames: n + 2, partitions: Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, vps: 1, gpaPages: 1 })) };
}

/**
 * The memory scope's ops on `n` interchangeable children with symmetry,
 * bounded at `SYMMETRY_SCALE_STATES`: states, states per second and the
 * peak heap sampled at every progress report (building every renaming up
 * front took 1.9 GB at 8 children and ran out of memory at 9).
 */
export function symmetryScaleFigures(n: number) {
  const gen = exploring(buildWorld(interchangeableChildren(n)), { ...scopeOptions(MEMORY_SCOPE), maxStates: SYMMETRY_SCALE_STATES, progressEvery: 1024 });
  let peak = process.memoryUsage().heapUsed;
  const t = now();
  let step = gen.next();
  while (!step.done) {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    step = gen.next();
  }
  const s = (now() - t) / 1000;
  return { ...searchFigures(`memory, ${n} interchangeable children (bounded)`, true, step.value, s), peakHeapMB: round(peak / 2 ** 20) };
}

/** The default scope that lists `fault` (every catalogued fault is listed by one). */
export function scopeOfFault(fault: string): ExploreScope {
  const scope = EXPLORE_SCOPES.find((sc) => sc.faults.includes(fault));
  if (!scope) throw new Error(`no default scope lists the fault ${fault}`);
  return scope;
}

/**
 * One fault: the explorer's shortest counterexample in the scope that
 * lists it, and the random engine on that scope's config and op kinds
 * (every other kind weighted 0; the scope's argument filter and budget do
 * not apply), seeds 1-5: how often it caught the fault, the median and
 * longest shrunk length, and the ratio of the median to the explorer's
 * shortest for the same property.
 */
export function faultFigures(fault: string) {
  const scope = scopeOfFault(fault);
  const world = buildWorld(scope.config, [fault]);
  const ex = explore(world, { ...scopeOptions(scope), goals: [] });
  const weights = Object.fromEntries(OP_TYPES.filter((t) => !scope.opTypes.includes(t)).map((t) => [t, 0]));
  const shortest = ex.kind === 'violated' ? ex.counterexample.ops.length : null;
  const lengths: number[] = [];
  const times: number[] = [];
  const properties = new Set<string>();
  for (const seed of BENCH_SEEDS) {
    const t0 = now();
    const r = checkRandom(world, { seed, runs: 300, depth: 40, invariants: INVARIANTS, goals: [], weights });
    times.push(now() - t0);
    if (r.kind === 'violated') {
      lengths.push(r.counterexample.ops.length);
      properties.add(r.counterexample.property);
    }
  }
  const shrunk = lengths.length ? median(lengths) : null;
  // The explorer's shortest for the property the random engine reported, when that differs.
  const sameProperty = [...properties][0];
  let shortestSame = shortest;
  if (sameProperty && ex.kind === 'violated' && ex.counterexample.property !== sameProperty) {
    const only = explore(world, { ...scopeOptions(scope), invariants: INVARIANTS.filter((p) => p.name === sameProperty), liveness: [], goals: [] });
    shortestSame = only.kind === 'violated' ? only.counterexample.ops.length : null;
  }
  return {
    fault,
    scope: scope.name,
    explorerProperty: ex.kind === 'violated' ? ex.counterexample.property : null,
    explorerShortest: shortest,
    randomCaught: `${lengths.length}/${BENCH_SEEDS.length}`,
    randomProperties: [...properties],
    randomLengths: lengths,
    randomMedianLength: shrunk,
    randomMaxLength: lengths.length ? Math.max(...lengths) : null,
    randomMedianMs: Math.round(median(times)),
    explorerShortestSameProperty: shortestSame,
    ratio: shrunk !== null && shortestSame ? round(shrunk / shortestSame, 2) : null,
  };
}

/** The explorer configurations measured with symmetry on and off: name, scope (its ops), config. */
export const EXPLORER_BENCH_RUNS = [
  ['memory (default)', MEMORY_SCOPE, EXPLORE_CONFIG],
  ['memory, larger (5 frames)', MEMORY_SCOPE, LARGER_EXPLORE_CONFIG],
  ['intercepts-two-vps', TWO_VP_SCOPE, TWO_VP_SCOPE.config],
] as const;

/**
 * Runs `f` as the stage `section` (a name of `BENCH_SECTIONS`, src/cli/commands/bench.ts): its first log line and a closing one
 * with its time carry the section's name; the seconds go to `seconds`.
 */
export function stage<T>(section: string, log: (line: string) => void, seconds: Record<string, number>, f: (log: (line: string) => void) => T): T {
  const t = now();
  const r = f((line) => log(`[${section}] ${line}`));
  seconds[section] = round((now() - t) / 1000, 1);
  log(`[${section}] done in ${seconds[section]} s`);
  return r;
}

/** The explorer rows: the memory scope (and a larger config) and intercepts-two-vps with symmetry on and off, the scopes of one child with it on. */
function explorerFigures(log: (line: string) => void) {
  const explorer = [];
  for (const [name, scope, cfg] of EXPLORER_BENCH_RUNS)
    for (const symmetry of [true, false]) {
      log(`${name}, symmetry ${symmetry ? 'on' : 'off'}`);
      explorer.push(exploreFigures(name, scope, cfg, symmetry));
    }
  // The scopes of one child (symmetry has nothing to merge there): symmetry on only.
  for (const scope of [DM_SCOPE, DM_ACCESS_SCOPE, VMBUS_SCOPE, SYNIC_SCOPE]) {
    log(scope.name);
    explorer.push(exploreFigures(scope.name, scope, scope.config, true));
  }
  return explorer;
}

/** The I/O path of the tiny host, searched to `IO_BENCH_DEPTH` levels (the whole space is two minutes of this plain search: see io-state-space.ts). */
function ioFigures() {
  const t = now();
  const io = ioStateSpace(IO_BENCH_DEPTH);
  return { ...io, bounded: { maxDepth: IO_BENCH_DEPTH }, seconds: round((now() - t) / 1000, 2) };
}

/**
 * Runs the measurements of the sections `wants` accepts (every one by
 * default); `log` gets a line per stage (stderr in the CLI), each naming
 * its section. A section not run is absent from the result.
 */
export function runBench(log: (line: string) => void = () => {}, wants: (section: string) => boolean = () => true) {
  const seconds: Record<string, number> = {};
  const run = <T>(section: string, f: (log: (line: string) => void) => T): T | undefined => (wants(section) ? stage(section, log, seconds, f) : undefined);
  // Warm up the JIT and the transition memo, so the first figure is not the cold start.
  if (wants('explorer') || wants('symmetry') || wants('phases')) explore(buildWorld(EXPLORE_CONFIG), { ...scopeOptions(MEMORY_SCOPE), maxStates: 5000 });
  const explorer = run('explorer', explorerFigures);
  const symmetryScale = run('symmetry', (log) =>
    SYMMETRY_SCALE_CHILDREN.map((n) => {
      log(`memory, ${n} interchangeable children, symmetry on, up to ${SYMMETRY_SCALE_STATES} states`);
      return symmetryScaleFigures(n);
    }),
  );
  const explorerPhases = run('phases', (log) => {
    log('memory, profiled by phase');
    return explorerProfile();
  });
  const ioStates = run('io', (log) => {
    log(`I/O path of a tiny host: breadth-first to depth ${IO_BENCH_DEPTH}`);
    return ioFigures();
  });
  const random = run('random', (log) => {
    log(`default config, ${RANDOM_SPEED_RUNS} runs of up to ${RANDOM_SPEED_DEPTH} ops, every property, incremental checks on and off, then profiled`);
    return randomSpeed(DEFAULT_CONFIG);
  });
  const faults = run('faults', (log) =>
    FAULTS.map((f) => {
      log(f.name);
      return faultFigures(f.name);
    }),
  );

  return {
    machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
    stageSeconds: seconds,
    ...(explorer ? { explorer } : {}),
    ...(symmetryScale ? { symmetryScale } : {}),
    ...(explorerPhases ? { explorerPhases } : {}),
    ...(ioStates ? { ioStateSpace: ioStates } : {}),
    ...(random ? { random } : {}),
    ...(faults ? { faults } : {}),
    notes: [
      `symmetryScale: the memory scope's ops on 8 and 12 interchangeable children (one VP, one GPA page each, two more frames than children), symmetry on, stopped at ${SYMMETRY_SCALE_STATES} states; peakHeapMB is the largest heap seen at the search's progress reports`,
      'explorer figures are for the memory scope (and a larger config), intercepts-two-vps and the Dynamic Memory, VMBus and SynIC scopes, one core; goals, liveness and the step parts of invariants are judged on every transition, state parts once per distinct state',
      `ioStateSpace: the states of the I/O path of a tiny host within ${IO_BENCH_DEPTH} ops of boot (bench/io-state-space.ts: one guest, one VP, one LP, one I/O and one message at a time), searched without the explorer, every interrupt invariant checked in each; bounded: the reachable space is infinite (the interrupt ledger keeps one delivered event per I/O round trip until the guest handles the event flag), so complete is false and nothing is claimed beyond that depth (the test suite runs it to depth 10)`,
      "explorerPhases: one search of the memory scope under V8's sampling profiler, each sample charged to the phase of the nearest frame on its stack that belongs to one (built-ins to their caller); the budget is what 300,000 distinct states per second leaves per transition at that scope's transitions per state",
      "faults: the explorer's shortest in the default scope that lists the fault; the random engine on that scope's config and op kinds (not its argument filter or budget), seeds 1-5, 300 runs of up to 40 ops; time is find plus shrink; ratio = median shrunk length / explorer shortest for the same property",
      `random: ${RANDOM_SPEED_RUNS} runs of up to ${RANDOM_SPEED_DEPTH} ops on the default host after a warm-up of a quarter as many, seed 1, every invariant and goal, counters and coverage observers on; seconds are CPU time of the one thread; full = every property judged after every step (incremental off); phases: the sampling profiler around a third, incremental check, each sample charged to the nearest frame naming a phase (other: fast-check, the run loop, garbage collection)`,
      `memory3p: the memory scope's ops on three children and five frames, symmetry off, stopped at ${MEMORY_3P_STATES} states (bounded: SPIN visits all 7,352,019); processBytesPerState is the growth of the resident set, sampled every 4096 expanded states, over the states`,
      'stageSeconds: wall seconds of each section run (`hvspec bench --only SECTION[,SECTION]` runs some)',
      '`npm run bench` runs the compiled package (dist/, as tsc emits it, not bundled); from the sources (`npm run hvspec -- bench`, through the tsx loader, which compiles with keepNames and wraps every named closure creation) the random engine runs about a quarter slower',
      'each figure is one run after a 5,000-state warm-up; `npx tsx bench/explore-speed.ts` repeats the explorer figures with CPU time (later runs of a configuration are faster: the machine memo is filled)',
    ],
  };
}

/** The benchmark's JSON document. */
export type BenchReport = ReturnType<typeof runBench>;
