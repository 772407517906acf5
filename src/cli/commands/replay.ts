/**
 * `hvspec replay TRACE.json [--config hvspec.config.ts]`: rerun a saved
 * trace and show what it does now. The trace holds its host, faults and
 * ops; a config module (given with `--config`, or the
 * `hvspec.config.{ts,mts,js,mjs}` found in the working directory, as check
 * and explore find it) adds its faults, properties and balancer and
 * scheduler policies, so that a trace a run with them saved replays with
 * them; a trace saved with a policy replays only with that policy (its
 * identity, see check/policy-identity.ts).
 */
import { parseFlags, switchFlag, textFlag } from '../args.js';
import { readInputFile } from '../read-input.js';
import { excerpt } from '../../input/excerpt.js';
import { UsageError, EXIT } from '../usage.js';
import type { Io } from '../io.js';
import { loadRunConfig, runCatalogue, worldFor } from '../user-config.js';
import { policyIdentity } from '../../check/policy-identity.js';
import type { World } from '../../system/system.js';
import { decodeTrace, TraceError } from '../../check/trace-file.js';
import { runTrace, reportedSteps } from '../../check/run.js';
import { livenessOnTrace } from '../../check/liveness.js';
import { formatCounterexample, formatSteps } from '../../report/counterexample.js';

/** Runs `hvspec replay`; returns the exit status. */
export async function replayCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags('replay', argv, { json: switchFlag(), config: textFlag() }, { positionals: true });
  if (positionals.length !== 1) throw new UsageError(`replay needs exactly one trace file, got ${positionals.length}`);
  const file = positionals[0]!;
  const name = excerpt(file, 120).replace(/^"|"$/g, '');
  const text = readInputFile(file, 'trace');
  const loaded = await loadRunConfig(values.config);
  if (loaded && !loaded.user) throw new UsageError(`replay: --config takes a config module (hvspec.config.ts), not ${loaded.name}: the trace holds its own host`);
  const cat = runCatalogue(loaded?.user);
  let trace;
  try {
    trace = decodeTrace(text, cat.faults, cat.ownProperties);
  } catch (e) {
    if (e instanceof TraceError) throw new UsageError(`trace ${name}: ${e.message}`);
    throw e;
  }
  const withPolicies = worldFor(trace.config, trace.faults, cat);
  // The trace names the balancer and scheduler policies it was saved with: none (the config module's is then left out), or that one, which the config module must give.
  const { balancer: _b, scheduler: _s, ...withoutPolicies } = withPolicies;
  const world: World = {
    ...withoutPolicies,
    ...(trace.balancer !== undefined && withPolicies.balancer ? { balancer: withPolicies.balancer } : {}),
    ...(trace.scheduler !== undefined && withPolicies.scheduler ? { scheduler: withPolicies.scheduler } : {}),
  };
  for (const kind of ['balancer', 'scheduler'] as const) {
    const saved = trace[kind];
    const policy = policyIdentity(world[kind]);
    if (saved !== undefined && policy !== saved)
      throw new UsageError(`trace ${name} was saved with ${kind} policy ${saved}, ${policy ? `not the config module's (${policy})` : 'and no config module gives one (pass it with --config)'}`);
  }
  const run = runTrace(world, trace.ops, cat.invariants);
  // Bounded liveness (found by the explorer) is judged along the same steps.
  const live = run.violation ? undefined : livenessOnTrace(world, trace.ops, cat.liveness);
  const r = live ? { ...run, steps: run.steps.slice(0, live.step), violation: { ...live, all: [live] } } : run;
  if (values.json) {
    io.out(
      JSON.stringify(
        { file, recorded: trace.property, violation: r.violation ?? null, steps: reportedSteps(r.steps), skipped: r.skippedCount, exitStatus: r.violation ? EXIT.VIOLATED : EXIT.HOLDS },
        null,
        2,
      ),
    );
    return r.violation ? EXIT.VIOLATED : EXIT.HOLDS;
  }
  if (r.violation) {
    io.out(
      formatCounterexample(
        {
          engine: trace.engine,
          property: r.violation.property,
          message: r.violation.message,
          alsoViolated: r.violation.all.slice(1).map((v) => v.property),
          config: trace.config,
          faults: trace.faults,
          ops: r.steps.map((s) => s.op),
          steps: reportedSteps(r.steps),
          seed: trace.seed,
          path: trace.path,
          shrinks: trace.shrinks,
        },
        file,
      ),
    );
    return EXIT.VIOLATED;
  }
  io.out(`✓ ${file}: ${r.steps.length} steps replayed, every invariant holds now (the trace recorded ${trace.property})`);
  io.out(...formatSteps(r.steps, trace.config));
  return EXIT.HOLDS;
}
