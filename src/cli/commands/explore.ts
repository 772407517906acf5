/**
 * `hvspec explore`: exhaustive breadth-first search of a small
 * configuration (by default the explorer's own, which completes in
 * seconds). Exit status: 0 complete and every property holds, 1 a
 * violation or a deadlock (shortest path printed; a violation is saved for
 * `hvspec replay`), 3 bounded (a limit or Ctrl-C ended it first) or
 * complete with a `sometimes` goal unreachable.
 */
import { parse, intFlag, loadConfig } from '../args.js';
import { UsageError, EXIT } from '../usage.js';
import type { Io } from '../io.js';
import { buildWorld, UnknownFaultError } from '../../faults/catalogue.js';
import { type ExploreResult, type ExploreOptions, exploring } from '../../check/explore.js';
import { EXPLORE_CONFIG } from '../../check/explore-config.js';
import { saveFailure } from '../../check/failures.js';
import { formatCounterexample } from '../../report/counterexample.js';
import { describeConfig } from '../../report/summary.js';
import { describeOp } from '../../system/describe.js';
import type { Config } from '../../system/config.js';
import type { World } from '../../system/system.js';

/** Default limit on stored states for the command line. */
export const EXPLORE_MAX_STATES = 2_000_000;

/** Runs `hvspec explore`; returns the exit status. */
export async function exploreCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse('explore', argv, {
    config: { type: 'string' },
    'max-states': { type: 'string' },
    depth: { type: 'string' },
    fault: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  const maxStates = intFlag('max-states', values['max-states'], EXPLORE_MAX_STATES, 1);
  const maxDepth = values.depth === undefined ? undefined : intFlag('depth', values.depth, 0, 1);
  const { config, name } = values.config === undefined ? { config: EXPLORE_CONFIG, name: 'explore-default' } : loadConfig(values.config);
  const world = worldFor(config, values.fault ?? []);
  const run = await runExplore(io, world, name, { maxStates, maxDepth }, values.json ?? false);
  if (run.json) io.out(JSON.stringify(JSON.parse(run.json), null, 2));
  return run.status;
}

/** A World with the named faults, turning an unknown name into a usage error. */
export function worldFor(config: Config, faults: readonly string[]): World {
  try {
    return buildWorld(config, faults);
  } catch (e) {
    if (e instanceof UnknownFaultError) throw new UsageError(e.message);
    throw e;
  }
}

/** The exit status of an exploration. */
export function exploreStatus(r: ExploreResult): number {
  if (r.kind === 'violated' || r.deadlockCount > 0) return EXIT.VIOLATED;
  if (r.kind === 'bounded' || r.unreached.length > 0) return EXIT.BOUNDED;
  return EXIT.HOLDS;
}

/** What one exploration from the command line gave. */
export interface ExploreRun {
  readonly status: number;
  readonly result: ExploreResult;
  /** The JSON document, when asked for (the caller prints it). */
  readonly json?: string;
}

/**
 * Runs the explorer in slices, letting the event loop run between them so
 * that Ctrl-C stops it cleanly (reported as bounded), with progress on
 * stderr unless `json`. Prints the text report unless `json`; a violation
 * is saved for `hvspec replay`.
 */
export async function runExplore(io: Io, world: World, configName: string, opts: ExploreOptions, json: boolean): Promise<ExploreRun> {
  let interrupted = false;
  const onSigint = (): void => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  const t0 = performance.now();
  let result: ExploreResult;
  try {
    const gen = exploring(world, { ...opts, progressEvery: 2048, shouldStop: () => interrupted });
    for (;;) {
      const step = gen.next();
      if (step.done) {
        result = step.value;
        break;
      }
      if (!json) {
        const s = (performance.now() - t0) / 1000;
        const p = step.value;
        io.progress(`  ${p.states} states · ${Math.round(p.states / s)} states/s · depth ${p.depth} · queue ${p.queue}`);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  io.progress('');
  const seconds = (performance.now() - t0) / 1000;
  const status = exploreStatus(result);
  const file = result.kind === 'violated' ? saveFailure(result.counterexample) : undefined;
  if (json) return { status, result, json: JSON.stringify({ ...result, config: configName, ...(file ? { file } : {}), exitStatus: status }) };
  io.out(...formatExplore(result, world, configName, seconds, file));
  return { status, result };
}

/** The text report of an exploration. */
export function formatExplore(r: ExploreResult, world: World, configName: string, seconds: number, file?: string): string[] {
  const lines: string[] = [];
  lines.push(`hvspec explore · exhaustive search · config ${configName} (${describeConfig(world.config)}) · symmetry ${r.symmetry ? 'on' : 'off'}${world.faults.length ? ` · faults: ${world.faults.join(', ')}` : ''}`);
  const rate = seconds > 0 ? Math.round(r.states / seconds) : r.states;
  const covered = `${r.states} states, ${r.transitions} transitions, depth ${r.depth} (${seconds.toFixed(1)} s, ${rate} states/s, ${(r.storeBytes / Math.max(1, r.states)).toFixed(1)} bytes/state)`;
  if (r.kind === 'violated') {
    lines.push(`searched ${covered} before the first violation`);
    lines.push(formatCounterexample(r.counterexample, file));
    return lines;
  }
  if (r.kind === 'complete') lines.push(`complete: every reachable state visited: ${covered}`);
  else {
    const why = r.reason === 'max-states' ? 'the --max-states limit was reached' : r.reason === 'max-depth' ? 'the --depth limit was reached' : 'it was interrupted';
    lines.push(`bounded: the search stopped because ${why}, after ${covered}; nothing is claimed about the states beyond`);
  }
  const scope = r.kind === 'complete' ? 'in every reachable state' : 'in every state visited';
  lines.push(`  ✓ ${r.invariants.length} invariants and ${r.liveness.length} bounded-liveness propert${r.liveness.length === 1 ? 'y' : 'ies'} hold ${scope}`);
  for (const g of r.goals) lines.push(g.reachedIn > 0 ? `  ✓ sometimes ${g.name}  reached on ${g.reachedIn} transitions` : `  ✗ sometimes ${g.name}  never reached${r.kind === 'complete' ? ': unreachable in this configuration' : ''}`);
  if (r.deadlockCount > 0) {
    lines.push(`  ✗ ${r.deadlockCount} deadlock${r.deadlockCount === 1 ? '' : 's'}: reachable states where no op applies; the shallowest:`);
    r.deadlocks[0]!.ops.forEach((op, i) => lines.push(`    ${i + 1}. ${describeOp(op, world.config)}`));
  } else lines.push('  ✓ no deadlocks');
  return lines;
}
