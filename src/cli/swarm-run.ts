/**
 * `hvspec explore --swarm K/N`: the K-th of N diversified depth-first
 * searches with a bit-state table (src/check/swarm.ts), over the same
 * scopes `explore` searches. Each member of a CI matrix runs one; their
 * results are bounded (a bit-state search never proves a property) or a
 * counterexample, saved for `hvspec replay` like the explorer's.
 */
import { EXIT } from './usage.js';
import type { Io } from './io.js';
import { type ExploreOptions, exploreModelOf } from '../check/explore.js';
import type { World } from '../system/system.js';
import { INVARIANTS } from '../../properties/index.js';
import type { RunCounterexample, SearchJobsRun } from './coverage-output.js';
import { swarmingModel, type SwarmMember, type SwarmResult } from '../check/swarm.js';
import { systemCounterexample } from '../check/result.js';
import { saveFailure } from '../check/failures.js';
import { formatCounterexample } from '../report/counterexample.js';
import { describeConfig } from '../report/summary.js';
import { searchFindings } from '../report/search-findings.js';
import { Writes } from './writes.js';
import { NEVER_STOP, type StopRequest } from './stop.js';
import { driveSearch, SEARCH_PAUSE_EVERY } from './search-turns.js';
import type { Op } from '../system/ops.js';
import type { StepOutcome } from '../system/outcome.js';

/** One search a member runs: a scope of the explorer, or a whole config (the explore command's jobs have this shape). */
export interface SwarmJob {
  readonly name: string;
  readonly description: string;
  readonly configName: string;
  readonly world: World;
  readonly opts: ExploreOptions;
}

/** Default deepest path of a swarm member. */
export const SWARM_MAX_DEPTH = 500;

/** Default size of a member's table: 2^27 bits (16 MiB). */
export const SWARM_TABLE_BITS = 27;

/** Options of a swarm run from the command line. */
export interface SwarmRunOptions {
  readonly member: SwarmMember;
  readonly tableBits: number;
  readonly maxDepth: number;
  readonly maxStates: number;
  readonly json: boolean;
}

/** One scope a member searched, and what its search gave. */
export interface SwarmedScope {
  readonly scope: string;
  readonly result: SwarmResult<Op, StepOutcome>;
}

/** What a member's run of its jobs gave: each scope with its depth-first search's result. */
export type SwarmRun = SearchJobsRun<SwarmedScope>;

/** Runs the member on each job in turn (stopping at the first violation or a stop), telling the jobs' observers every op tried; prints each report; returns what it found. */
export async function runSwarm(io: Io, jobs: readonly SwarmJob[], opts: SwarmRunOptions, writes: Writes = new Writes(), stop: StopRequest = NEVER_STOP): Promise<SwarmRun> {
  const { member } = opts;
  const docs: unknown[] = [];
  const scopes: SwarmedScope[] = [];
  let found: RunCounterexample | undefined;
  let status: number = EXIT.BOUNDED;
  let ran = 0;
  for (const job of jobs) {
    if (stop.signal !== undefined) break;
    ran++;
    const model = exploreModelOf(job.world, job.opts);
    const stopping = (): boolean => stop.signal !== undefined;
    const gen = swarmingModel(model, { member, tableBits: opts.tableBits, maxDepth: opts.maxDepth, maxStates: opts.maxStates, progressEvery: SEARCH_PAUSE_EVERY, ...(job.opts.symmetry !== undefined ? { symmetry: job.opts.symmetry } : {}), ...(job.opts.observers ? { observers: job.opts.observers } : {}), shouldStop: stopping });
    const r: SwarmResult<Op, StepOutcome> = await driveSearch(gen, (p) => !opts.json && io.progress(`  ${job.name}: ${p.states} states · depth ${p.depth}`), stopping);
    io.progress('');
    const cx = r.kind === 'violated' ? systemCounterexample('swarm', job.world, r.counterexample) : undefined;
    const file = cx ? writes.attempt(() => saveFailure(cx, undefined, { root: '.' })) : undefined;
    scopes.push({ scope: job.name, result: r });
    if (cx) found = { cx, file, world: job.world, invariants: job.opts.invariants ?? INVARIANTS };
    const { deadlocks, ...figures } = r;
    if (opts.json) docs.push({ scope: job.name, ...figures, ...(cx ? { counterexample: cx } : {}), deadlocks: deadlocks.map((d) => ({ depth: d.depth, ops: d.ops })), ...(file ? { file } : {}) });
    else io.out(...formatSwarm(r, job, cx ? formatCounterexample(cx, file) : undefined));
    if (r.kind === 'violated' || r.deadlockCount > 0) {
      status = EXIT.VIOLATED;
      break;
    }
  }
  const verdict = status === EXIT.VIOLATED ? 'a violation or deadlock was found' : 'bounded: a bit-state search visits only what its table tells apart, so nothing is proved';
  const notSearched = jobs.slice(ran).map((j) => j.name);
  const run = { status, scopes, notSearched, ...(found ? { counterexample: found } : {}), ...(stop.signal ? { stoppedBy: stop.signal } : {}) };
  if (opts.json) return { ...run, json: JSON.stringify({ engine: 'swarm', member: `${member.k}/${member.n}`, scopes: docs, ...(stop.signal ? { stoppedBy: stop.signal, notSearched } : {}), exitStatus: status }) };
  io.out('', `swarm member ${member.k}/${member.n} · ${ran} scope${ran === 1 ? '' : 's'} · ${verdict}${stop.signal && notSearched.length ? ` · stopped by ${stop.signal}: not searched: ${notSearched.join(', ')}` : ''}`);
  return run;
}

/** The text report of one member's search of one scope. */
function formatSwarm(r: SwarmResult<Op, StepOutcome>, job: SwarmJob, counterexample: string | undefined): string[] {
  const { world } = job;
  const lines = [`hvspec explore --swarm ${r.member.k}/${r.member.n} · ${job.name}: ${job.description} · ${job.configName} (${describeConfig(world.config)})${world.faults.length ? ` · faults: ${world.faults.join(', ')}` : ''}`];
  const covered = `${r.states} states taken as new, ${r.transitions} transitions, depth ${r.depth} of at most ${r.maxDepth}; table ${(r.tableBytes / 2 ** 20).toFixed(1)} MiB, ${(r.tableFill * 100).toFixed(3)}% set`;
  if (counterexample !== undefined) return [...lines, `searched ${covered} before the first violation`, counterexample];
  const why = r.kind === 'bounded' && r.reason === 'max-states' ? 'the --max-states limit was reached' : r.kind === 'bounded' && r.reason === 'stopped' ? 'it was interrupted' : 'the table took no further state as new';
  lines.push(`bounded: the member stopped because ${why}, after ${covered}; nothing is claimed about states a collision or the depth hid`);
  lines.push(...searchFindings(r, world.config, { holdIn: 'in every state visited', unreached: 'not reached by this member', deadlocks: 'states where no op applies; the first met', noDeadlocks: 'no deadlocks met' }));
  return lines;
}
