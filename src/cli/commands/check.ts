/**
 * `hvspec check`: replay saved failures, then run the random engine on a
 * configuration with the chosen faults, and print one line per property.
 */
import { parseFlags, textFlag, switchFlag, repeatedFlag, choiceFlag, countFlag, loadConfig, type FlagValues } from '../args.js';
import { UsageError, EXIT } from '../usage.js';
import { excerpt } from '../../input/excerpt.js';
import type { Io } from '../io.js';
import { FAULTS } from '../../faults/catalogue.js';
import { faultByName } from '../../faults/build-world.js';
import { exploreJobs, runExploreJobs, worldFor, EXPLORE_MAX_STATES } from './explore.js';
import { SCENARIOS, scenarioByName, checkScenario, formatScenarioResult, scenarioExitStatus } from '../../scenarios/index.js';
import { checkRandom, RANDOM_DEFAULTS } from '../../check/random.js';
import { runTrace } from '../../check/run.js';
import { saveFailure, savedFailures } from '../../check/failures.js';
import type { CheckResult, Counterexample } from '../../check/result.js';
import { INVARIANTS, GOALS } from '../../../properties/index.js';
import { formatCounterexample } from '../../report/counterexample.js';
import { formatSummary, formatCounters, describeConfig } from '../../report/summary.js';
import type { World } from '../../system/system.js';
import { CoverageCollector } from '../../coverage/collector.js';
import { DEFAULT_COVERAGE_DIR, saveCoverage } from '../../coverage/store.js';
import { fnv64 } from '../../check/failures.js';
import { propertyResults } from '../../report/property-results.js';
import { headlineLines, totalLine } from '../../report/text.js';
import { writeCoverageReports, saveProperties, headlineData } from '../coverage-output.js';
import { Writes } from '../writes.js';
import { warnSetAside } from '../set-aside.js';

/** The folder no write of a check leaves through a symbolic link: the working directory. */
const ROOT = '.';

/**
 * Runs `hvspec check`, then writes the coverage reports; returns the exit
 * status. A file that cannot be written (a full disk, a read-only folder)
 * skips the writes after it; the verdict is printed all the same, then one
 * line naming the file, and the status is 2.
 */
export async function checkCommand(argv: string[], io: Io): Promise<number> {
  const collector = new CoverageCollector();
  const writes = new Writes();
  const run = await runCheck(argv, io, collector, writes);
  const dir = DEFAULT_COVERAGE_DIR;
  // One file per distinct run (the same flags again replace it rather than count twice; --json changes no step).
  writes.attempt(() => saveCoverage(dir, `check-${fnv64(JSON.stringify(argv.filter((a) => a !== '--json')))}`, collector.data(), { root: ROOT }));
  if (run.result) writes.attempt(() => saveProperties(dir, propertyResults(run.result!), { root: ROOT }));
  const written = await writes.attemptAsync(() => writeCoverageReports(dir, `hvspec check ${argv.join(' ')}`.trim(), undefined, { root: ROOT }));
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
  /** The JSON document, when --json was given (printed after coverage is added to it). */
  readonly json?: string;
}

/**
 * `--engine random` (the default) runs the random engine; `--engine
 * explore` the exhaustive explorer (the explorer's default scopes unless
 * `--config` is given; `--depth` bounds the search, `--seed` and `--runs`
 * do not apply); `--engine all` runs the random engine, then the
 * explorer, and exits with the worse status (1 over 3 over 0).
 */
async function runCheck(argv: string[], io: Io, collector: CoverageCollector, writes: Writes): Promise<CheckRun> {
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
  if (engine === 'random') return runRandom(values, io, collector, writes);
  const maxDepth = values.depth;
  const jobs = exploreJobs(values.config, undefined, values.fault ?? [], { maxDepth, maxStates: EXPLORE_MAX_STATES, observers: [collector.observer('explore')] });
  const json = values.json ?? false;
  const explored = async (): Promise<CheckRun> => {
    const e = await runExploreJobs(io, jobs, json, writes);
    return { status: e.status, json: e.json };
  };
  if (engine === 'explore') return explored();
  const random = runRandom(values, io, collector, writes);
  if (!json) io.out('');
  const e = await explored();
  const status = random.status === EXIT.VIOLATED || e.status === EXIT.VIOLATED ? EXIT.VIOLATED : Math.max(random.status, e.status);
  if (!json) return { status, result: random.result };
  return { status, result: random.result, json: JSON.stringify({ engine: 'all', random: JSON.parse(random.json!), explore: JSON.parse(e.json!), exitStatus: status }) };
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

/** The random engine part of `hvspec check`. */
function runRandom(values: CheckFlags, io: Io, collector: CoverageCollector, writes: Writes): CheckRun {
  const seed = values.seed ?? RANDOM_DEFAULTS.seed;
  const runs = values.runs ?? RANDOM_DEFAULTS.runs;
  const depth = values.depth ?? RANDOM_DEFAULTS.depth;
  const faults = values.fault ?? [];
  // A fault that only shows on a host of its own (a Dynamic Memory guest, say) brings that host along, and its op weights.
  const ownHost = values.config === undefined ? faults.map((f) => faultByName(f)).find((f) => f?.config) : undefined;
  const { config, name } = ownHost?.config ? { config: ownHost.config, name: `of fault ${ownHost.name}` } : loadConfig(values.config);
  const world: World = worldFor(config, faults);

  // Saved failures first: a bug seen once is checked before anything else. One that still fails is reported only if this
  // run does not find a violation itself: a run of the same seed then reports exactly what a first run would.
  let stillFails: { file: string; result: CheckResult } | undefined;
  const saved = savedFailures(config, faults, FAULTS, { seed, onSetAside: (s) => warnSetAside(io, s) });
  for (const { file, trace } of saved) {
    const r = runTrace(world, trace.ops, INVARIANTS, [], [collector.observer('replay')]);
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
  const result = checkRandom(world, {
    seed,
    runs,
    depth,
    ...(ownHost?.weights ? { weights: ownHost.weights } : {}),
    invariants: INVARIANTS,
    goals: GOALS,
    onProgress: values.json
      ? undefined
      : (done) => {
          if (done - last >= 50 || done === runs) {
            last = done;
            io.progress(`  ${done}/${runs} runs`);
          }
        },
    observers: [collector.observer('random')],
  });
  io.progress('');
  if (stillFails && result.kind !== 'violated') {
    // These runs miss the saved failure (fewer runs, say): the replay is the result.
    return { ...report(io, stillFails.result, stillFails.file, values.json ?? false, name, runs, depth), result: stillFails.result };
  }
  const file = result.kind === 'violated' ? writes.attempt(() => saveFailure(result.counterexample, undefined, { root: ROOT })) : undefined;
  return { ...report(io, result, file, values.json ?? false, name, runs, depth), result };
}

function report(io: Io, r: CheckResult, file: string | undefined, json: boolean, configName: string, runs: number, depth: number): CheckRun {
  const status = r.kind === 'holds' ? EXIT.HOLDS : r.kind === 'violated' ? EXIT.VIOLATED : EXIT.BOUNDED;
  if (json) return { status, json: JSON.stringify({ ...r, ...(file ? { file } : {}), exitStatus: status }) };
  return { status: printReport(io, r, file, configName, runs, depth) };
}

function printReport(io: Io, r: CheckResult, file: string | undefined, configName: string, runs: number, depth: number): number {
  const status = r.kind === 'holds' ? EXIT.HOLDS : r.kind === 'violated' ? EXIT.VIOLATED : EXIT.BOUNDED;
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
