/**
 * `hvspec check`: replay saved failures, then run the random engine on a
 * configuration with the chosen faults, and print one line per property.
 */
import { parseFlags, textFlag, switchFlag, repeatedFlag, choiceFlag, countFlag, pathFlag, type FlagValues } from '../args.js';
import { type LoadedConfig, loadRunConfig, runCatalogue } from '../user-config.js';
import { UsageError, EXIT } from '../usage.js';
import { excerpt } from '../../input/excerpt.js';
import { type Io, quietIo } from '../io.js';
import { faultByName } from '../../faults/build-world.js';
import { exploreJobs, runExploreJobs, worldFor, EXPLORE_MAX_STATES } from './explore.js';
import { SCENARIOS, scenarioByName, checkScenario, formatScenarioResult, scenarioExitStatus } from '../../scenarios/index.js';
import { checkRandomStoppable, RANDOM_DEFAULTS } from '../../check/random.js';
import { runTrace, reportedSteps } from '../../check/run.js';
import { saveFailure, savedFailures } from '../../check/failures.js';
import { policyIdentity } from '../../check/policy-identity.js';
import { missedByTheRuns } from '../saved-failure-result.js';
import { noSuchRun, rethrowNoSuchRun } from '../replay-path.js';
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
import { verdictOfCheck } from '../../report/verdict.js';
import { saveVerdict } from '../../report/verdict-store.js';

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
  const name = `check-${fnv64(JSON.stringify(argv.filter((a) => a !== '--json')))}`;
  const command = `hvspec check ${argv.join(' ')}`.trim();
  const properties = run.result ? propertyResults(run.result) : [];
  const verdict = verdictOfCheck({ command, exitStatus: run.status, ...(run.result ? { result: run.result } : {}), ...(run.counterexample?.file ? { file: run.counterexample.file } : {}), ...(run.bounded ? { bounded: run.bounded } : {}), properties });
  writes.attempt(() => saveCoverage(dir, name, data, { root: ROOT }));
  writes.attempt(() => saveVerdict(dir, name, verdict, { root: ROOT }));
  if (run.result) writes.attempt(() => saveProperties(dir, properties, { root: ROOT }));
  const source = command + (run.bounded ? ` · ${run.bounded}` : '');
  const written = await writes.attemptAsync(() => writeRunReports(dir, data, verdict, run.counterexample, source, { root: ROOT }));
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
async function runCheck(argv: string[], cliIo: Io, collector: CoverageCollector, writes: Writes, stop: StopRequest): Promise<CheckRun> {
  const { values } = parseFlags('check', argv, CHECK_FLAGS, {
    // A scenario is fixed: it has its own host, ops and figures, and only --json applies to it.
    before: (raw) => {
      if (raw.scenario !== undefined)
        for (const flag of ['config', 'engine', 'fault', 'seed', 'runs', 'depth', 'path'] as const)
          if (raw[flag] !== undefined) throw new UsageError(`check: --${flag} cannot be used with --scenario`);
      // A path names one run of the random engine's generator.
      if (raw.path !== undefined && raw.engine !== undefined && raw.engine !== 'random') throw new UsageError('check: --path replays a run of the random engine; it cannot be used with --engine explore or all');
    },
  });
  const io = values.quiet ? quietIo(cliIo) : cliIo;
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
  quiet: switchFlag(),
  path: pathFlag(),
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

  // Saved failures of this content (config, faults, balancer policy) first, whatever seed found them: a bug seen once is
  // checked before anything else. One that still fails is reported only if this run does not find a violation itself:
  // a run of the same seed then reports exactly what a first run would. A --path run replays that one run only.
  let stillFails: { file: string; cx: Counterexample } | undefined;
  const saved = values.path !== undefined ? [] : savedFailures(config, faults, cat.faults, { balancer: policyIdentity(world.balancer), onSetAside: (s) => warnSetAside(io, s) });
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
      steps: reportedSteps(r.steps),
      seed: trace.seed,
      path: trace.path,
      shrinks: trace.shrinks,
      ...(trace.balancer !== undefined ? { balancer: trace.balancer } : {}),
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
      : (done) => io.progress(`  ${done}/${runs} runs`),
    observers: [collector.observer('random')],
  }, () => stop.signal !== undefined).catch((e: unknown) => rethrowNoSuchRun(e, values.path, seed));
  io.progress('');
  if (values.path !== undefined && result.runs === 0 && !stopped) throw noSuchRun(values.path, seed);
  if (stillFails && result.kind !== 'violated') {
    // These runs miss the saved failure (fewer runs, another seed): the saved failure is the result, named as such.
    const missed = missedByTheRuns(result, stillFails.cx);
    const note = "these runs found no violation; a saved failure, replayed first, still fails:";
    const r = report(io, missed, stillFails.file, values.json ?? false, name, runs, depth, undefined, values.path, note);
    const json = r.json === undefined ? {} : { json: JSON.stringify({ ...JSON.parse(r.json), savedFailure: stillFails.file }) };
    return { ...r, ...json, result: missed, counterexample: { cx: stillFails.cx, file: stillFails.file } };
  }
  const file = result.kind === 'violated' ? writes.attempt(() => saveFailure(result.counterexample, undefined, { root: ROOT })) : undefined;
  const cx = result.kind === 'violated' ? { cx: result.counterexample, file } : undefined;
  const signal = stopped ? stop.signal : undefined;
  const bounded = signal ? `bounded: stopped by ${signal} after ${result.runs} of ${runs} runs` : undefined;
  return { ...report(io, result, file, values.json ?? false, name, runs, depth, signal, values.path), result, counterexample: cx, bounded };
}

function report(io: Io, r: CheckResult, file: string | undefined, json: boolean, configName: string, runs: number, depth: number, stoppedBy?: string, path?: string, note?: string): CheckRun {
  const status = stoppedBy !== undefined ? EXIT.BOUNDED : r.kind === 'holds' ? EXIT.HOLDS : r.kind === 'violated' ? EXIT.VIOLATED : EXIT.BOUNDED;
  // Stopped before a violation: the document says bounded, as the explorer's does, with the runs made.
  if (json) return { status, json: JSON.stringify({ ...r, ...(stoppedBy !== undefined ? { kind: 'bounded', reason: 'stopped', stoppedBy, runsAsked: runs } : {}), ...(file ? { file } : {}), exitStatus: status }) };
  return { status: printReport(io, r, file, configName, runs, depth, stoppedBy, path, note) };
}

function printReport(io: Io, r: CheckResult, file: string | undefined, configName: string, runs: number, depth: number, stoppedBy?: string, path?: string, note?: string): number {
  const status = stoppedBy !== undefined ? EXIT.BOUNDED : r.kind === 'holds' ? EXIT.HOLDS : r.kind === 'violated' ? EXIT.VIOLATED : EXIT.BOUNDED;
  const cfg = r.kind === 'violated' ? r.counterexample.config : undefined;
  const which = path !== undefined ? `path "${path}" (one run replayed) of up to ${depth} ops` : `${runs} runs of up to ${depth} ops`;
  io.out(`hvspec check · random engine · seed ${r.seed} · ${which} · config ${configName}${cfg ? ` (${describeConfig(cfg)})` : ''}`);
  if (r.kind === 'violated') {
    if (note !== undefined) io.out(note);
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
