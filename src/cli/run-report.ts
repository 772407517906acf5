/**
 * What `hvspec check` and `hvspec explore` write after a run on hvspec's
 * System (unless `--no-report`): the run's coverage and verdict recorded
 * for `hvspec coverage` (under one name per distinct command line, so the
 * same flags again replace the run rather than count it twice), and the
 * coverage reports of this run alone (HTML, Markdown with the verdict line
 * first, JSON); then the report's place and the coverage headline on the
 * terminal, or both added to the JSON document.
 */
import { DEFAULT_COVERAGE_DIR, saveCoverage } from '../coverage/store.js';
import type { CoverageData } from '../coverage/data.js';
import { fnv64 } from '../check/fnv64.js';
import type { RunVerdict } from '../report/verdict.js';
import { saveVerdict } from '../report/verdict-store.js';
import type { PropertyResult } from '../report/html.js';
import { writeRunReports, saveProperties, headlineData, coverageHeadline, type RunCounterexample } from './coverage-output.js';
import type { Writes } from './writes.js';
import type { Io } from './io.js';

/** The folder no write of a run leaves through a symbolic link: the working directory. */
const ROOT = '.';

/** One run to record and report. */
export interface ReportedRun {
  /** The command: `check` or `explore`. */
  readonly verb: 'check' | 'explore';
  /** Its flags as given (`--json` changes no step, so it does not change the run's name). */
  readonly argv: readonly string[];
  readonly data: CoverageData;
  readonly verdict: (command: string) => RunVerdict;
  readonly counterexample?: RunCounterexample | undefined;
  /** The property results to keep as the latest check's (`properties.json`), when the run gives them. */
  readonly latestProperties?: readonly PropertyResult[];
  /** What the reports' header says of a run a signal cut short. */
  readonly bounded?: string | undefined;
  /** The run's JSON document, when `--json` was given: printed with the reports added. */
  readonly json?: string | undefined;
  /** A violation was found: the terminal names only the report's file (the counterexample was printed). */
  readonly violated: boolean;
}

/** Records `run` and writes its reports through `writes`; prints where they are (or the JSON document with them). */
export async function reportRun(io: Io, writes: Writes, run: ReportedRun): Promise<void> {
  const dir = DEFAULT_COVERAGE_DIR;
  const name = `${run.verb}-${fnv64(JSON.stringify(run.argv.filter((a) => a !== '--json')))}`;
  const command = `hvspec ${run.verb} ${run.argv.join(' ')}`.trim();
  const verdict = run.verdict(command);
  writes.attempt(() => saveCoverage(dir, name, run.data, { root: ROOT }));
  writes.attempt(() => saveVerdict(dir, name, verdict, { root: ROOT }));
  if (run.latestProperties) writes.attempt(() => saveProperties(dir, run.latestProperties!, { root: ROOT }));
  const source = command + (run.bounded ? ` · ${run.bounded}` : '');
  const written = await writes.attemptAsync(() => writeRunReports(dir, run.data, verdict, run.counterexample, source, { root: ROOT }));
  if (run.json !== undefined) {
    const doc = JSON.parse(run.json) as Record<string, unknown>;
    const coverage = written ? { coverage: { dir, files: written.files, machines: headlineData(written.summary) } } : {};
    io.out(JSON.stringify({ ...doc, ...coverage, ...(writes.failure !== undefined ? { writeFailure: writes.failure } : {}) }, null, 2));
  } else if (written) {
    const { summary, files } = written;
    if (run.violated) io.err(`coverage report: ${files.html}`);
    else io.out(...coverageHeadline(summary, files.html));
  }
}
