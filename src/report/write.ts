/**
 * Writes the coverage reports of a run: `index.html`, `coverage.json` and
 * `coverage.md` in one directory. Everything but the files themselves is
 * computed by pure functions; this is the only part that touches disk.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoverageSummary } from '../coverage/summary.js';
import { renderHtml, type PropertyResult } from './html.js';
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
}

/** Paths of the files written. */
export interface ReportFiles {
  readonly html: string;
  readonly json: string;
  readonly markdown: string;
}

/** The JSON report: the coverage summary and the property results, keys sorted. */
export const renderJson = (input: Pick<ReportInput, 'summary' | 'properties'>): string => stableJson({ coverage: input.summary, properties: input.properties });

/** Writes the three reports into `dir` (created if missing). */
export async function writeReports(dir: string, input: ReportInput): Promise<ReportFiles> {
  mkdirSync(dir, { recursive: true });
  const svgs = await layoutSvgs(summaryDots(input.summary));
  const files = { html: join(dir, 'index.html'), json: join(dir, 'coverage.json'), markdown: join(dir, 'coverage.md') };
  writeFileSync(files.html, renderHtml({ title: 'hvspec coverage', source: input.source, summary: input.summary, svgs, properties: input.properties, traces: input.traces }));
  writeFileSync(files.json, renderJson(input));
  writeFileSync(files.markdown, renderMarkdown(input.summary));
  return files;
}
