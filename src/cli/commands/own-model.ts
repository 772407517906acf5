/**
 * `hvspec check` and `hvspec explore` on a config module's own model
 * (`model` in hvspec.config.ts): the random engine and the explorer run on
 * it with its own properties, and print what they found in hvspec's words
 * (the command then writes its report: ../own-model-report.ts). Machine
 * coverage, saved failures and faults belong to hvspec's System and do not
 * apply.
 */
import { driveSearch, SEARCH_PAUSE_EVERY } from '../search-turns.js';
import type { AnyModel } from '../../config/define-config.js';
import type { ModelCounterexample } from '../../check/result.js';
import { checkModelStoppable, RANDOM_DEFAULTS, type ModelRandomResult } from '../../check/random.js';
import { exploringModel, type ModelExploreResult } from '../../check/explore.js';
import { EXIT } from '../usage.js';
import type { Io } from '../io.js';
import type { StopRequest } from '../stop.js';

/** What a run on the config's model prints as JSON, and its exit status. */
export interface OwnModelRun {
  readonly status: number;
  readonly json?: string;
  /** What the random engine found (a random check). */
  readonly random?: ModelRandomResult<unknown, unknown>;
  /** What the explorer found (an exploration). */
  readonly explored?: ModelExploreResult<unknown, unknown>;
}

/** The counterexample of a model as hvspec prints one: the claim, how it was found, and the numbered steps, the last one marked. */
export function formatModelCounterexample(model: AnyModel, cx: ModelCounterexample<unknown, unknown>, engine: 'random' | 'explore'): string[] {
  const n = cx.steps.length;
  const how = engine === 'explore' ? 'shortest, by exhaustive search' : `shrunk ${cx.shrinks ?? 0} time${cx.shrinks === 1 ? '' : 's'}`;
  const lines = [`✗ ${cx.property}  violated ${n === 0 ? 'in the initial state' : `after ${n} step${n === 1 ? '' : 's'}`} (${how})`];
  if (cx.seed !== undefined) lines.push(`  seed ${cx.seed}${cx.path !== undefined ? ` · path "${cx.path}"` : ''}`);
  cx.steps.forEach((s, i) => lines.push(`  ${i + 1}. ${model.describe(s.op)}${i === n - 1 ? `  ✗ ${cx.message}` : ''}`));
  if (n === 0) lines.push(`  ✗ ${cx.message}`);
  if (cx.alsoViolated.length) lines.push(`  also violated at that step: ${cx.alsoViolated.join(', ')}`);
  return lines;
}

/** JSON of a counterexample: its ops as the model describes them. */
const cxJson = (model: AnyModel, cx: ModelCounterexample<unknown, unknown>) => ({
  property: cx.property,
  message: cx.message,
  alsoViolated: cx.alsoViolated,
  steps: cx.steps.map((s) => model.describe(s.op)),
  ...(cx.seed !== undefined ? { seed: cx.seed } : {}),
  ...(cx.path !== undefined ? { path: cx.path } : {}),
  ...(cx.shrinks !== undefined ? { shrinks: cx.shrinks } : {}),
});

/** Options of a random check of the config's model. */
export interface OwnCheckOptions {
  readonly seed?: number | undefined;
  readonly runs?: number | undefined;
  readonly depth?: number | undefined;
  readonly path?: string | undefined;
  readonly json: boolean;
}

/** `hvspec check` on the config's model: the random engine, its result printed (or as JSON). */
export async function checkOwnModel(model: AnyModel, name: string, o: OwnCheckOptions, io: Io, stop: StopRequest): Promise<OwnModelRun> {
  const seed = o.seed ?? RANDOM_DEFAULTS.seed;
  const runs = o.runs ?? RANDOM_DEFAULTS.runs;
  const depth = o.depth ?? RANDOM_DEFAULTS.depth;
  const { result: r, stopped } = await checkModelStoppable(
    model,
    { seed, runs, depth, ...(o.path !== undefined ? { path: o.path } : {}), ...(o.json ? {} : { onProgress: (done: number) => io.progress(`  ${done}/${runs} runs`) }) },
    () => stop.signal !== undefined,
  );
  io.progress('');
  const status = stopped ? EXIT.BOUNDED : r.kind === 'holds' ? EXIT.HOLDS : r.kind === 'violated' ? EXIT.VIOLATED : EXIT.BOUNDED;
  if (o.json)
    return {
      status,
      random: r,
      json: JSON.stringify({ engine: 'random', model: name, seed, kind: r.kind, runs: r.runs, steps: r.steps, invariants: r.invariants, goals: r.goals, ...(r.kind === 'violated' ? { counterexample: cxJson(model, r.counterexample) } : {}), exitStatus: status }),
    };
  io.out(`hvspec check · random engine · seed ${seed} · ${r.runs} runs of up to ${depth} ops · the model of ${name}`);
  if (r.kind === 'violated') io.out(...formatModelCounterexample(model, r.counterexample, 'random'));
  else {
    io.out(`  ✓ ${r.invariants.length} claim${r.invariants.length === 1 ? '' : 's'} hold: ${r.invariants.map((i) => i.name).join(', ') || 'none'}`);
    const reached = r.goals.filter((g) => g.reachedIn > 0).map((g) => g.name);
    if (reached.length) io.out(`  ✓ goals reached: ${reached.join(', ')}`);
    if (r.kind === 'unreached') io.out(`  ? goals never reached: ${r.unreached.join(', ')}`);
    if (stopped) io.out(`  bounded: stopped after ${r.runs} of ${runs} runs`);
  }
  return { status, random: r };
}

/** Options of an exploration of the config's model. */
export interface OwnExploreOptions {
  readonly maxStates?: number | undefined;
  readonly maxDepth?: number | undefined;
  readonly json: boolean;
}

/** The exit status of an exploration of a model: 1 a violation or a deadlock, 3 bounded or a goal unreachable, 0 otherwise. */
const exploreStatusOf = (r: ModelExploreResult<unknown, unknown>): number =>
  r.kind === 'violated' || r.deadlockCount > 0 ? EXIT.VIOLATED : r.kind === 'bounded' || r.unreached.length > 0 ? EXIT.BOUNDED : EXIT.HOLDS;

/** `hvspec explore` on the config's model: every reachable state, its result printed (or as JSON). */
export async function exploreOwnModel(model: AnyModel, name: string, o: OwnExploreOptions, io: Io, stop: StopRequest): Promise<OwnModelRun> {
  const stopping = (): boolean => stop.signal !== undefined;
  const gen = exploringModel(model, { ...(o.maxStates !== undefined ? { maxStates: o.maxStates } : {}), ...(o.maxDepth !== undefined ? { maxDepth: o.maxDepth } : {}), progressEvery: SEARCH_PAUSE_EVERY, shouldStop: stopping });
  const r = await driveSearch(gen, (p) => !o.json && io.progress(`  ${p.states} states · depth ${p.depth} · queue ${p.queue}`), stopping);
  io.progress('');
  const status = exploreStatusOf(r);
  const { kind, states, transitions, depth, unreached, deadlockCount, invariants, liveness } = r;
  if (o.json)
    return {
      status,
      explored: r,
      json: JSON.stringify({ engine: 'explore', model: name, kind, states, transitions, depth, invariants, liveness, unreached, deadlockCount, ...(r.kind === 'violated' ? { counterexample: cxJson(model, r.counterexample) } : {}), ...(r.kind === 'bounded' ? { reason: r.reason } : {}), exitStatus: status }),
    };
  io.out(`hvspec explore · the model of ${name} · ${states} states, ${transitions} transitions, depth ${depth}${r.symmetry ? ' · symmetry' : ''}`);
  if (r.kind === 'violated') io.out(...formatModelCounterexample(model, r.counterexample, 'explore'));
  else {
    const what = r.kind === 'complete' ? 'on every reachable state' : `as far as the search went (bounded: ${r.reason})`;
    io.out(`  ✓ ${invariants.length} claim${invariants.length === 1 ? '' : 's'} and ${liveness.length} bounded-liveness propert${liveness.length === 1 ? 'y' : 'ies'} hold ${what}`);
    if (unreached.length) io.out(`  ? goals unreachable: ${unreached.join(', ')}`);
  }
  if (deadlockCount > 0) io.out(`  ✗ ${deadlockCount} deadlock${deadlockCount === 1 ? '' : 's'}: reachable states where no op applies`);
  return { status, explored: r };
}
