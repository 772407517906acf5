/**
 * `hvspec replay TRACE.json`: rerun a saved trace and show what it does now.
 */
import { parseFlags, switchFlag } from '../args.js';
import { readInputFile } from '../read-input.js';
import { excerpt } from '../../input/excerpt.js';
import { UsageError, EXIT } from '../usage.js';
import type { Io } from '../io.js';
import { FAULTS } from '../../faults/catalogue.js';
import { buildWorld } from '../../faults/build-world.js';
import { decodeTrace, TraceError } from '../../check/trace-file.js';
import { runTrace, reportedSteps } from '../../check/run.js';
import { INVARIANTS, LIVENESS } from '../../../properties/index.js';
import { livenessOnTrace } from '../../check/liveness.js';
import { formatCounterexample, formatSteps } from '../../report/counterexample.js';

/** Runs `hvspec replay`; returns the exit status. */
export function replayCommand(argv: string[], io: Io): number {
  const { values, positionals } = parseFlags('replay', argv, { json: switchFlag() }, { positionals: true });
  if (positionals.length !== 1) throw new UsageError(`replay needs exactly one trace file, got ${positionals.length}`);
  const file = positionals[0]!;
  const name = excerpt(file, 120).replace(/^"|"$/g, '');
  const text = readInputFile(file, 'trace');
  let trace;
  try {
    trace = decodeTrace(text, FAULTS);
  } catch (e) {
    if (e instanceof TraceError) throw new UsageError(`trace ${name}: ${e.message}`);
    throw e;
  }
  const world = buildWorld(trace.config, trace.faults);
  const run = runTrace(world, trace.ops, INVARIANTS);
  // Bounded liveness (found by the explorer) is judged along the same steps.
  const live = run.violation ? undefined : livenessOnTrace(world, trace.ops, LIVENESS);
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
