/**
 * `hvspec explore`: exhaustive breadth-first search of small
 * configurations (by default the explorer's scopes, which complete in
 * seconds; see src/check/explore-config.ts). Exit status: 0 complete and every property holds, 1 a
 * violation or a deadlock (shortest path printed; a violation is saved for
 * `hvspec replay`), 3 bounded (a limit or Ctrl-C ended it first) or
 * complete with a `sometimes` goal unreachable. On hvspec's System it then
 * writes the coverage reports, with the verdict line first, and records the
 * run for `hvspec coverage`, as `hvspec check` does (see ../run-report.ts);
 * `--no-report` leaves them out.
 */
import { parseFlags, textFlag, switchFlag, repeatedFlag, countFlag } from '../args.js';
import { UsageError, EXIT } from '../usage.js';
import { type Io, quietIo } from '../io.js';
import { type ExploreResult, type ExploreOptions, type ExploreProgress, exploring, systemResult } from '../../check/explore.js';
import { exploreThreads, ThreadPool } from '../../check/parallel/explore-threads.js';
import { besideModule, type ModelSource } from '../../check/parallel/model-source.js';
import type { CoverageData } from '../../coverage/data.js';
import type { Op } from '../../system/ops.js';
import type { StepOutcome } from '../../system/outcome.js';
import type { System } from '../../system/system.js';
import { availableParallelism } from 'node:os';
import { EXPLORE_SCOPES, scopeByName, type ExploreScope } from '../../check/explore-config.js';
import { scopeOptions } from '../../check/scopes.js';
import { GOALS, INVARIANTS, LIVENESS } from '../../../properties/index.js';
import { CONTINUE_FLAGS, maxViolationsOf } from '../continue.js';
import type { RunCounterexample, SearchJobsRun } from '../coverage-output.js';
import type { UserScope } from '../../config/define-config.js';
import { saveFailure } from '../../check/failures.js';
import { formatCounterexample } from '../../report/counterexample.js';
import { describeConfig } from '../../report/summary.js';
import { searchFindings } from '../../report/search-findings.js';
import { describeOp } from '../../system/describe.js';
import { type Config, parseConfig } from '../../system/config.js';
import { type LoadedConfig, type RunCatalogue, loadRunConfig, runCatalogue, worldFor as catalogueWorld } from '../user-config.js';
import type { World } from '../../system/system.js';
import { getHeapStatistics } from 'node:v8';
import { Writes } from '../writes.js';
import { driveSearch, heapAbove, SEARCH_PAUSE_EVERY } from '../search-turns.js';
import { excerpt } from '../../input/excerpt.js';
import { NEVER_STOP, type StopRequest, type StopSignal } from '../stop.js';
import { exploreOwnModel } from './own-model.js';
import { shardFlag } from '../shard.js';
import { runSwarm, SWARM_MAX_DEPTH, SWARM_TABLE_BITS } from '../swarm-run.js';
import { CoverageCollector, DiscardingCollector } from '../../coverage/collector.js';
import { reportRun } from '../run-report.js';
import { reportOwnModel } from '../own-model-report.js';
import { type ExploredScope, verdictOfExplore, verdictOfSwarm } from '../../report/verdict.js';
import { explorePropertyResults } from '../../report/explore-property-results.js';

/** Default limit on stored states for the command line. */
export const EXPLORE_MAX_STATES = 2_000_000;

/** The flags of `hvspec explore`. */
export const EXPLORE_FLAGS = {
  config: textFlag(),
  // A text flag: a config module may name scopes of its own (exploreJobs checks the name).
  scope: textFlag(),
  'max-states': countFlag('max-states'),
  depth: countFlag('depth'),
  fault: repeatedFlag(),
  json: switchFlag(),
  quiet: switchFlag(),
  swarm: shardFlag(),
  'table-bits': countFlag('table-bits'),
  'no-report': switchFlag(),
  workers: countFlag('workers'),
  ...CONTINUE_FLAGS,
};

/** Runs `hvspec explore`; returns the exit status. */
export async function exploreCommand(argv: string[], cliIo: Io, stop: StopRequest = NEVER_STOP): Promise<number> {
  const { values } = parseFlags('explore', argv, EXPLORE_FLAGS);
  const io = values.quiet ? quietIo(cliIo) : cliIo;
  const maxStates = values['max-states'] ?? EXPLORE_MAX_STATES;
  const maxDepth = values.depth;
  const loaded = await loadRunConfig(values.config);
  const own = loaded?.user?.model;
  if (own) {
    for (const flag of ['scope', 'fault', 'swarm', 'continue', 'max-violations', 'workers'] as const) if (values[flag] !== undefined) throw new UsageError(`explore: --${flag} applies to hvspec's System; ${loaded!.name} gives a model of its own`);
    const r = await exploreOwnModel(own, loaded!.name, { maxStates, maxDepth, json: values.json ?? false }, io, stop);
    if (values['no-report']) {
      if (r.json) io.out(r.json);
      return r.status;
    }
    const writes = new Writes();
    reportOwnModel(io, writes, { model: own, name: loaded!.name, command: `hvspec explore ${argv.join(' ')}`.trim(), status: r.status, results: { explored: r.explored }, json: r.json });
    return writes.finish(io, r.status);
  }
  // --no-report: no coverage is written, so none is recorded.
  const collector = values['no-report'] ? new DiscardingCollector() : new CoverageCollector();
  const maxViolations = maxViolationsOf(values);
  const faults = values.fault ?? [];
  const jobs = exploreJobs(loaded, values.scope, faults, { maxStates, maxDepth, observers: [collector.observer('explore')], ...(maxViolations !== undefined ? { maxViolations } : {}) });
  const writes = new Writes();
  if (values.swarm !== undefined) {
    if (maxViolations !== undefined) throw new UsageError('explore: --continue and --max-violations apply to the breadth-first search; a --swarm member stops at its first violation');
    if (values.workers !== undefined) throw new UsageError('explore: --workers splits the breadth-first search; a --swarm member is one depth-first search');
    const opts = { member: values.swarm, tableBits: values['table-bits'] ?? SWARM_TABLE_BITS, maxDepth: maxDepth ?? SWARM_MAX_DEPTH, maxStates, json: values.json ?? false };
    const run = await runSwarm(io, jobs, opts, writes, stop);
    if (values['no-report']) {
      if (run.json) io.out(JSON.stringify({ ...(JSON.parse(run.json) as object), ...(writes.failure !== undefined ? { writeFailure: writes.failure } : {}) }, null, 2));
      return writes.finish(io, run.status);
    }
    // The member's coverage and verdict, recorded as any explore run's: `hvspec merge` adds up the members of a matrix.
    const cat = runCatalogue(loaded?.user);
    const member = `${opts.member.k}/${opts.member.n}`;
    const properties = explorePropertyResults(run.scopes, cat.invariants, cat.goals, { engine: `swarm member ${member}`, shortest: false });
    await reportRun(io, writes, {
      verb: 'explore',
      argv,
      data: collector.data(),
      verdict: (command) => verdictOfSwarm({ command, exitStatus: run.status, member, scopes: run.scopes, notSearched: run.notSearched, ...(run.counterexample ? { counterexample: run.counterexample.cx } : {}), ...(run.counterexample?.file ? { file: run.counterexample.file } : {}), properties }),
      counterexample: run.counterexample,
      bounded: run.stoppedBy ? `stopped by ${run.stoppedBy}` : undefined,
      json: run.json,
      violated: run.status === EXIT.VIOLATED,
    });
    return writes.finish(io, run.status);
  }
  if (values['table-bits'] !== undefined) throw new UsageError('explore: --table-bits sizes the table of a --swarm member');
  // Each job searched over threads, each thread building it again from the same flags.
  const workers = values.workers ?? availableParallelism();
  const absorb = (d: unknown): void => collector.absorb(d as CoverageData);
  const threaded = jobs.map(
    (j, job): ExploreJob => ({
      ...j,
      threads: {
        workers,
        absorb,
        without: [],
        source: (without) => ({ module: besideModule(import.meta.url, '../explore-thread-model.js'), export: 'exploreThreadModel', arg: { config: values.config, scope: values.scope, faults, job, coverage: !values['no-report'], without } }),
      },
    }),
  );
  const run = await runExploreJobs(io, threaded, values.json ?? false, writes, stop);
  if (values['no-report']) {
    // --no-report: the verdict and the saved counterexample only; no coverage run is recorded and no report written.
    if (run.json) io.out(JSON.stringify({ ...(JSON.parse(run.json) as object), ...(writes.failure !== undefined ? { writeFailure: writes.failure } : {}) }, null, 2));
    return writes.finish(io, run.status);
  }
  const cat = runCatalogue(loaded?.user);
  const properties = explorePropertyResults(run.scopes, cat.invariants, cat.goals);
  const file = run.counterexample?.file;
  await reportRun(io, writes, {
    verb: 'explore',
    argv,
    data: collector.data(),
    verdict: (command) => verdictOfExplore({ command, exitStatus: run.status, scopes: run.scopes, notSearched: run.notSearched, ...(file ? { file } : {}), properties }),
    counterexample: run.counterexample,
    bounded: run.stoppedBy ? `stopped by ${run.stoppedBy}` : undefined,
    json: run.json,
    violated: run.status === EXIT.VIOLATED,
  });
  return writes.finish(io, run.status);
}

/** What a worker thread builds job number `job` from (see ../explore-thread-model.ts): the flags, whether coverage is recorded, and the properties to leave out. */
export interface ExploreThreadArg {
  readonly config?: string;
  readonly scope?: string;
  readonly faults: readonly string[];
  readonly job: number;
  readonly coverage: boolean;
  /** Properties found violated in an earlier job of a run that goes on (`--continue`): not sought in this one. */
  readonly without: readonly string[];
}

/** One exploration the command line runs: a scope, or a whole user config. */
export interface ExploreJob {
  readonly name: string;
  readonly description: string;
  readonly configName: string;
  readonly world: World;
  readonly opts: ExploreOptions;
  /** Search it over threads (`hvspec explore`): how many, where each builds the job from (without the properties `without` names), and where their coverage goes. */
  readonly threads?: {
    readonly workers: number;
    readonly source: (without: readonly string[]) => ModelSource;
    readonly without: readonly string[];
    readonly absorb?: (collected: unknown) => void;
  };
}

/**
 * The explorations for the flags and the loaded config: without a config,
 * every default scope (or the one `--scope` names); with one, that config
 * with every op (or with the named scope's ops). A config module's own
 * scopes are run in place of those (all, or the one `--scope` names); a
 * config module without a host runs the default scopes. A config module's
 * properties, faults and policy are checked in every job.
 */
export function exploreJobs(loaded: LoadedConfig | undefined, scopeName: string | undefined, faults: readonly string[], limits: ExploreOptions): ExploreJob[] {
  const cat = runCatalogue(loaded?.user);
  const own = cat.scopes;
  const all = scopeName === undefined || scopeName === 'all';
  const ownScopes = all ? own : own.filter((s) => s.name === scopeName);
  if (ownScopes.length > 0 && loaded) return ownScopes.map((us) => ownScopeJob(loaded, us, cat, faults, limits));
  // The host of the config, unless it is a config module that gives none.
  const file = loaded && (loaded.user === undefined || loaded.user.host !== undefined) ? loaded : undefined;
  const scopes = all ? (file === undefined ? EXPLORE_SCOPES : []) : [scopeByName(scopeName)];
  if (scopes.some((s) => s === undefined))
    throw new UsageError(`--scope must be all or one of ${[...EXPLORE_SCOPES, ...own].map((s) => s.name).join(', ')}, got ${excerpt(scopeName)}`);
  const props = extraProperties(cat);
  if (scopes.length === 0 && file)
    return [{ name: 'all ops', description: 'every op kind', configName: file.name, world: worldFor(file.config, faults, cat), opts: { ...limits, ...props } }];
  return (scopes as ExploreScope[]).map((sc) => {
    const opts = scopeOptions(sc);
    return {
      name: sc.name,
      description: sc.description,
      configName: file?.name ?? `scope ${sc.name}`,
      world: worldFor(file?.config ?? sc.config, faults, cat),
      opts: { ...limits, ...opts, ...(cat.user ? { ...props, goals: [...(opts.goals ?? []), ...userGoals(cat)] } : {}) },
    };
  });
}

/** The goals a config module adds to the built-in ones. */
const userGoals = (cat: RunCatalogue) => cat.goals.filter((g) => !GOALS.includes(g));

/** The invariants and liveness properties of a run with a config module (none for a built-in run, which keeps the explorer's defaults). */
const extraProperties = (cat: RunCatalogue): ExploreOptions => (cat.user ? { invariants: cat.invariants, liveness: cat.liveness } : {});

/** The job of one scope a config module names: its host (or the config's), its op kinds, and its goals (or every goal). */
function ownScopeJob(loaded: LoadedConfig, us: UserScope, cat: RunCatalogue, faults: readonly string[], limits: ExploreOptions): ExploreJob {
  const config = us.host ? parseConfig(us.host) : loaded.config;
  const goals = us.goals ? cat.goals.filter((g) => us.goals!.includes(g.name)) : cat.goals;
  return {
    name: us.name,
    description: us.description ?? `scope ${us.name}`,
    configName: loaded.name,
    world: worldFor(config, faults, cat),
    opts: { ...limits, ...extraProperties(cat), goals, ...(us.ops ? { opTypes: us.ops } : {}) },
  };
}

/**
 * Runs the jobs in turn (stopping at the first violation, or when `stop`
 * is requested: the job under way ends as bounded and the rest are not
 * run), printing each report unless `json`; returns the worst status and,
 * for `json`, one document with every job's result. A violation is saved
 * through `writes` (a failed save is remembered there, for the caller to
 * report after the verdict).
 */
export async function runExploreJobs(io: Io, jobs: readonly ExploreJob[], json: boolean, writes: Writes = new Writes(), stop: StopRequest = NEVER_STOP): Promise<ExploreJobsRun> {
  const docs: unknown[] = [];
  let counterexample: RunCounterexample | undefined;
  let status: number = EXIT.HOLDS;
  let states = 0;
  let seconds = 0;
  let ran = 0;
  const explored: ExploredScope[] = [];
  // With --continue (`maxViolations`), the properties found violated in a scope are left out of the later scopes, so that each is reported once.
  const found = new Set<string>();
  // The jobs searched over threads share them: each thread starts once.
  const pool = new ThreadPool();
  try {
    for (const given of jobs) {
      if (stop.signal !== undefined) break;
      const job = found.size === 0 ? given : withoutProperties(given, found);
      ran++;
      const run = await runExplore(io, job, json, writes, stop, pool);
      status = run.status === EXIT.VIOLATED || status === EXIT.VIOLATED ? EXIT.VIOLATED : Math.max(status, run.status);
      states += run.result.states;
      seconds += run.seconds;
      explored.push({ scope: job.name, result: run.result });
      if (json) docs.push({ scope: job.name, ...(JSON.parse(run.json!) as object) });
      if (run.result.kind === 'violated') {
        const all = [{ cx: run.result.counterexample, file: run.file }, ...(run.result.further ?? []).map((cx, i) => ({ cx, file: run.furtherFiles?.[i] }))];
        const [first, ...further] = [...(counterexample ? [{ cx: counterexample.cx, file: counterexample.file }, ...(counterexample.further ?? [])] : []), ...all];
        counterexample = { cx: first!.cx, file: first!.file, world: counterexample?.world ?? job.world, invariants: counterexample?.invariants ?? job.opts.invariants ?? INVARIANTS, ...(further.length ? { further } : {}) };
        for (const c of all) found.add(c.cx.property);
      }
      const goOn = job.opts.maxViolations !== undefined && found.size < job.opts.maxViolations;
      if (run.status === EXIT.VIOLATED && !goOn) break;
    }
  } finally {
    await pool.close();
  }
  const signal = stop.signal;
  const notSearched = signal !== undefined && status !== EXIT.VIOLATED ? jobs.slice(ran).map((j) => j.name) : [];
  // Scopes left unsearched by a stop: the command proved less than asked (bounded), unless a violation was already found.
  if (notSearched.length > 0 && status === EXIT.HOLDS) status = EXIT.BOUNDED;
  const cx = { scopes: explored, notSearched, ...(signal ? { stoppedBy: signal } : {}), ...(counterexample ? { counterexample } : {}) };
  if (json) return { status, ...cx, json: JSON.stringify({ engine: 'explore', states, scopes: docs, ...(signal ? { stoppedBy: signal, notSearched } : {}), exitStatus: status }) };
  if (jobs.length > 1) {
    const verdict = status === EXIT.HOLDS ? 'every scope complete, every property holds' : status === EXIT.VIOLATED ? 'a violation or deadlock was found' : 'some scope was bounded or missed a goal';
    io.out('', `${ran === jobs.length ? ran : `${ran} of ${jobs.length}`} scopes: ${states} states · ${verdict}${notSearched.length ? ` · stopped by ${signal}: not searched: ${notSearched.join(', ')}` : ''}`);
    io.err(`${ran} scope${ran === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`);
  }
  return { status, ...cx };
}

/** `job` without the properties named in `found` (and with fewer violations left to find), for a later scope of a run that goes on after a violation. */
export function withoutProperties(job: ExploreJob, found: ReadonlySet<string>): ExploreJob {
  const o = job.opts;
  const keep = <P extends { readonly name: string }>(ps: readonly P[]) => ps.filter((p) => !found.has(p.name));
  const left = Math.max(1, (o.maxViolations ?? 1) - found.size);
  const threads = job.threads && { ...job.threads, without: [...found] };
  return { ...job, ...(threads ? { threads } : {}), opts: { ...o, invariants: keep(o.invariants ?? INVARIANTS), liveness: keep(o.liveness ?? LIVENESS), maxViolations: left } };
}

/** What a run of explore jobs gave: each scope with its breadth-first search's result. */
export type ExploreJobsRun = SearchJobsRun<ExploredScope>;

/** A World with the named faults (of `catalogue`, the built-in one by default), turning an unknown name into a usage error. */
export function worldFor(config: Config, faults: readonly string[], catalogue?: RunCatalogue): World {
  return catalogueWorld(config, faults, catalogue);
}

/** The exit status of an exploration. */
export function exploreStatus(r: ExploreResult): number {
  if (r.kind === 'violated' || r.deadlockCount > 0 || r.stuckCount > 0) return EXIT.VIOLATED;
  if (r.kind === 'bounded' || r.unreached.length > 0) return EXIT.BOUNDED;
  return EXIT.HOLDS;
}

/** What one exploration from the command line gave. */
export interface ExploreRun {
  readonly status: number;
  readonly result: ExploreResult;
  /** The JSON document, when asked for (the caller prints it). */
  readonly json?: string;
  readonly seconds: number;
  /** Where a violation was saved (when the save succeeded). */
  readonly file?: string;
  /** With --continue: where each of the result's `further` counterexamples was saved (undefined where the save failed). */
  readonly furtherFiles?: readonly (string | undefined)[];
}

/** The limits of a job's options that a search over threads takes. */
const threadLimits = (o: ExploreOptions) => ({
  ...(o.maxStates !== undefined ? { maxStates: o.maxStates } : {}),
  ...(o.maxDepth !== undefined ? { maxDepth: o.maxDepth } : {}),
  ...(o.symmetry !== undefined ? { symmetry: o.symmetry } : {}),
  ...(o.maxViolations !== undefined ? { maxViolations: o.maxViolations } : {}),
  ...(o.keepDeadlocks !== undefined ? { keepDeadlocks: o.keepDeadlocks } : {}),
  ...(o.incremental !== undefined ? { incremental: o.incremental } : {}),
});

/** The heap the search may fill before it stops as bounded: a share of V8's limit, so that the report can still be written. */
export const HEAP_BUDGET = 0.5;

/** Why a search stopped on request. */
type StopCause = 'interrupted' | 'memory';

/**
 * Runs the explorer in slices, letting the event loop run between them so
 * that Ctrl-C stops it cleanly (reported as bounded), with progress on
 * stderr unless `json` (as often as Io.progress shows it). The search also
 * stops, as bounded, before the heap reaches V8's limit: a large config
 * fills memory long before `--max-states`. Prints the text report unless
 * `json`, and the time taken on stderr; a violation is saved for
 * `hvspec replay` (through `writes`, which remembers a failed save).
 */
export async function runExplore(io: Io, job: ExploreJob, json: boolean, writes: Writes = new Writes(), stop: StopRequest = NEVER_STOP, pool?: ThreadPool): Promise<ExploreRun> {
  const { world, opts, configName } = job;
  let cause: StopCause | null = null;
  const heapFull = heapAbove(getHeapStatistics().heap_size_limit * HEAP_BUDGET);
  // Polled after every expanded state: a flag and the heap V8 holds (over threads, every 25 ms, with the fullest worker thread's heap).
  const shouldStop = (workerHeap = 0): boolean => {
    if (cause === null && stop.signal !== undefined) cause = 'interrupted';
    if (cause === null && (heapFull() || workerHeap > HEAP_BUDGET)) cause = 'memory';
    return cause !== null;
  };
  const t0 = performance.now();
  // Every turn of the event loop reports; Io.progress decides how often a line is shown.
  const onTurn = (p: ExploreProgress): void => {
    if (!json) io.progress(`  ${p.states} states · ${Math.round(p.states / Math.max(0.001, (performance.now() - t0) / 1000))} states/s · depth ${p.depth} · queue ${p.queue}`);
  };
  const t = job.threads;
  // Workers that took part (threads start on a large level).
  let workers = 1;
  const result: ExploreResult = t
    ? systemResult(
        world,
        await exploreThreads<System, Op, StepOutcome>(
          t.source(t.without),
          { ...threadLimits(opts), workers: t.workers, shouldStop, onProgress: onTurn, onWorkers: (n) => (workers = n), ...(t.absorb ? { absorb: t.absorb } : {}), ...(pool ? { pool } : {}) },
        ),
      )
    : await driveSearch(exploring(world, { ...opts, progressEvery: SEARCH_PAUSE_EVERY, shouldStop }), onTurn, shouldStop);
  io.progress('');
  const seconds = (performance.now() - t0) / 1000;
  const status = exploreStatus(result);
  const stopped = result.kind === 'bounded' && result.reason === 'stopped' ? (cause ?? 'interrupted') : undefined;
  const file = result.kind === 'violated' ? writes.attempt(() => saveFailure(result.counterexample, undefined, { root: '.' })) : undefined;
  const furtherFiles = result.kind === 'violated' && result.further ? result.further.map((c) => writes.attempt(() => saveFailure(c, undefined, { root: '.' }))) : undefined;
  const signal = stopped === 'interrupted' ? stop.signal : undefined;
  const saved = { ...(file ? { file } : {}), ...(furtherFiles ? { furtherFiles } : {}) };
  if (json) return { status, result, seconds, ...saved, json: JSON.stringify({ ...result, ...(stopped ? { stoppedBy: signal ?? stopped } : {}), config: configName, ...saved, exitStatus: status }) };
  io.out(...formatExplore(result, job, file, stopped, signal, furtherFiles));
  io.err(`  ${job.name}: ${seconds.toFixed(1)} s, ${seconds > 0 ? Math.round(result.states / seconds) : result.states} states/s${workers > 1 ? `, ${workers} workers` : ''}`);
  return { status, result, seconds, ...saved };
}

/**
 * The text report of an exploration: only what the search found, so the
 * same search prints the same report (its time goes to stderr). `stopped`
 * says what stopped a search that was stopped on request, and `signal`
 * which signal interrupted it.
 */
export function formatExplore(r: ExploreResult, job: ExploreJob, file?: string, stopped?: StopCause, signal?: StopSignal, furtherFiles?: readonly (string | undefined)[]): string[] {
  const { world } = job;
  const lines: string[] = [];
  lines.push(`hvspec explore · ${job.name}: ${job.description} · ${job.configName} (${describeConfig(world.config)}) · symmetry ${r.symmetry ? 'on' : 'off'}${world.faults.length ? ` · faults: ${world.faults.join(', ')}` : ''}`);
  const covered = `${r.states} states, ${r.transitions} transitions, depth ${r.depth} (${(r.storeBytes / Math.max(1, r.states)).toFixed(1)} bytes/state)`;
  if (r.kind === 'violated' && r.further) {
    // --continue: every distinct violated property, each with its shortest counterexample.
    lines.push(`searched ${covered}: ${1 + r.further.length} distinct properties violated, each with its shortest counterexample`);
    lines.push(formatCounterexample(r.counterexample, file));
    r.further.forEach((cx, i) => lines.push('', formatCounterexample(cx, furtherFiles?.[i])));
    return lines;
  }
  if (r.kind === 'violated') {
    lines.push(`searched ${covered} before the first violation`);
    lines.push(formatCounterexample(r.counterexample, file));
    return lines;
  }
  if (r.kind === 'complete') lines.push(`complete: every reachable state visited: ${covered}`);
  else {
    const why =
      r.reason === 'max-states'
        ? 'the --max-states limit was reached'
        : r.reason === 'max-depth'
          ? 'the --depth limit was reached'
          : stopped === 'memory'
            ? `the heap reached ${Math.round(HEAP_BUDGET * 100)}% of its limit (a smaller config, a --scope or --max-states keeps it in memory)`
            : `it was interrupted${signal ? ` (${signal})` : ''}`;
    lines.push(`bounded: the search stopped because ${why}, after ${covered}; nothing is claimed about the states beyond`);
  }
  const complete = r.kind === 'complete';
  lines.push(
    ...searchFindings(r, world.config, {
      holdIn: complete ? 'in every reachable state' : 'in every state visited',
      unreached: `never reached${complete ? ': unreachable in this configuration' : ''}`,
      deadlocks: 'reachable states where no op applies; the shallowest',
      noDeadlocks: 'no deadlocks',
    }),
  );
  if (r.stuckCount > 0) {
    lines.push(`  ✗ ${r.stuckCount} stuck state${r.stuckCount === 1 ? '' : 's'}: reachable states where every op leads back to the same state and none is declared quiescent; the shallowest:`);
    r.stuck[0]!.ops.forEach((op, i) => lines.push(`    ${i + 1}. ${describeOp(op, world.config)}`));
  } else lines.push('  ✓ no stuck states');
  return lines;
}
