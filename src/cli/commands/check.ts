/**
 * `hvspec check`: replay saved failures, then run the random engine on a
 * configuration with the chosen faults, and print one line per property.
 */
import { parseFlags, textFlag, switchFlag, repeatedFlag, choiceFlag, countFlag, type FlagValues } from '../args.js';
import { type LoadedConfig, loadRunConfig, runCatalogue } from '../user-config.js';
import { UsageError, EXIT } from '../usage.js';
import { excerpt } from '../../input/excerpt.js';
import type { Io } from '../io.js';
import { faultByName } from '../../faults/build-world.js';
import { exploreJobs, runExploreJobs, worldFor, EXPLORE_MAX_STATES } from './explore.js';
import { SCENARIOS, scenarioByName, checkScenario, formatScenarioResult, scenarioExitStatus } from '../../scenarios/index.js';
import { checkRandomStoppable, RANDOM_DEFAULTS } from '../../check/random.js';
import { runTrace } from '../../check/run.js';
import { saveFailure, savedFailures } from '../../check/failures.js';
import type { CheckResult, Counterexample } from '../../check/result.js';
import { INVARIANTS } from '../../../properties/index.js';
import { DEFAULT_CONFIG } from '../../system/config.js';
import { formatCounterexample } from '../../report/counterexample.js';
import { formatSummary, formatCounters, describeConfig } from '../../report/summary.js';
import type { World } from '../../system/system.js';
import { CoverageCollector } from '../../coverage/collector.js';
import { NEVER_STOP, type StopRequest } from '../stop.js';
import { DEFAULT_COVERAGE_DIR, saveCoverage } from '../../coverage/store.js';
import { fnv64 } from '../../check/failures.js';
import { propertyResults } from '../../report/property-results.js';
import { headlineLines, totalLine } from '../../report/text.js';
import { writeRunReports, saveProperties, headlineData } from '../coverage-output.js';
import { Writes } from '../writes.js';
import { warnSetAside } from '../set-aside.js';

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
  const dir = DEFAULT_COVERAGE_DIR;
  const data = collector.data();
  // One file per distinct run (the same flags again replace it rather than count twice; --json changes no step).
  writes.attempt(() => saveCoverage(dir, `check-${fnv64(JSON.stringify(argv.filter((a) => a !== '--json')))}`, data, { root: ROOT }));
  if (run.result) writes.attempt(() => saveProperties(dir, propertyResults(run.result!), { root: ROOT }));
  const source = `hvspec check ${argv.join(' ')}`.trim() + (run.bounded ? ` · ${run.bounded}` : '');
  const written = await writes.attemptAsync(() => writeRunReports(dir, data, run.result ? propertyResults(run.result) : [], run.counterexample, source, { root: ROOT }));
  if (run.json) {
    const doc = JSON.parse(run.json) as Record<string, unknown>;
    const coverage = written ? { coverage: { dir, files: written.files, machines: headlineData(written.summary) } } : {};
    io.out(JSON.stringify({ ...doc, ...coverage, ...(writes.failure !== undefined ? { writeFailure: writes.failure } : {}) }, null, 2));
  } else if (written) {
    const { summary, files } = written;
    if (run.result?.kind === 'violated') io.err(`coverage report: ${files.html}`);
    else io.out('', `coverage (${summary.headlineEngines.join(', ')}) · report: ${files.html}`, ...[...headlineLines(summary), totalLine(summary)].map((l) => `  ${l}`));
  }
  return writes.finish(io, run.status);
}

interface CheckRun {
  readonly status: number;
  readonly result?: CheckResult;
  /** The counterexample this run reports, and the file it is saved in (the report's viewer steps through it). */
  readonly counterexample?: { readonly cx: Counterexample; readonly file?: string };
  /** The JSON document, when --json was given (printed after coverage is added to it). */
  readonly json?: string;
  /** Set when a signal ended the random runs first: what the reports' header says of the run. */
  readonly bounded?: string;
}

/**
 * `--engine random` (the default) runs the random engine; `--engine
 * explore` the exhaustive explorer (the explorer's default scopes unless
 * `--config` is given; `--depth` bounds the search, `--seed` and `--runs`
 * do not apply); `--engine all` runs the random engine, then the
 * explorer, and exits with the worse status (1 over 3 over 0).
 */
async function runCheck(argv: string[], io: Io, collector: CoverageCollector, writes: Writes, stop: StopRequest): Promise<CheckRun> {
  const { values } = parseFlags('check', argv, CHECK_FLAGS, {
    // A scenario is fixed: it has its own host, ops and figures, and only --json applies to it.
    before: (raw) => {
      if (raw.scenario === undefined) return;
      for (const flag of ['config', 'engine', 'fault', 'seed', 'runs', 'depth'] as const)
        if (raw[flag] !== undefined) throw new UsageError(`check: --${flag} cannot be used with --scenario`);
    },
  });
  if (values.scenario !== undefined) return runScenario(values.scenario, values.json ?? false, io, collector);
  const engine = values.engine ?? 'random';
  const loaded = await loadRunConfig(values.config);
  if (engine === 'random') return runRandom(values, loaded, io, collector, writes, stop);
  const maxDepth = values.depth;
  const jobs = exploreJobs(loaded, undefined, values.fault ?? [], { maxDepth, maxStates: EXPLORE_MAX_STATES, observers: [collector.observer('explore')] });
  const json = values.json ?? false;
  const explored = async (): Promise<CheckRun> => {
    const e = await runExploreJobs(io, jobs, json, writes, stop);
    return { status: e.status, json: e.json };
  };
  if (engine === 'explore') return explored();
  const random = await runRandom(values, loaded, io, collector, writes, stop);
  if (!json) io.out('');
  // Stopped during the random runs: the explorer is not started, and says so.
  const e = await explored();
  const status = random.status === EXIT.VIOLATED || e.status === EXIT.VIOLATED ? EXIT.VIOLATED : Math.max(random.status, e.status);
  const parts = { status, result: random.result, counterexample: random.counterexample, bounded: random.bounded };
  if (!json) return parts;
  return { ...parts, json: JSON.stringify({ engine: 'all', random: JSON.parse(random.json!), explore: JSON.parse(e.json!), exitStatus: status }) };
}

/** The flags of `hvspec check`. */
export const CHECK_FLAGS = {
  config: textFlag(),
  engine: choiceFlag(['random', 'explore', 'all'], 'random, explore or all'),
  fault: repeatedFlag(),
  seed: countFlag('seed'),
  runs: countFlag('runs'),
  depth: countFlag('depth'),
  json: switchFlag(),
  scenario: textFlag(),
};

type CheckFlags = FlagValues<typeof CHECK_FLAGS>;

/** The random engine part of `hvspec check`, on the loaded config (a config module's properties, faults, policy and weights included). */
async function runRandom(values: CheckFlags, loaded: LoadedConfig | undefined, io: Io, collector: CoverageCollector, writes: Writes, stop: StopRequest): Promise<CheckRun> {
  const seed = values.seed ?? RANDOM_DEFAULTS.seed;
  const runs = values.runs ?? RANDOM_DEFAULTS.runs;
  const depth = values.depth ?? RANDOM_DEFAULTS.depth;
  const faults = values.fault ?? [];
  // A fault that only shows on a host of its own (a Dynamic Memory guest, say) brings that host along, and its op weights.
  const cat = runCatalogue(loaded?.user);
  const hostGiven = loaded !== undefined && (loaded.user === undefined || loaded.user.host !== undefined);
  const ownHost = !hostGiven ? faults.map((f) => faultByName(f, cat.faults)).find((f) => f?.config) : undefined;
  const { config, name } = ownHost?.config ? { config: ownHost.config, name: `of fault ${ownHost.name}` } : (loaded ?? { config: DEFAULT_CONFIG, name: 'default' });
  const world: World = worldFor(config, faults, cat);
  const weights = ownHost?.weights ?? cat.weights;

  // Saved failures first: a bug seen once is checked before anything else. One that still fails is reported only if this
  // run does not find a violation itself: a run of the same seed then reports exactly what a first run would.
  let stillFails: { file: string; result: CheckResult } | undefined;
  const saved = savedFailures(config, faults, cat.faults, { seed, onSetAside: (s) => warnSetAside(io, s) });
  for (const { file, trace } of saved) {
    const r = runTrace(world, trace.ops, cat.invariants, [], [collector.observer('replay')]);
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
      steps: r.steps,
      seed: trace.seed,
      path: trace.path,
      shrinks: trace.shrinks,
    };
    const replayed: CheckResult = { kind: 'violated', engine: 'random', runs: 0, steps: r.steps.length, invariants: [], goals: [], counters: r.final.counters, seed: trace.seed, counterexample: cx };
    stillFails = { file, result: replayed };
    break;
  }
  if (saved.length > 0 && !stillFails) io.err(`replayed ${saved.length} saved failure${saved.length === 1 ? '' : 's'}: none fails any more`);

  let last = 0;
  const { result, stopped } = await checkRandomStoppable(world, {
    seed,
    runs,
    depth,
    ...(weights ? { weights } : {}),
    invariants: cat.invariants,
    goals: cat.goals,
    onProgress: values.json
      ? undefined
      : (done) => {
          if (done - last >= 50 || done === runs) {
            last = done;
            io.progress(`  ${done}/${runs} runs`);
          }
        },
    observers: [collector.observer('random')],
  }, () => stop.signal !== undefined);
  io.progress('');
  if (stillFails && result.kind !== 'violated') {
    // These runs miss the saved failure (fewer runs, say): the replay is the result.
    const cx = stillFails.result.kind === 'violated' ? { cx: stillFails.result.counterexample, file: stillFails.file } : undefined;
    return { ...report(io, stillFails.result, stillFails.file, values.json ?? false, name, runs, depth), result: stillFails.result, counterexample: cx };
  }
  const file = result.kind === 'violated' ? writes.attempt(() => saveFailure(result.counterexample, undefined, { root: ROOT })) : undefined;
  const cx = result.kind === 'violated' ? { cx: result.counterexample, file } : undefined;
  const signal = stopped ? stop.signal : undefined;
  const bounded = signal ? `bounded: stopped by ${signal} after ${result.runs} of ${runs} runs` : undefined;
  return { ...report(io, result, file, values.json ?? false, name, runs, depth, signal), result, counterexample: cx, bounded };
}

function report(io: Io, r: CheckResult, file: string | undefined, json: boolean, configName: string, runs: number, depth: number, stoppedBy?: string): CheckRun {
  const status = stoppedBy !== undefined ? EXIT.BOUNDED : r.kind === 'holds' ? EXIT.HOLDS : r.kind === 'violated' ? EXIT.VIOLATED : EXIT.BOUNDED;
  // Stopped before a violation: the document says bounded, as the explorer's does, with the runs made.
  if (json) return { status, json: JSON.stringify({ ...r, ...(stoppedBy !== undefined ? { kind: 'bounded', reason: 'stopped', stoppedBy, runsAsked: runs } : {}), ...(file ? { file } : {}), exitStatus: status }) };
  return { status: printReport(io, r, file, configName, runs, depth, stoppedBy) };
}

function printReport(io: Io, r: CheckResult, file: string | undefined, configName: string, runs: number, depth: number, stoppedBy?: string): number {
  const status = stoppedBy !== undefined ? EXIT.BOUNDED : r.kind === 'holds' ? EXIT.HOLDS : r.kind === 'violated' ? EXIT.VIOLATED : EXIT.BOUNDED;
  const cfg = r.kind === 'violated' ? r.counterexample.config : undefined;
  io.out(`hvspec check · random engine · seed ${r.seed} · ${runs} runs of up to ${depth} ops · config ${configName}${cfg ? ` (${describeConfig(cfg)})` : ''}`);
  if (r.kind === 'violated') {
    io.out(formatCounterexample(r.counterexample, file));
    return status;
  }
  io.out(...formatSummary(r));
  io.out('counters over all runs:', ...formatCounters(r.counters));
  const invs = r.invariants.length;
  const goalsReached = r.goals.filter((g) => g.reachedIn > 0).length;
  if (stoppedBy !== undefined) {
    io.out(`bounded: stopped by ${stoppedBy} after ${r.runs} of ${runs} runs (${r.steps} steps); the invariants held in those, and nothing is claimed about the runs not made`);
    return status;
  }
  io.out(
    r.kind === 'holds'
      ? `all ${invs} invariants hold over ${r.runs} runs (${r.steps} steps); ${goalsReached} of ${r.goals.length} goals reached`
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
