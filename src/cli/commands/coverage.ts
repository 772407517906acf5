/**
 * `hvspec coverage [--out DIR] [--reset]`: the coverage reports of every
 * run recorded in DIR (by `hvspec check` and by the test suite's path
 * walker), as a text table on stdout and index.html, coverage.json and
 * coverage.md in DIR. `--reset` forgets every recorded run first: it
 * removes only the run files DIR's manifest says hvspec wrote. Without
 * `--out`, nothing is written through a symbolic link out of the working
 * directory; with it, nothing through one out of DIR.
 */
import { statSync } from 'node:fs';
import { parseFlags, textFlag, switchFlag } from '../args.js';
import { EXIT, UsageError } from '../usage.js';
import type { Io } from '../io.js';
import { DEFAULT_COVERAGE_DIR, resetCoverage } from '../../coverage/store.js';
import { renderText } from '../../report/text.js';
import { writeCoverageReports, headlineData } from '../coverage-output.js';
import { specialFileSystem } from '../../files/inside.js';
import { nodeFs } from '../../files/fs-seam.js';
import { Writes } from '../writes.js';
import { safeLine } from '../../files/safe-line.js';

/** Runs `hvspec coverage`; returns the exit status. */
export async function coverageCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags('coverage', argv, { out: textFlag(), reset: switchFlag(), json: switchFlag() });
  const dir = values.out ?? DEFAULT_COVERAGE_DIR;
  const root = values.out ?? '.';
  if (dir === '') throw new UsageError('coverage: --out needs a directory');
  const special = specialFileSystem(dir, nodeFs);
  if (special) throw new UsageError(`coverage: --out ${dir} is on ${special}, a special file system, not a folder for reports`);
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) throw new UsageError(`coverage: --out ${dir} is not a directory`);
  if (values.reset) {
    const { leftAlone } = resetCoverage(dir, { root });
    if (leftAlone.length)
      io.err(`hvspec: warning: --reset left ${leftAlone.length} run file${leftAlone.length === 1 ? '' : 's'} hvspec did not write (${leftAlone.slice(0, 3).map((f) => safeLine(f, 120)).join(', ')}${leftAlone.length > 3 ? ', …' : ''}); they still count`);
  }
  const writes = new Writes();
  const written = await writes.attemptAsync(() => writeCoverageReports(dir, `hvspec coverage --out ${dir}`, undefined, { root }));
  if (!written) return writes.finish(io, EXIT.USAGE);
  const { summary, files } = written;
  if (values.json) {
    io.out(JSON.stringify({ dir, files, machines: headlineData(summary) }, null, 2));
    return EXIT.HOLDS;
  }
  if (summary.engines.length === 0) io.err('no run recorded yet: run `hvspec check` (or `npm test` for the path walker) first');
  io.out(renderText(summary).trimEnd(), '', `reports: ${files.html} · ${files.json} · ${files.markdown}`);
  return EXIT.HOLDS;
}
