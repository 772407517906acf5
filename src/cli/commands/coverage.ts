/**
 * `hvspec coverage [--out DIR] [--reset]`: the coverage reports of every
 * run recorded in DIR (by `hvspec check` and by the test suite's path
 * walker), as a text table on stdout and index.html, coverage.json and
 * coverage.md in DIR. `--reset` forgets every recorded run first.
 */
import { statSync } from 'node:fs';
import { parseFlags, textFlag, switchFlag } from '../args.js';
import { EXIT, UsageError } from '../usage.js';
import type { Io } from '../io.js';
import { DEFAULT_COVERAGE_DIR, resetCoverage } from '../../coverage/store.js';
import { renderText } from '../../report/text.js';
import { writeCoverageReports, headlineData } from '../coverage-output.js';

/** Runs `hvspec coverage`; returns the exit status. */
export async function coverageCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags('coverage', argv, { out: textFlag(), reset: switchFlag(), json: switchFlag() });
  const dir = values.out ?? DEFAULT_COVERAGE_DIR;
  if (dir === '') throw new UsageError('coverage: --out needs a directory');
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) throw new UsageError(`coverage: --out ${dir} is not a directory`);
  if (values.reset) resetCoverage(dir);
  const { summary, files } = await writeCoverageReports(dir, `hvspec coverage --out ${dir}`);
  if (values.json) {
    io.out(JSON.stringify({ dir, files, machines: headlineData(summary) }, null, 2));
    return EXIT.HOLDS;
  }
  if (summary.engines.length === 0) io.err('no run recorded yet: run `hvspec check` (or `npm test` for the path walker) first');
  io.out(renderText(summary).trimEnd(), '', `reports: ${files.html} · ${files.json} · ${files.markdown}`);
  return EXIT.HOLDS;
}
