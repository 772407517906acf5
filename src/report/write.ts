/**
 * Writes the coverage reports of a run: `index.html`, `coverage.json` and
 * `coverage.md` in one directory. Everything but the files themselves is
 * computed by pure functions; this is the only part that touches disk,
 * and each file is written whole or not at all (see files/atomic-write.ts).
 */
import type { WriteOptions } from '../files/atomic-write.js';
import { writeIntoFolder } from '../files/output-folder.js';
import type { CoverageSummary } from '../coverage/summary.js';
import { renderHtml, type HeaderRun, type PropertyResult } from './html.js';
import type { RunVerdict } from './verdict.js';
import { renderMarkdown } from './markdown.js';
import { stableJson } from './stable-json.js';
import { summaryDots } from './dot.js';
import { layoutSvgs } from './layout.js';
import type { TraceView } from './trace-view.js';

/** What the report files are made from. */
export interface ReportInput {
  readonly summary: CoverageSummary;
  readonly properties: readonly PropertyResult[];
  readonly traces: readonly TraceView[];
  /** What produced the data (shown in the HTML header). */
  readonly source: string;
  /** Every run the data come from (listed in the HTML header). */
  readonly runs?: readonly HeaderRun[];
  /** The verdicts the Markdown report opens with. */
  readonly verdicts?: readonly RunVerdict[];
}

/** Paths of the files written. */
export interface ReportFiles {
  readonly html: string;
  readonly json: string;
  readonly markdown: string;
}

/**
 * The JSON report, keys sorted: the verdict of each recorded run (its
 * command, verdict, exit status, summary, what was not proved and the
 * counterexample with its replay command; each property's result is in
 * `properties`, merged over the runs), the coverage summary and the
 * property results.
 */
export const renderJson = (input: Pick<ReportInput, 'summary' | 'properties' | 'verdicts'>): string =>
  stableJson({ runs: (input.verdicts ?? []).map(({ properties: _merged, ...run }) => run), coverage: input.summary, properties: input.properties });

/**
 * Writes the three reports into `dir` (created if missing), each
 * atomically and listed in the folder's manifest. `opts.root` is the
 * folder no write may leave through a symbolic link (default `dir`).
 * Throws WriteError; a report already there stays whole.
 */
export async function writeReports(dir: string, input: ReportInput, opts: WriteOptions = {}): Promise<ReportFiles> {
  const svgs = await layoutSvgs(summaryDots(input.summary));
  const html = writeIntoFolder(dir, 'index.html', renderHtml({ title: 'hvspec coverage', source: input.source, runs: input.runs ?? [], summary: input.summary, svgs, properties: input.properties, traces: input.traces }), opts);
  const json = writeIntoFolder(dir, 'coverage.json', renderJson(input), opts);
  const markdown = writeIntoFolder(dir, 'coverage.md', renderMarkdown(input.summary, input.verdicts ?? []), opts);
  return { html, json, markdown };
}
