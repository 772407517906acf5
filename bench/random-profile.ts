/**
 * The random engine's speed with every property, as `hvspec check` runs it
 * (the counters and coverage observers on): steps per second with the
 * incremental property checks on and off, and where the time goes, from
 * the V8 sampling profiler around one whole check: the step, the
 * properties, the op choice (listing the enabled ops and drawing one), the
 * observers, and the rest (fast-check, the run loop, garbage collection);
 * and how the machines' memo answered their steps (its hit rate).
 */
import { checkRandom } from '../src/check/random.js';
import { buildWorld } from '../src/faults/build-world.js';
import { DEFAULT_CONFIG, type Config } from '../src/system/config.js';
import { INVARIANTS, GOALS } from '../properties/index.js';
import { CoverageCollector } from '../src/coverage/collector.js';
import { profiled, sampleMicros, type ProfileNode } from './explorer-profile.js';
import { advanceStats, resetAdvanceStats } from '../src/system/machine-runtime.js';

/** The runs measured. */
export const RANDOM_SPEED_RUNS = 1000;

/** The most ops per run measured (the depth of `hvspec check`). */
export const RANDOM_SPEED_DEPTH = 40;

/** The functions that list and draw ops (with the kind view's `has` and `of`, and every record's `enabled` and `any` under them). */
const OP_CHOICE = new Set(['exploreOps', 'listOps', 'drawByKind', 'drawFromView', 'draw']);

/** Which part of the check a sample belongs to: the nearest frame on its stack that names one (first rule that matches, leaf upwards). */
const PHASES: readonly (readonly [phase: string, test: (fn: string, url: string) => boolean])[] = [
  ['properties', (fn, url) => /\/properties\//.test(url) || /\/src\/engine\/judge\.|\/src\/system\/state-parts\./.test(url)],
  ['observers', (_fn, url) => /\/src\/coverage\/|\/src\/check\/counters-observer\.|\/src\/system\/counters\./.test(url)],
  ['op choice', (fn, url) => OP_CHOICE.has(fn) || /\/src\/system\/enabled/.test(url) || (/\/src\/check\/system-model\./.test(url) && /(^|\.)(has|of)$/.test(fn))],
  ['step', (fn) => fn === 'applyOp' || fn === 'route' || fn === 'standardApply'],
];

function phaseOf(id: number, byId: Map<number, ProfileNode>, parent: Map<number, number>): string {
  if (byId.get(id)!.callFrame.functionName === '(garbage collector)') return 'other';
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const { functionName, url } = byId.get(cur)!.callFrame;
    for (const [phase, test] of PHASES) if (test(functionName, url)) return phase;
  }
  return 'other';
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** One check of `runs` runs on `config` with every property and both observers; its steps per second (CPU time of this thread). */
function timedCheck(config: Config, runs: number, incremental: boolean) {
  const world = buildWorld(config);
  const collector = new CoverageCollector();
  const t = process.cpuUsage();
  const r = checkRandom(world, { seed: 1, runs, depth: RANDOM_SPEED_DEPTH, invariants: INVARIANTS, goals: GOALS, incremental, observers: [collector.observer('random')] });
  const u = process.cpuUsage(t);
  const seconds = (u.user + u.system) / 1e6;
  return { result: r.kind, runs: r.runs, steps: r.steps, seconds: round(seconds, 2), stepsPerSecond: Math.round(r.steps / seconds) };
}

/** The faster of two measurements of the same check (the same runs and steps). */
const faster = <T extends { seconds: number }>(a: T, b: T): T => (b.seconds < a.seconds ? b : a);

/**
 * The random engine's figures on `config`: a warm-up check (the machines'
 * memo and the JIT fill, as in any long run), then the check with the
 * incremental property checks on and off, each twice in turn (the faster
 * of each is reported), and on under the profiler.
 */
export function randomSpeed(config: Config = DEFAULT_CONFIG, runs = RANDOM_SPEED_RUNS) {
  timedCheck(config, Math.max(1, runs >> 2), true);
  resetAdvanceStats();
  const incrementalFirst = timedCheck(config, runs, true);
  const memo = advanceStats();
  // Each way twice, in turn, and the faster of each: the JIT keeps warming through the first checks, which would favour whichever ran last.
  const fullFirst = timedCheck(config, runs, false);
  const incremental = faster(incrementalFirst, timedCheck(config, runs, true));
  const full = faster(fullFirst, timedCheck(config, runs, false));
  let steps = 0;
  const profile = profiled(() => {
    steps = timedCheck(config, runs, true).steps;
  });
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const micros = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const p = phaseOf(id, byId, parent);
    micros.set(p, (micros.get(p) ?? 0) + sampleMicros(profile.timeDeltas[i]));
  });
  const sampled = [...micros.values()].reduce((a, b) => a + b, 0);
  const phases = Object.fromEntries(
    ['step', 'properties', 'op choice', 'observers', 'other'].map((p) => [p, { share: round((micros.get(p) ?? 0) / sampled, 3), microsecondsPerStep: round((micros.get(p) ?? 0) / steps, 2) }]),
  );
  // How the machines' memo answered the incremental check's machine steps (after the warm-up filled it, as in any long run).
  const machineMemo = { ...memo, hitRate: round((memo.instanceHits + memo.memoHits) / Math.max(1, memo.calls), 4), perStep: round(memo.calls / Math.max(1, incremental.steps), 1) };
  return { config: config === DEFAULT_CONFIG ? 'default' : 'given', depth: RANDOM_SPEED_DEPTH, properties: INVARIANTS.length + GOALS.length, incremental, full, speedup: round(incremental.stepsPerSecond / full.stepsPerSecond, 2), phases, machineMemo };
}
