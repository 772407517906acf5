/**
 * `hvspec check`: replay saved failures, then run the random engine on a
 * configuration with the chosen faults, and print one line per property.
 */
import { parseFlags, textFlag, switchFlag, repeatedFlag, choiceFlag, countFlag, pathFlag, runsFlag, secondsFlag, type FlagValues } from '../args.js';
import { AUTO_RUNS_MAX, AUTO_RUNS_SECONDS, deadline } from '../budget.js';
import { type LoadedConfig, loadRunConfig, runCatalogue } from '../user-config.js';
import { UsageError, EXIT } from '../usage.js';
import { excerpt } from '../../input/excerpt.js';
import { type Io, quietIo } from '../io.js';
import { faultByName } from '../../faults/build-world.js';
import { type ExploreJob, exploreJobs, runExploreJobs, worldFor, EXPLORE_MAX_STATES } from './explore.js';
import { SCENARIOS, scenarioByName, checkScenario, formatScenarioResult, scenarioExitStatus } from '../../scenarios/index.js';
import { checkRandomStoppable, RANDOM_DEFAULTS } from '../../check/random.js';
import { runModel, reportedSteps } from '../../check/run.js';
import { systemModel } from '../../check/system-model.js';
import { saveFailure, savedFailures } from '../../check/failures.js';
import { policyIdentity } from '../../check/policy-identity.js';
import type { AnyModel } from '../../config/define-config.js';
import { checkOwnModel, exploreOwnModel } from './own-model.js';
import { type OwnModelResults, reportOwnModel } from '../own-model-report.js';
import { missedByTheRuns } from '../saved-failure-result.js';
import { noSuchRun, rethrowNoSuchRun } from '../replay-path.js';
import type { CheckResult, Counterexample } from '../../check/result.js';
import { INVARIANTS } from '../../../properties/index.js';
import { DEFAULT_CONFIG } from '../../system/config.js';
import { formatCounterexample } from '../../report/counterexample.js';
import { formatSummary, formatCounters, describeConfig } from '../../report/summary.js';
import type { World } from '../../system/system.js';
import { CoverageCollector, DiscardingCollector } from '../../coverage/collector.js';
import { NEVER_STOP, type StopRequest } from '../stop.js';
import { propertyResults } from '../../report/property-results.js';
import type { RunCounterexample } from '../coverage-output.js';
import { reportRun } from '../run-report.js';
import { Writes } from '../writes.js';
import { warnSetAside } from '../set-aside.js';
import { verdictOfCheck } from '../../report/verdict.js';
import { type Shard, shardFlag, shardName, shardSeed, shareOfRuns } from '../shard.js';
import { CONTINUE_FLAGS, maxViolationsOf } from '../continue.js';

/** The folder no write of a check leaves through a symbolic link: the working directory. */
const ROOT = '.';

/**
 * Runs `hvspec check`, then writes the coverage reports of this run (and
 * records it for `hvspec coverage`, which merges every recorded run);
 * returns the exit status. What it prints and writes depends only on its
 * flags and inputs, never on earlier runs. `stop` ends it early (SIGINT,
 * SIGTERM): the runs made are reported as bounded. A file that cannot be
 * written (a full disk, a read-only folder) skips the writes after it; the
 * verdict is printed all the same, then one line naming the file, and the
 * status is 2.
 */
export async function checkCommand(argv: string[], io: Io, stop: StopRequest = NEVER_STOP): Promise<number> {
  const collector = new CoverageCollector();
  const writes = new Writes();
  const run = await runCheck(argv, io, collector, writes, stop);
  // A model of the config's own has no System coverage, verdict store or saved failures.
  if (run.ownModel) {
    if (run.noReport) {
      if (run.json) io.out(run.json);
      return run.status;
    }
    reportOwnModel(io, writes, { ...run.ownModel, command: `hvspec check ${argv.join(' ')}`.trim(), status: run.status, json: run.json });
    return writes.finish(io, run.status);
  }
  if (run.noReport) {
    // --no-report: the verdict and the saved counterexample only; no coverage run is recorded and no report written.
    if (run.json) io.out(JSON.stringify({ ...(JSON.parse(run.json) as object), ...(writes.failure !== undefined ? { writeFailure: writes.failure } : {}) }, null, 2));
    return writes.finish(io, run.status);
  }
  const properties = run.result ? propertyResults(run.result) : [];
  await reportRun(io, writes, {
    verb: 'check',
    argv,
    data: collector.data(),
    verdict: (command) =>
      verdictOfCheck({
        command,
        exitStatus: run.status,
        ...(run.result ? { result: run.result } : {}),
        ...(run.counterexample?.file ? { file: run.counterexample.file } : {}),
        ...(run.bounded ? { bounded: run.bounded } : {}),
        ...(run.explored && run.counterexample ? { explored: run.counterexample.cx } : {}),
        ...(run.counterexample?.further ? { further: run.counterexample.further } : {}),
        properties,
      }),
    counterexample: run.counterexample,
    ...(run.result ? { latestProperties: properties } : {}),
    bounded: run.bounded,
    json: run.json,
    violated: run.result?.kind === 'violated',
  });
  return writes.finish(io, run.status);
}

interface CheckRun {
  readonly status: number;
  readonly result?: CheckResult;
  /** The counterexample this run reports, the file it is saved in, and the world it was found in (the report's viewer steps through it). */
  readonly counterexample?: RunCounterexample | undefined;
  /** The JSON document, when --json was given (printed after coverage is added to it). */
  readonly json?: string;
  /** Set when a signal ended the random runs first: what the reports' header says of the run. */
  readonly bounded?: string;
  /** `--no-report`: no coverage run is recorded and no report written. */
  readonly noReport?: boolean;
  /** The run was on the config module's own model (no coverage of the System): the model and what the engines found, for its report. */
  readonly ownModel?: { readonly model: AnyModel; readonly name: string; readonly config?: string | undefined; readonly results: OwnModelResults };
  /** The counterexample is the explorer's (a shortest one). */
  readonly explored?: boolean;
}

/**
 * `--engine random` (the default) runs the random engine; `--engine
 * explore` the exhaustive explorer (the explorer's default scopes unless
 * `--config` is given; `--depth` bounds the search, `--seed` and `--runs`
 * do not apply); `--engine all` runs the random engine, then the
 * explorer, and exits with the worse status (1 over 3 over 0).
 */
async function runCheck(argv: string[], cliIo: Io, collector: CoverageCollector, writes: Writes, stop: StopRequest): Promise<CheckRun> {
  const { values } = parseFlags('check', argv, CHECK_FLAGS, {
    // A scenario is fixed: it has its own host, ops and figures, and only --json applies to it.
    before: (raw) => {
      if (raw.scenario !== undefined)
        for (const flag of ['config', 'engine', 'fault', 'seed', 'runs', 'max-seconds', 'depth', 'path', 'shard', 'continue', 'max-violations'] as const)
          if (raw[flag] !== undefined) throw new UsageError(`check: --${flag} cannot be used with --scenario`);
      // A path names one run of the random engine's generator.
      if (raw.path !== undefined && raw.engine !== undefined && raw.engine !== 'random') throw new UsageError('check: --path replays a run of the random engine; it cannot be used with --engine explore or all');
      // A shard is a share of the random runs.
      if (raw.shard !== undefined && raw.path !== undefined) throw new UsageError('check: --shard splits the random runs; it cannot be used with --path, which replays one run');
      if (raw.shard !== undefined && raw.engine === 'explore') throw new UsageError('check: --shard splits the random runs; it cannot be used with --engine explore');
      // A budget and auto runs are the random engine's.
      for (const flag of ['max-seconds', 'runs'] as const) {
        if (raw[flag] === undefined || (flag === 'runs' && raw.runs !== 'auto')) continue;
        if (raw.engine === 'explore') throw new UsageError(`check: --${flag}${flag === 'runs' ? ' auto' : ''} budgets the random engine; it cannot be used with --engine explore`);
        if (raw.path !== undefined) throw new UsageError(`check: --${flag}${flag === 'runs' ? ' auto' : ''} cannot be used with --path, which replays one run`);
      }
    },
  });
  const io = values.quiet ? quietIo(cliIo) : cliIo;
  // --no-report: no coverage is written, so none is recorded.
  const run = await runEngines(values, io, values['no-report'] ? new DiscardingCollector() : collector, writes, stop);
  return values['no-report'] ? { ...run, noReport: true } : run;
}

/** The scenario, the random engine, the explorer, or both engines, as the flags ask. */
async function runEngines(values: CheckFlags, io: Io, collector: CoverageCollector, writes: Writes, stop: StopRequest): Promise<CheckRun> {
  if (values.scenario !== undefined) return runScenario(values.scenario, values.json ?? false, io, collector);
  const engine = values.engine ?? 'random';
  const loaded = await loadRunConfig(values.config);
  const own = loaded?.user?.model;
  if (own) return checkOwn(own, loaded!.name, engine, values, io, stop);
  // No --engine: the random engine, then, if every property held, the explorer on its scopes; flags that name one
  // random run or budget (--seed, --runs, --max-seconds, --depth, --path) select the random engine alone.
  // A shard other than the first is the random runs' share alone: the explorer's stage is one search, and shard 1 runs it.
  const randomRun = values.seed !== undefined || values.runs !== undefined || values['max-seconds'] !== undefined || values.depth !== undefined || values.path !== undefined || (values.shard !== undefined && values.shard.k !== 1);
  if (values.engine === undefined && !randomRun) return runStaged(values, loaded, io, collector, writes, stop);
  if (engine === 'random') return runRandom(values, loaded, io, collector, writes, stop);
  const maxDepth = values.depth;
  const maxViolations = maxViolationsOf(values);
  const jobs = exploreJobs(loaded, undefined, values.fault ?? [], { maxDepth, maxStates: EXPLORE_MAX_STATES, observers: [collector.observer('explore')], ...(maxViolations !== undefined ? { maxViolations } : {}) });
  const json = values.json ?? false;
  const explored = async (): Promise<CheckRun> => {
    const e = await runExploreJobs(io, jobs, json, writes, stop);
    return { status: e.status, ...(e.json !== undefined ? { json: e.json } : {}), ...(e.counterexample ? { counterexample: e.counterexample, explored: true } : {}) };
  };
  if (engine === 'explore') return explored();
  const random = await runRandom(values, loaded, io, collector, writes, stop);
  if (!json) io.out('');
  // Stopped during the random runs: the explorer is not started, and says so.
  const e = await explored();
  const status = random.status === EXIT.VIOLATED || e.status === EXIT.VIOLATED ? EXIT.VIOLATED : Math.max(random.status, e.status);
  // The random runs' counterexample, or else the explorer's.
  const cx = random.counterexample ? { counterexample: random.counterexample } : e.counterexample ? { counterexample: e.counterexample, explored: true } : {};
  const parts = { status, result: random.result, ...cx, bounded: random.bounded };
  if (!json) return parts;
  return { ...parts, json: JSON.stringify({ engine: 'all', random: JSON.parse(random.json!), explore: JSON.parse(e.json!), exitStatus: status }) };
}

/** `hvspec check` on the config module's own model: the random engine, the explorer, or both (the worse status). */
async function checkOwn(model: AnyModel, name: string, engine: 'random' | 'explore' | 'all', values: CheckFlags, io: Io, stop: StopRequest): Promise<CheckRun> {
  if (values.fault?.length) throw new UsageError(`check: --fault switches on a fault of hvspec's System; ${name} gives a model of its own`);
  if (values.shard !== undefined) throw new UsageError(`check: --shard splits the System's random runs; ${name} gives a model of its own`);
  if (maxViolationsOf(values) !== undefined) throw new UsageError(`check: --continue and --max-violations apply to hvspec's System; ${name} gives a model of its own`);
  if (values.runs === 'auto' || values['max-seconds'] !== undefined) throw new UsageError(`check: --runs auto and --max-seconds budget the System's random runs; ${name} gives a model of its own (give --runs N)`);
  const json = values.json ?? false;
  const random = engine === 'explore' ? undefined : await checkOwnModel(model, name, { seed: values.seed, runs: values.runs, depth: values.depth, path: values.path, json }, io, stop);
  if (random && engine === 'all' && !json) io.out('');
  const explored = engine === 'random' ? undefined : await exploreOwnModel(model, name, { maxDepth: values.depth, maxStates: EXPLORE_MAX_STATES, json }, io, stop);
  const runs = [random, explored].filter((r) => r !== undefined);
  const status = runs.some((r) => r.status === EXIT.VIOLATED) ? EXIT.VIOLATED : Math.max(...runs.map((r) => r.status));
  const ownModel = { model, name, config: values.config, results: { random: random?.random, explored: explored?.explored } };
  if (!json) return { status, ownModel };
  if (engine !== 'all') return { status, ownModel, json: runs[0]!.json! };
  return { status, ownModel, json: JSON.stringify({ engine: 'all', random: JSON.parse(random!.json!), explore: JSON.parse(explored!.json!), exitStatus: status }) };
}

/**
 * The explorations of the default check's second stage: the explorer's
 * scopes (or a config module's own), never a whole host: a config file's
 * host, explored with every op, is `--engine all`'s to search.
 */
function stageJobs(loaded: LoadedConfig | undefined, faults: readonly string[], collector: CoverageCollector, maxViolations: number | undefined): ExploreJob[] {
  const ownHost = loaded !== undefined && (loaded.user === undefined || loaded.user.host !== undefined) && (loaded.user?.scopes ?? []).length === 0;
  return ownHost ? [] : exploreJobs(loaded, undefined, faults, { maxStates: EXPLORE_MAX_STATES, observers: [collector.observer('explore')], ...(maxViolations !== undefined ? { maxViolations } : {}) });
}

/**
 * `hvspec check` without --engine: the random engine's runs, then, when
 * no property was violated in them, the explorer on its small scopes (seconds),
 * so that what a search finds and a random run misses is caught by the
 * everyday command. A violation (or a stop) in the random stage ends the
 * check there. The explorer's per-scope reports are printed only when it
 * finds something; otherwise one line says what it searched.
 * `--engine random`, or a flag that names one random run (--seed, --runs,
 * --depth, --path), skips the second stage.
 */
async function runStaged(values: CheckFlags, loaded: LoadedConfig | undefined, io: Io, collector: CoverageCollector, writes: Writes, stop: StopRequest): Promise<CheckRun> {
  const random = await runRandom(values, loaded, io, collector, writes, stop);
  // A violation, or a stop, ends the check; goals the runs missed do not (the search may reach them, and its status counts).
  if (random.status === EXIT.VIOLATED || random.bounded !== undefined || stop.signal !== undefined) return random;
  const jobs = stageJobs(loaded, values.fault ?? [], collector, maxViolationsOf(values));
  if (jobs.length === 0) {
    if (!values.json) io.out('', "explorer: not run on a config file's own host (hvspec check --engine all explores it)");
    return random;
  }
  const json = values.json ?? false;
  const lines: string[] = [];
  const captured: Io = { out: (...l) => lines.push(...l), err: (...l) => lines.push(...l), progress: io.progress };
  const started = performance.now();
  const e = await runExploreJobs(json ? io : captured, jobs, json, writes, stop);
  const seconds = (performance.now() - started) / 1000;
  const status = e.status === EXIT.VIOLATED ? EXIT.VIOLATED : Math.max(random.status, e.status);
  if (json) return { ...random, status, json: JSON.stringify({ ...JSON.parse(random.json!), explore: JSON.parse(e.json!), exitStatus: status }) };
  if (e.status === EXIT.HOLDS) {
    const states = lines.reduce((n, l) => n + Number(/^complete: every reachable state visited: (\d+) states/.exec(l)?.[1] ?? 0), 0);
    const scopes = `${jobs.length} scope${jobs.length === 1 ? '' : 's'}`;
    io.out('', `explorer: ${scopes} complete, ${states} states, every property holds (${seconds.toFixed(1)} s; hvspec explore prints each scope)`);
  } else io.out('', 'explorer:', ...lines);
  return { ...random, status };
}

/** The flags of `hvspec check`. */
export const CHECK_FLAGS = {
  config: textFlag(),
  engine: choiceFlag(['random', 'explore', 'all'], 'random, explore or all'),
  fault: repeatedFlag(),
  seed: countFlag('seed'),
  runs: runsFlag(),
  'max-seconds': secondsFlag(),
  depth: countFlag('depth'),
  json: switchFlag(),
  scenario: textFlag(),
  quiet: switchFlag(),
  'no-report': switchFlag(),
  path: pathFlag(),
  shard: shardFlag(),
  ...CONTINUE_FLAGS,
};

type CheckFlags = FlagValues<typeof CHECK_FLAGS>;

/** The random engine part of `hvspec check`, on the loaded config (a config module's properties, faults, policy and weights included). */
async function runRandom(values: CheckFlags, loaded: LoadedConfig | undefined, io: Io, collector: CoverageCollector, writes: Writes, stop: StopRequest): Promise<CheckRun> {
  const shard = values.shard;
  const seed = shard ? shardSeed(values.seed ?? RANDOM_DEFAULTS.seed, shard) : (values.seed ?? RANDOM_DEFAULTS.seed);
  // A time budget: --max-seconds, or the default one of --runs auto; runs as many as fit (at most --runs N when given).
  const seconds = values['max-seconds'] ?? (values.runs === 'auto' ? AUTO_RUNS_SECONDS : undefined);
  const allRuns = values.runs === 'auto' || (values.runs === undefined && seconds !== undefined) ? AUTO_RUNS_MAX : (values.runs ?? RANDOM_DEFAULTS.runs);
  // A shard runs its share of a number of runs; a budget's runs (auto, or as many as fit) are each shard's own.
  const runs = shard && allRuns !== AUTO_RUNS_MAX ? shareOfRuns(allRuns, shard) : allRuns;
  if (shard && runs === 0) throw new UsageError(`check: --shard ${shard.k}/${shard.n} gets none of ${allRuns} runs (give --runs ${shard.n} or more)`);
  const budget = seconds === undefined ? undefined : { seconds, runs: runs === AUTO_RUNS_MAX ? ('auto' as const) : runs };
  const depth = values.depth ?? RANDOM_DEFAULTS.depth;
  const faults = values.fault ?? [];
  // A fault that only shows on a host of its own (a Dynamic Memory guest, say) brings that host along, and its op weights.
  const cat = runCatalogue(loaded?.user);
  const hostGiven = loaded !== undefined && (loaded.user === undefined || loaded.user.host !== undefined);
  const ownHost = !hostGiven ? faults.map((f) => faultByName(f, cat.faults)).find((f) => f?.config) : undefined;
  const { config, name } = ownHost?.config ? { config: ownHost.config, name: `of fault ${ownHost.name}` } : (loaded ?? { config: DEFAULT_CONFIG, name: 'default' });
  const world: World = worldFor(config, faults, cat);
  const weights = ownHost?.weights ?? cat.weights;

  // Saved failures of this content (config, faults, balancer and scheduler policies) first, whatever seed found them: a bug seen once is
  // checked before anything else. One that still fails is reported only if this run does not find a violation itself:
  // a run of the same seed then reports exactly what a first run would. A --path run replays that one run only.
  let stillFails: { file: string; cx: Counterexample } | undefined;
  const saved = values.path !== undefined ? [] : savedFailures(config, faults, cat.faults, { balancer: policyIdentity(world.balancer), scheduler: policyIdentity(world.scheduler), properties: cat.ownProperties, onSetAside: (s) => warnSetAside(io, s) });
  for (const { file, trace } of saved) {
    const r = runModel(systemModel(world, { invariants: cat.invariants, liveness: cat.liveness }), trace.ops, [collector.observer('replay')]);
    if (!r.violation) continue;
    io.err(`replayed ${file}: it still fails`);
    const cx: Counterexample = {
      engine: trace.engine,
      property: r.violation.property,
      message: r.violation.message,
      alsoViolated: r.violation.all.slice(1).map((v) => v.property),
      config,
      faults,
      ops: r.steps.map((s) => s.op),
      steps: reportedSteps(r.steps),
      seed: trace.seed,
      path: trace.path,
      shrinks: trace.shrinks,
      ...(trace.balancer !== undefined ? { balancer: trace.balancer } : {}),
      ...(trace.scheduler !== undefined ? { scheduler: trace.scheduler } : {}),
    };
    stillFails = { file, cx };
    break;
  }
  if (saved.length > 0 && !stillFails) io.err(`replayed ${saved.length} saved failure${saved.length === 1 ? '' : 's'}: none fails any more`);

  const { result, stopped } = await checkRandomStoppable(world, {
    seed,
    runs,
    depth,
    ...(values.path !== undefined ? { path: values.path } : {}),
    ...(weights ? { weights } : {}),
    invariants: cat.invariants,
    liveness: cat.liveness,
    goals: cat.goals,
    onProgress: values.json
      ? undefined
      : (done) => io.progress(budget?.runs === 'auto' ? `  ${done} runs` : `  ${done}/${runs} runs`),
    observers: [collector.observer('random')],
    // The clock is read here, never in the engine; the budget starts with the runs (after saved failures are replayed).
    ...(seconds !== undefined ? { budgetSpent: deadline(seconds) } : {}),
    ...(maxViolationsOf(values) !== undefined ? { maxViolations: maxViolationsOf(values) } : {}),
  }, () => stop.signal !== undefined).catch((e: unknown) => rethrowNoSuchRun(e, values.path, seed));
  io.progress('');
  if (values.path !== undefined && result.runs === 0 && !stopped) throw noSuchRun(values.path, seed);
  if (stillFails && result.kind !== 'violated') {
    // These runs miss the saved failure (fewer runs, another seed): the saved failure is the result, named as such.
    const missed = missedByTheRuns(result, stillFails.cx);
    const note = "these runs found no violation; a saved failure, replayed first, still fails:";
    const r = report(io, missed, stillFails.file, values.json ?? false, name, runs, depth, undefined, values.path, note, budget, shard);
    const json = r.json === undefined ? {} : { json: JSON.stringify({ ...JSON.parse(r.json), savedFailure: stillFails.file }) };
    return { ...r, ...json, result: missed, counterexample: { cx: stillFails.cx, file: stillFails.file, world, invariants: cat.invariants, columns: cat.user?.traceColumns } };
  }
  const file = result.kind === 'violated' ? writes.attempt(() => saveFailure(result.counterexample, undefined, { root: ROOT })) : undefined;
  // --continue: each further property's counterexample is saved too.
  const further = result.kind === 'violated' && result.further ? result.further.map((c) => ({ cx: c, file: writes.attempt(() => saveFailure(c, undefined, { root: ROOT })) })) : undefined;
  // The report's viewer replays it on this run's world (a config module's faults and policies) with its properties.
  const cx = result.kind === 'violated' ? { cx: result.counterexample, file, world, invariants: cat.invariants, columns: cat.user?.traceColumns, ...(further ? { further } : {}) } : undefined;
  const signal = stopped ? stop.signal : undefined;
  const asked = budget?.runs === 'auto' ? 'as many runs as fit' : `${runs} runs`;
  const bounded = signal ? `bounded: stopped by ${signal} after ${result.runs} of ${asked}` : undefined;
  const furtherFiles = further?.map((f) => f.file);
  return { ...report(io, result, file, values.json ?? false, name, runs, depth, signal, values.path, undefined, budget, shard, furtherFiles), result, counterexample: cx, bounded };
}

/** A time budget of the random runs: its seconds, and the runs asked (`auto`: as many as fit). */
interface Budget {
  readonly seconds: number;
  readonly runs: number | 'auto';
}

function report(io: Io, r: CheckResult, file: string | undefined, json: boolean, configName: string, runs: number, depth: number, stoppedBy?: string, path?: string, note?: string, budget?: Budget, shard?: Shard, furtherFiles?: readonly (string | undefined)[]): CheckRun {
  const status = stoppedBy !== undefined ? EXIT.BOUNDED : r.kind === 'holds' ? EXIT.HOLDS : r.kind === 'violated' ? EXIT.VIOLATED : EXIT.BOUNDED;
  const runsAsked = budget?.runs ?? runs;
  // Stopped before a violation: the document says bounded, as the explorer's does, with the runs made.
  if (json)
    return {
      status,
      json: JSON.stringify({
        ...r,
        ...(budget ? { maxSeconds: budget.seconds, runsAsked } : {}),
        ...(shard ? { shard: `${shard.k}/${shard.n}` } : {}),
        ...(stoppedBy !== undefined ? { kind: 'bounded', reason: 'stopped', stoppedBy, runsAsked } : {}),
        ...(file ? { file } : {}),
        ...(furtherFiles ? { furtherFiles } : {}),
        exitStatus: status,
      }),
    };
  return { status: printReport(io, r, file, configName, runs, depth, stoppedBy, path, note, budget, shard, furtherFiles) };
}

function printReport(io: Io, r: CheckResult, file: string | undefined, configName: string, runs: number, depth: number, stoppedBy?: string, path?: string, note?: string, budget?: Budget, shard?: Shard, furtherFiles?: readonly (string | undefined)[]): number {
  const status = stoppedBy !== undefined ? EXIT.BOUNDED : r.kind === 'holds' ? EXIT.HOLDS : r.kind === 'violated' ? EXIT.VIOLATED : EXIT.BOUNDED;
  const cfg = r.kind === 'violated' ? r.counterexample.config : undefined;
  const within = budget ? ` within ${budget.seconds} s` : '';
  const which =
    path !== undefined
      ? `path "${path}" (one run replayed) of up to ${depth} ops`
      : budget?.runs === 'auto'
        ? `as many runs as fit in ${budget.seconds} s, of up to ${depth} ops`
        : `${runs} runs${within} of up to ${depth} ops`;
  io.out(`hvspec check · random engine · seed ${r.seed}${shard ? ` (${shardName(shard)})` : ''} · ${which} · config ${configName}${cfg ? ` (${describeConfig(cfg)})` : ''}`);
  if (r.kind === 'violated') {
    if (note !== undefined) io.out(note);
    // --continue: every distinct violated property, each with its own shrunk counterexample.
    if (r.further) io.out(`${1 + r.further.length} distinct properties violated, each with its own shrunk counterexample:`);
    io.out(formatCounterexample(r.counterexample, file));
    r.further?.forEach((cx, i) => io.out('', formatCounterexample(cx, furtherFiles?.[i])));
    return status;
  }
  io.out(...formatSummary(r));
  io.out('counters over all runs:', ...formatCounters(r.counters));
  const invs = r.invariants.length;
  const goalsReached = r.goals.filter((g) => g.reachedIn > 0).length;
  if (stoppedBy !== undefined) {
    io.out(`bounded: stopped by ${stoppedBy} after ${r.runs} of ${budget?.runs === 'auto' ? 'as many runs as fit' : `${runs} runs`} (${r.steps} steps); the invariants held in those, and nothing is claimed about the runs not made`);
    return status;
  }
  // A time budget is no bound on the random engine's search: it says how many runs held, never that the claims are proved.
  const spent = r.budgetSpent ? `; the ${budget?.seconds ?? ''} s budget ended the runs, and nothing is claimed about runs not made` : '';
  io.out(
    r.kind === 'holds'
      ? budget
        ? `all ${invs} invariants hold in ${r.runs} runs (${r.steps} steps); ${goalsReached} of ${r.goals.length} goals reached${spent}`
        : `all ${invs} invariants hold over ${r.runs} runs (${r.steps} steps); ${goalsReached} of ${r.goals.length} goals reached`
      : `invariants hold, but ${r.unreached.length} goal${r.unreached.length === 1 ? ' was' : 's were'} never reached (${r.unreached.join(', ')}): the runs may not have exercised what the invariants protect`,
  );
  return status;
}

/** `hvspec check --scenario NAME`: one named, fixed scenario with its expected figures. */
function runScenario(name: string, json: boolean, io: Io, collector: CoverageCollector): CheckRun {
  const sc = scenarioByName(name);
  if (!sc) throw new UsageError(`unknown scenario ${excerpt(name)} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  const r = checkScenario(sc, INVARIANTS, [collector.observer('scenario')]);
  const status = scenarioExitStatus(r);
  if (json) return { status, json: JSON.stringify({ scenario: r, exitStatus: status }, null, 2) };
  io.out(...formatScenarioResult(r));
  return { status };
}
