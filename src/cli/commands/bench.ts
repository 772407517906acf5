/**
 * `hvspec bench [--json]`: runs the benchmark (bench/bench.ts) and prints
 * its figures; stages go to stderr unless --json.
 *
 * It also runs the whole default search (every default scope) and checks
 * it against the figures pinned in bench/default-scopes.ts: a mismatch is
 * named, and the status is 1.
 *
 * The benchmark is part of the repository, not of the published package:
 * it is loaded when the command runs, and an installed hvspec, which has
 * no bench/, says so in one line (exit 2).
 */
import { parseFlags, switchFlag } from '../args.js';
import { EXIT, UsageError } from '../usage.js';
import type { Io } from '../io.js';
import { exploreJobs, runExploreJobs, EXPLORE_MAX_STATES } from './explore.js';
import { EXPLORE_SCOPES } from '../../check/explore-config.js';

/** The benchmark module, or a UsageError when this copy of hvspec has none. */
async function loadBench(): Promise<typeof import('../../../bench/bench.js')> {
  try {
    return await import('../../../bench/bench.js');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && (e as Error).message.includes('bench/bench.js');
    if (missing) throw new UsageError('bench: the benchmark is not in the installed package; run `npm run bench` in a clone of the hvspec repository');
    throw e;
  }
}

/** Runs the whole default search as `hvspec explore` does and checks its report against the figures pinned in bench/default-scopes.ts. */
async function defaultScopesFigures() {
  const { pinMismatches, DEFAULT_SCOPES_STATES } = await import('../../../bench/default-scopes.js');
  const lines: string[] = [];
  const io: Io = { out: (...l) => lines.push(...l), err: () => {}, progress: () => {} };
  const t = performance.now();
  const { status } = await runExploreJobs(io, exploreJobs(undefined, undefined, [], { maxStates: EXPLORE_MAX_STATES }), false);
  const seconds = Math.round((performance.now() - t) / 10) / 100;
  const mismatches = pinMismatches(status, lines.join('\n') + '\n');
  return { scopes: EXPLORE_SCOPES.length, states: DEFAULT_SCOPES_STATES, seconds, pinsHold: mismatches.length === 0, mismatches };
}

/** Runs `hvspec bench`; returns the exit status (1 when a pinned figure of the default search differs). */
export async function benchCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags('bench', argv, { json: switchFlag() });
  const { runBench } = await loadBench();
  const log = values.json ? undefined : (l: string) => io.err(`  ${l}`);
  const r = runBench(log);
  log?.('explorer: every default scope, checked against the pinned figures');
  const defaultScopes = await defaultScopesFigures();
  const status = defaultScopes.pinsHold ? EXIT.HOLDS : EXIT.VIOLATED;
  if (values.json) {
    io.out(JSON.stringify({ ...r, defaultScopes }, null, 2));
    return status;
  }
  io.out(`hvspec bench · node ${r.machine.node} · ${r.machine.cpu} (${r.machine.cores} cores)`);
  io.out('explorer:');
  for (const e of r.explorer)
    io.out(`  ${e.config.padEnd(16)} symmetry ${e.symmetry ? 'on ' : 'off'}  ${e.result} ${e.states} states in ${e.seconds} s: ${e.statesPerSecond} states/s, ${e.transitionsPerSecond} transitions/s, ${e.bytesPerState} bytes/state`);
  const ph = r.explorerPhases;
  io.out(`explorer time per transition (${ph.scope}, profiled): ${ph.microsecondsPerTransition} µs; for ${ph.targetStatesPerSecond} states/s: ${ph.budgetMicrosecondsPerTransition} µs`);
  for (const [phase, f] of Object.entries(ph.phases)) io.out(`  ${phase.padEnd(22)} ${String(f.microsecondsPerTransition).padStart(6)} µs  ${Math.round(f.share * 100)}%`);
  io.out(`I/O path of a tiny host: ${r.ioStateSpace.complete ? 'every reachable state' : 'stopped'}: ${r.ioStateSpace.states} states, depth ${r.ioStateSpace.depth}${r.ioStateSpace.violation ? `, ✗ ${r.ioStateSpace.violation.invariant}` : ', every interrupt invariant holds'} (${r.ioStateSpace.seconds} s)`);
  const rd = r.random;
  io.out(`random engine (${rd.config} host, ${rd.properties} properties, observers on): ${rd.incremental.stepsPerSecond} steps/s incremental (${rd.incremental.steps} steps in ${rd.incremental.seconds} s CPU), ${rd.full.stepsPerSecond} steps/s judging every property after every step`);
  for (const [phase, f] of Object.entries(rd.phases)) io.out(`  ${phase.padEnd(22)} ${String(f.microsecondsPerStep).padStart(6)} µs/step  ${Math.round(f.share * 100)}%`);
  io.out('faults (random median shrunk length vs explorer shortest, in the scope that lists the fault):');
  for (const f of r.faults)
    io.out(`  ${f.fault.padEnd(38)} ${f.scope.padEnd(22)} explorer ${f.explorerShortest ?? '-'} (same property ${f.explorerShortestSameProperty ?? '-'})  random ${f.randomMedianLength ?? '-'} (caught ${f.randomCaught}, ${f.randomMedianMs} ms)  ratio ${f.ratio ?? '-'}`);
  const over = r.faults.filter((f) => f.ratio === null || f.ratio > 1.5);
  io.out(over.length === 0 ? `every one of ${r.faults.length} faults: ratio at most 1.5` : `ratio above 1.5 or not measured: ${over.map((f) => f.fault).join(', ')}`);
  io.out(
    defaultScopes.pinsHold
      ? `default search: ${defaultScopes.scopes} scopes, ${defaultScopes.states} states, every pinned figure holds (${defaultScopes.seconds} s)`
      : `default search: pinned figures differ:`,
    ...defaultScopes.mismatches.map((m) => `  ✗ ${m}`),
  );
  return status;
}
