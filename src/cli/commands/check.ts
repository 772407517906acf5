/**
 * `hvspec check`: replay saved failures, then run the random engine on a
 * configuration with the chosen faults, and print one line per property.
 */
import { parse, intFlag, loadConfig } from '../args.js';
import { UsageError, EXIT } from '../usage.js';
import type { Io } from '../io.js';
import { FAULTS, buildWorld, UnknownFaultError } from '../../faults/catalogue.js';
import { checkRandom, RANDOM_DEFAULTS } from '../../check/random.js';
import { runTrace } from '../../check/run.js';
import { saveFailure, savedFailures } from '../../check/failures.js';
import type { CheckResult, Counterexample } from '../../check/result.js';
import { INVARIANTS, GOALS } from '../../../properties/index.js';
import { formatCounterexample } from '../../report/counterexample.js';
import { formatSummary, formatCounters, describeConfig } from '../../report/summary.js';
import type { World } from '../../system/system.js';

/** Runs `hvspec check`; returns the exit status. */
export function checkCommand(argv: string[], io: Io): number {
  const { values } = parse('check', argv, {
    config: { type: 'string' },
    engine: { type: 'string' },
    fault: { type: 'string', multiple: true },
    seed: { type: 'string' },
    runs: { type: 'string' },
    depth: { type: 'string' },
    json: { type: 'boolean' },
  });
  const engine = values.engine ?? 'random';
  if (engine !== 'random') throw new UsageError(`--engine must be random, got "${engine}"`);
  const seed = intFlag('seed', values.seed, RANDOM_DEFAULTS.seed);
  const runs = intFlag('runs', values.runs, RANDOM_DEFAULTS.runs, 1);
  const depth = intFlag('depth', values.depth, RANDOM_DEFAULTS.depth, 1);
  const { config, name } = loadConfig(values.config);
  const faults = values.fault ?? [];
  let world: World;
  try {
    world = buildWorld(config, faults);
  } catch (e) {
    if (e instanceof UnknownFaultError) throw new UsageError(e.message);
    throw e;
  }

  // Saved failures first: a bug seen once is checked before anything else.
  const saved = savedFailures(config, faults, FAULTS);
  for (const { file, trace } of saved) {
    const r = runTrace(world, trace.ops, INVARIANTS);
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
    return report(io, { kind: 'violated', engine: 'random', runs: 0, steps: r.steps.length, invariants: [], goals: [], counters: r.final.counters, seed: trace.seed, counterexample: cx }, file, values.json ?? false, name, runs, depth);
  }
  if (saved.length > 0) io.err(`replayed ${saved.length} saved failure${saved.length === 1 ? '' : 's'}: none fails any more`);

  let last = 0;
  const result = checkRandom(world, {
    seed,
    runs,
    depth,
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
  });
  io.progress('');
  const file = result.kind === 'violated' ? saveFailure(result.counterexample) : undefined;
  return report(io, result, file, values.json ?? false, name, runs, depth);
}

function report(io: Io, r: CheckResult, file: string | undefined, json: boolean, configName: string, runs: number, depth: number): number {
  const status = r.kind === 'holds' ? EXIT.HOLDS : r.kind === 'violated' ? EXIT.VIOLATED : EXIT.BOUNDED;
  if (json) {
    io.out(JSON.stringify({ ...r, ...(file ? { file } : {}), exitStatus: status }, null, 2));
    return status;
  }
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
