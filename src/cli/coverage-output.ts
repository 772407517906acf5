/**
 * Writing the coverage reports from the CLI: merge every recorded run in
 * the coverage directory, summarise against the machines' universe, write
 * index.html, coverage.json and coverage.md, and say where they are.
 */
import { basename, join } from 'node:path';
import type { WriteOptions } from '../files/atomic-write.js';
import { writeIntoFolder } from '../files/output-folder.js';
import { readRegularFile } from '../files/read-regular.js';
import { safeLine } from '../files/safe-line.js';
import { loadCoverage } from '../coverage/store.js';
import { universeOf } from '../coverage/universe.js';
import { type CoverageSummary, summarize } from '../coverage/summary.js';
import { STANDARD_MACHINES } from '../system/system.js';
import { writeReports, type ReportFiles } from '../report/write.js';
import type { PropertyResult } from '../report/html.js';
import { savedTraceViews } from '../report/saved-traces.js';
import { headlineLines, totalLine } from '../report/text.js';
import { stableJson } from '../report/stable-json.js';
import type { CoverageData } from '../coverage/data.js';
import type { Counterexample } from '../check/result.js';
import { traceView, type TraceColumns } from '../report/trace-view.js';
import { buildWorld } from '../faults/build-world.js';
import { INVARIANTS, type Invariant } from '../../properties/index.js';
import type { World } from '../system/system.js';
import type { RunVerdict } from '../report/verdict.js';
import { loadRuns } from '../report/verdict-store.js';
import { mergeProperties } from '../report/merge-properties.js';
import type { StopSignal } from './stop.js';

const PROPERTIES_FILE = 'properties.json';

/** Largest properties.json read. */
const PROPERTIES_MAX_BYTES = 4 * 1024 * 1024;

/** Saves the property results of the latest check next to the coverage runs (atomically; throws WriteError). */
export function saveProperties(dir: string, ps: readonly PropertyResult[], opts: WriteOptions = {}): void {
  writeIntoFolder(dir, PROPERTIES_FILE, stableJson(ps), opts);
}

/** The property results of the latest check in `dir`, if any. */
export function loadProperties(dir: string): PropertyResult[] {
  try {
    const ps: unknown = JSON.parse(readRegularFile(join(dir, PROPERTIES_FILE), PROPERTIES_MAX_BYTES));
    return Array.isArray(ps) ? (ps as PropertyResult[]) : [];
  } catch {
    return [];
  }
}

/** Says on stderr that a recorded run was left out of the coverage. */
const warnUnreadable = (file: string, why: string): void => {
  process.stderr.write(`hvspec: warning: ${safeLine(file)} left out of the coverage: ${safeLine(why)} (delete it, or run hvspec coverage --reset)\n`);
};

/**
 * Writes the reports of everything recorded in `dir` (never leaving `opts.root`
 * through a symbolic link); returns the summary and the files. The header
 * lists every recorded run, the Markdown opens with the verdict of each
 * that saved one, and each property shows the best-informed result of any
 * run (see mergeProperties). A recorded run that cannot be read is left
 * out, with a warning. Throws WriteError.
 */
export async function writeCoverageReports(
  dir: string,
  source: string,
  unreadable: (file: string, why: string) => void = warnUnreadable,
  opts: WriteOptions = {},
): Promise<{ summary: CoverageSummary; files: ReportFiles }> {
  const summary = summarize(universeOf(STANDARD_MACHINES), loadCoverage(dir, unreadable));
  const runs = loadRuns(dir);
  const verdicts = runs.flatMap((r) => (r.verdict ? [r.verdict] : []));
  const properties = verdicts.length ? mergeProperties(verdicts) : loadProperties(dir);
  const header = runs.map((r) => (r.verdict ? { command: r.verdict.command, verdict: r.verdict.verdict, exitStatus: r.verdict.exitStatus } : { command: `${r.name} (coverage only)` }));
  const files = await writeReports(dir, { summary, properties, traces: savedTraceViews(), source, runs: header, verdicts }, opts);
  return { summary, files };
}

/**
 * Writes the reports of one run alone: its verdict, its coverage, its
 * property results and its counterexample (if any) for the viewer. Nothing recorded earlier
 * goes in, so the same run writes the same bytes; `hvspec coverage`
 * writes the merged reports. Never leaves `opts.root` through a symbolic
 * link; throws WriteError.
 */
export async function writeRunReports(
  dir: string,
  data: CoverageData,
  verdict: RunVerdict,
  counterexample: RunCounterexample | undefined,
  source: string,
  opts: WriteOptions = {},
): Promise<{ summary: CoverageSummary; files: ReportFiles }> {
  const summary = summarize(universeOf(STANDARD_MACHINES), data);
  const traces = counterexample ? [counterexampleView(counterexample), ...(counterexample.further ?? []).map((f) => counterexampleView({ ...counterexample, ...f }))] : [];
  const runs = [{ command: verdict.command, verdict: verdict.verdict, exitStatus: verdict.exitStatus }];
  const files = await writeReports(dir, { summary, properties: verdict.properties, traces, source, runs, verdicts: [verdict] }, opts);
  return { summary, files };
}

/**
 * The counterexample of a run, for the report's viewer: the file it is
 * saved in, and the world and invariants the run checked (a config
 * module's faults, balancer policy and properties included); without them,
 * the built-in catalogue's.
 */
/** What a run of search jobs gave (a breadth-first explore's scopes, or a swarm member's): the worst status, each scope searched with its result, the scopes a stop left, the first counterexample (with the file it is saved in) and the JSON document when asked for. */
export interface SearchJobsRun<Scope> {
  readonly status: number;
  /** The scopes searched, in order, with what each search gave. */
  readonly scopes: readonly Scope[];
  /** The scopes a stop left unsearched. */
  readonly notSearched: readonly string[];
  /** The signal that stopped the run, if one did. */
  readonly stoppedBy?: StopSignal;
  readonly counterexample?: RunCounterexample;
  readonly json?: string;
}

export interface RunCounterexample {
  readonly cx: Counterexample;
  readonly file?: string | undefined;
  readonly world?: World;
  readonly invariants?: readonly Invariant[];
  /** The trace columns of the run's config module (`traceColumns`), if any. */
  readonly columns?: TraceColumns | undefined;
  /** With --continue: the counterexamples of the other distinct violated properties, and the files they are saved in (same world and invariants). */
  readonly further?: readonly { readonly cx: Counterexample; readonly file?: string | undefined }[];
}

/** A counterexample as the report's viewer shows it (titled as the saved traces are), replayed in the world of its run. */
const counterexampleView = ({ cx, file, world, invariants, columns }: RunCounterexample) =>
  traceView(world ?? buildWorld(cx.config, cx.faults), cx.ops, invariants ?? INVARIANTS, `${cx.property} · ${cx.faults.length ? cx.faults.join(', ') : 'no fault'} · ${cx.ops.length} ops${file ? ` (${basename(file)})` : ''}`, cx.property, columns);

/** The lines that name the report and give the coverage headline, as `check`, `explore` and `merge` print them. */
export const coverageHeadline = (summary: CoverageSummary, html: string): string[] => [
  '',
  `coverage (${summary.headlineEngines.join(', ')}) · report: ${html}`,
  ...[...headlineLines(summary), totalLine(summary)].map((l) => `  ${l}`),
];

/** The headline as JSON-able data (for `--json`). */
export const headlineData = (s: CoverageSummary) =>
  s.machines.map((m) => ({ machine: m.machine, states: m.headline.states, transitions: m.headline.transitions, guardsBothWays: m.headline.guardsBothWays }));
