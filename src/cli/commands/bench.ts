/**
 * `hvspec bench [--json] [--only SECTION[,SECTION]]`: runs the benchmark
 * (bench/bench.ts) and prints its figures; each stage logs to stderr under
 * its section's name, and the seconds of each section are in the figures.
 *
 * It also runs the whole default search (every default scope) and checks
 * it against the figures pinned in bench/default-scopes.ts: a mismatch is
 * named, and the status is 1.
 *
 * The benchmark is part of the repository, not of the published package:
 * it is loaded when the command runs, and an installed hvspec, which has
 * no bench/, says so in one line (exit 2).
 */
import { parseFlags, switchFlag, textFlag } from '../args.js';
import { EXIT, UsageError } from '../usage.js';
import type { Io } from '../io.js';
import { exploreJobs, runExplore, runExploreJobs, EXPLORE_MAX_STATES, type ExploreJob } from './explore.js';
import { runSwarm, SWARM_MAX_DEPTH } from '../swarm-run.js';
import { EXPLORE_SCOPES, MEMORY_SCOPE } from '../../check/explore-config.js';
import { scopeOptions } from '../../check/scopes.js';
import { buildWorld } from '../../faults/build-world.js';
import type { TimedSearch } from '../../../bench/stop-latency.js';

/** The parts of the benchmark, in the order they run; `--only` picks some. */
export const BENCH_SECTIONS = ['explorer', 'symmetry', 'phases', 'io', 'random', 'faults', 'stop-latency', 'memory-3p', 'workers', 'default-scopes'] as const;

/** One part of the benchmark. */
export type BenchSection = (typeof BENCH_SECTIONS)[number];

/** The sections `--only` names (every one when undefined); a name that is not a section is a UsageError. */
export function benchSections(only: string | undefined): ReadonlySet<BenchSection> {
  if (only === undefined) return new Set(BENCH_SECTIONS);
  const names = only.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !(BENCH_SECTIONS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0)
    throw new UsageError(`bench: --only takes sections separated by commas (${BENCH_SECTIONS.join(', ')}), got ${JSON.stringify(unknown[0] ?? only).slice(0, 60)}`);
  return new Set(names as BenchSection[]);
}

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

/** The searches whose stop-request polls the bench times: each default scope as `hvspec explore` runs it, memory-3p bounded, and a swarm member on each default scope, bounded. */
async function stopLatencySearches(): Promise<TimedSearch[]> {
  const { MEMORY_3P_CONFIG } = await import('../../../bench/memory-3p.js');
  const { SWARM_LATENCY_STATES, MEMORY_3P_LATENCY_STATES } = await import('../../../bench/stop-latency.js');
  const quiet: Io = { out: () => {}, err: () => {}, progress: () => {} };
  const jobs = exploreJobs(undefined, undefined, [], { maxStates: EXPLORE_MAX_STATES });
  const memory3p: ExploreJob = {
    name: 'memory-3p',
    description: 'the memory scope on three children and five frames',
    configName: 'memory-3p',
    world: buildWorld(MEMORY_3P_CONFIG),
    opts: { ...scopeOptions(MEMORY_SCOPE), symmetry: false, maxStates: MEMORY_3P_LATENCY_STATES },
  };
  // memory-3p again, over two workers (threads start on a large level): the workers read the stop flag before each state.
  const { systemSource } = await import('../../check/parallel/system-thread-model.js');
  const memory3pThreads: ExploreJob = { ...memory3p, name: 'memory-3p, 2 workers', threads: { workers: 2, without: [], source: () => systemSource({ config: MEMORY_3P_CONFIG, scope: 'memory' }) } };
  return [
    ...[...jobs, memory3p, memory3pThreads].map((job): TimedSearch => ({ engine: 'explore', scope: job.name, run: (stop) => runExplore(quiet, job, true, undefined, stop) })),
    ...jobs.map(
      (job): TimedSearch => ({
        engine: 'swarm',
        scope: job.name,
        run: (stop) => runSwarm(quiet, [job], { member: { k: 1, n: 1 }, tableBits: 22, maxDepth: SWARM_MAX_DEPTH, maxStates: SWARM_LATENCY_STATES, json: true }, undefined, stop),
      }),
    ),
  ];
}

/** Runs `f` as the async stage `section`, logging its start and its time (as bench/bench.ts's `stage` does). */
async function asyncStage<T>(section: BenchSection, line: string, log: (line: string) => void, seconds: Record<string, number>, f: (log: (line: string) => void) => Promise<T>): Promise<T> {
  const t = performance.now();
  log(`[${section}] ${line}`);
  const r = await f((l) => log(`[${section}] ${l}`));
  seconds[section] = Math.round((performance.now() - t) / 100) / 10;
  log(`[${section}] done in ${seconds[section]} s`);
  return r;
}

/** Runs `hvspec bench`; returns the exit status (1 when a pinned figure of the default search differs, or one worker and two found different things). */
export async function benchCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags('bench', argv, { json: switchFlag(), only: textFlag() });
  const sections = benchSections(values.only);
  const { runBench } = await loadBench();
  const log = (l: string): void => io.err(`  ${l}`);
  const t0 = performance.now();
  const r = runBench(log, (s) => sections.has(s as BenchSection));
  const stageSeconds = r.stageSeconds;
  const stopLatency = sections.has('stop-latency')
    ? await asyncStage('stop-latency', 'the longest gap between two polls of the stop request, per default scope and swarm member', log, stageSeconds, async (l) => (await import('../../../bench/stop-latency.js')).stopLatency(await stopLatencySearches(), l))
    : undefined;
  // After the stop latency: the garbage memory-3p leaves would be collected during the next search and lengthen its gaps.
  const memory3p = sections.has('memory-3p')
    ? await asyncStage('memory-3p', 'memory scope, three children, five frames, symmetry off', log, stageSeconds, async (l) => {
        const m = await import('../../../bench/memory-3p.js');
        l(`up to ${m.MEMORY_3P_STATES} states (bounded)`);
        return m.memory3pFigures();
      })
    : undefined;
  const workers = sections.has('workers')
    ? await asyncStage('workers', 'the large default scopes and memory-3p, with one worker and with two', log, stageSeconds, async (l) => (await import('../../../bench/workers.js')).workersFigures(l))
    : undefined;
  const defaultScopes = sections.has('default-scopes') ? await asyncStage('default-scopes', 'every default scope, checked against the pinned figures', log, stageSeconds, () => defaultScopesFigures()) : undefined;
  const totalSeconds = Math.round((performance.now() - t0) / 100) / 10;
  log(`bench: ${totalSeconds} s in all`);
  const status = (defaultScopes === undefined || defaultScopes.pinsHold) && (workers === undefined || workers.allSame) ? EXIT.HOLDS : EXIT.VIOLATED;
  if (values.json) {
    io.out(JSON.stringify({ ...r, totalSeconds, ...(stopLatency ? { stopLatency } : {}), ...(memory3p ? { memory3p } : {}), ...(workers ? { workers } : {}), ...(defaultScopes ? { defaultScopes } : {}) }, null, 2));
    return status;
  }
  io.out(`hvspec bench · node ${r.machine.node} · ${r.machine.cpu} (${r.machine.cores} cores) · ${totalSeconds} s: ${Object.entries(stageSeconds).map(([s, x]) => `${s} ${x} s`).join(', ')}`);
  if (r.explorer) {
    io.out('explorer:');
    for (const e of r.explorer)
      io.out(`  ${e.config.padEnd(16)} symmetry ${e.symmetry ? 'on ' : 'off'}  ${e.result} ${e.states} states in ${e.seconds} s: ${e.statesPerSecond} states/s, ${e.transitionsPerSecond} transitions/s, ${e.bytesPerState} bytes/state`);
  }
  if (r.symmetryScale)
    for (const e of r.symmetryScale) io.out(`  ${e.config}: ${e.result} ${e.states} states in ${e.seconds} s: ${e.statesPerSecond} states/s, peak heap ${e.peakHeapMB} MB`);
  const ph = r.explorerPhases;
  if (ph) {
    io.out(`explorer time per transition (${ph.scope}, profiled): ${ph.microsecondsPerTransition} µs; for ${ph.targetStatesPerSecond} states/s: ${ph.budgetMicrosecondsPerTransition} µs`);
    for (const [phase, f] of Object.entries(ph.phases)) io.out(`  ${phase.padEnd(22)} ${String(f.microsecondsPerTransition).padStart(6)} µs  ${Math.round(f.share * 100)}%`);
  }
  const ios = r.ioStateSpace;
  if (ios)
    io.out(`I/O path of a tiny host: bounded at depth ${ios.bounded.maxDepth} (the space is infinite): ${ios.states} states, depth ${ios.depth}${ios.violation ? `, ✗ ${ios.violation.invariant}` : ', every interrupt invariant holds in each'} (${ios.seconds} s)`);
  const rd = r.random;
  if (rd) {
    io.out(`random engine (${rd.config} host, ${rd.properties} properties, observers on): ${rd.incremental.stepsPerSecond} steps/s incremental (${rd.incremental.steps} steps in ${rd.incremental.seconds} s CPU), ${rd.full.stepsPerSecond} steps/s judging every property after every step`);
    for (const [phase, f] of Object.entries(rd.phases)) io.out(`  ${phase.padEnd(22)} ${String(f.microsecondsPerStep).padStart(6)} µs/step  ${Math.round(f.share * 100)}%`);
    const m = rd.machineMemo;
    io.out(`  machine steps: ${m.perStep} per step, ${Math.round(m.hitRate * 10000) / 100}% answered by the memo (${m.computed} computed by XState of ${m.calls})`);
  }
  if (r.faults) {
    io.out('faults (random median shrunk length vs explorer shortest, in the scope that lists the fault):');
    for (const f of r.faults)
      io.out(`  ${f.fault.padEnd(38)} ${f.scope.padEnd(22)} explorer ${f.explorerShortest ?? '-'} (same property ${f.explorerShortestSameProperty ?? '-'})  random ${f.randomMedianLength ?? '-'} (caught ${f.randomCaught}, ${f.randomMedianMs} ms)  ratio ${f.ratio ?? '-'}`);
    const over = r.faults.filter((f) => f.ratio === null || f.ratio > 1.5);
    io.out(over.length === 0 ? `every one of ${r.faults.length} faults: ratio at most 1.5` : `ratio above 1.5 or not measured: ${over.map((f) => f.fault).join(', ')}`);
  }
  const m3 = memory3p;
  if (m3)
    io.out(`${m3.config}, symmetry off: ${m3.result} at ${m3.states} states (${Math.round(m3.shareOfSpinStates * 1000) / 10}% of SPIN's 7,352,019), depth ${m3.depth}, ${m3.seconds} s: ${m3.statesPerSecond} states/s, store ${m3.storeBytesPerState} bytes/state, whole process ${m3.processBytesPerState} bytes/state`);
  if (workers) {
    io.out(`explorer over threads (1 worker, then 2, in turn, ${workers.rows[0]?.rounds ?? 0} rounds, medians; the second thread started once):`);
    for (const w of workers.rows)
      io.out(`  ${w.search.padEnd(22)} ${w.result} ${w.states} states: ${w.oneWorkerSeconds} s -> ${w.twoWorkersSeconds} s, speed-up ${w.speedUp} (rounds ${w.speedUps.join(', ')}; CPU ${w.oneWorkerCpuSeconds} -> ${w.twoWorkersCpuSeconds} s)${w.sameFindings ? '' : ' ✗ the two found different things'}`);
  }
  if (stopLatency) {
    io.out(`stop request: the longest gap between two polls, per scope (Ctrl-C, SIGTERM and the memory budget are honoured at the next poll):`);
    for (const g of stopLatency.scopes) io.out(`  ${g.engine.padEnd(7)} ${g.scope.padEnd(28)} ${String(g.worstGapMs).padStart(7)} ms, ${g.polls} polls in ${g.seconds} s; event loop blocked at most ${g.worstEventLoopBlockMs} ms`);
    io.out(`  worst gap: ${stopLatency.worstGapMs} ms (${stopLatency.worstScope}); worst block of the event loop: ${stopLatency.worstEventLoopBlockMs} ms`);
  }
  if (defaultScopes)
    io.out(
      defaultScopes.pinsHold
        ? `default search: ${defaultScopes.scopes} scopes, ${defaultScopes.states} states, every pinned figure holds (${defaultScopes.seconds} s)`
        : `default search: pinned figures differ:`,
      ...defaultScopes.mismatches.map((m) => `  ✗ ${m}`),
    );
  return status;
}
