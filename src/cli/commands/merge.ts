/**
 * `hvspec merge DIR... [--out DIR] [--json]`: adds up the reports of
 * several runs made apart (the shards of a CI matrix, `hvspec check
 * --shard K/N`, or its swarm members, `hvspec explore --swarm K/N`, each
 * uploading its reports/coverage folder) into one
 * report and one exit status. Every run file of every DIR (coverage and
 * verdict, under DIR/runs/) is read and checked first; one that cannot be
 * read is a one-line error, exit 2, and nothing is written. Then they are
 * copied into the output folder (default reports/coverage) next to what
 * it already records, and its reports are rewritten from all of them, as
 * `hvspec coverage` does. The exit status: 1 when any run found a
 * violation, 0 when every run's verdict holds, 3 otherwise (a run stopped,
 * bounded, or one that could not write its reports: nothing more is
 * claimed than the runs showed).
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { parseFlags, textFlag, switchFlag } from '../args.js';
import { EXIT, UsageError } from '../usage.js';
import type { Io } from '../io.js';
import { DEFAULT_COVERAGE_DIR, RUN_FILE_MAX_BYTES, VERDICT_FILE_SUFFIX, isCoverageData } from '../../coverage/store.js';
import { isRunVerdict, recordedRuns } from '../../report/verdict-store.js';
import { readRegularFile } from '../../files/read-regular.js';
import { writeIntoFolder } from '../../files/output-folder.js';
import { specialFileSystem } from '../../files/inside.js';
import { nodeFs } from '../../files/fs-seam.js';
import { excerpt } from '../../input/excerpt.js';
import { Writes } from '../writes.js';
import { writeCoverageReports, headlineData, coverageHeadline } from '../coverage-output.js';
import type { RunVerdict } from '../../report/verdict.js';

/** One recorded run read from an input folder: its name, its coverage file's text and its verdict file's text (if saved). */
interface ReadRun {
  readonly from: string;
  readonly name: string;
  readonly coverage: string;
  readonly verdictText?: string;
  readonly verdict?: RunVerdict;
}

/** Reads and checks every run under `dir`/runs; throws UsageError on the first that is not hvspec's. */
function readRuns(dir: string): ReadRun[] {
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) throw new UsageError(`merge: ${excerpt(dir)} is not a directory`);
  const runs = recordedRuns(dir);
  if (runs.length === 0) throw new UsageError(`merge: ${excerpt(dir)} records no run (no runs/*.json in it): give the reports folder a check wrote`);
  const read = (file: string, is: (v: unknown) => boolean, what: string): string => {
    let text: string;
    try {
      text = readRegularFile(file, RUN_FILE_MAX_BYTES);
    } catch (e) {
      throw new UsageError(`merge: cannot read ${excerpt(file)}: ${(e as Error).message}`);
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new UsageError(`merge: ${excerpt(file)} is not JSON`);
    }
    if (!is(v)) throw new UsageError(`merge: ${excerpt(file)} is not an hvspec ${what}`);
    return text;
  };
  return runs.map(({ name, hasVerdict }) => {
    const coverage = read(join(dir, 'runs', `${name}.json`), isCoverageData, 'coverage run file');
    if (!hasVerdict) return { from: dir, name, coverage };
    const verdictText = read(join(dir, 'runs', `${name}${VERDICT_FILE_SUFFIX}`), isRunVerdict, 'verdict file');
    return { from: dir, name, coverage, verdictText, verdict: JSON.parse(verdictText) as RunVerdict };
  });
}

/** The merged exit status of the runs' verdicts (see the module comment). */
export function mergedStatus(verdicts: readonly RunVerdict[]): number {
  if (verdicts.some((v) => v.exitStatus === EXIT.VIOLATED)) return EXIT.VIOLATED;
  return verdicts.length > 0 && verdicts.every((v) => v.exitStatus === EXIT.HOLDS) ? EXIT.HOLDS : EXIT.BOUNDED;
}

const hash = (t: string): string => createHash('sha256').update(t).digest('hex').slice(0, 8);

/** Runs `hvspec merge`; returns the exit status. */
export async function mergeCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags('merge', argv, { out: textFlag(), json: switchFlag() }, { positionals: true });
  if (positionals.length === 0) throw new UsageError('merge: give at least one reports folder (hvspec merge DIR... [--out DIR])');
  const out = values.out ?? DEFAULT_COVERAGE_DIR;
  const root = values.out ?? '.';
  if (out === '') throw new UsageError('merge: --out needs a directory');
  const special = specialFileSystem(out, nodeFs);
  if (special) throw new UsageError(`merge: --out ${excerpt(out)} is on ${special}, a special file system, not a folder for reports`);
  if (statSync(out, { throwIfNoEntry: false })?.isDirectory() === false) throw new UsageError(`merge: --out ${excerpt(out)} is not a directory`);
  for (const d of positionals) if (resolve(d) === resolve(out)) throw new UsageError(`merge: ${excerpt(d)} is also the output folder; give --out another one`);
  // Everything is read and checked before anything is written.
  const runs = positionals.flatMap(readRuns);
  // The same name from two folders: the same run merged twice is kept once; two different runs both, the second renamed.
  const taken = new Map<string, string>();
  const placed = runs.flatMap((r) => {
    const before = taken.get(r.name);
    if (before === r.coverage) return [];
    const name = before === undefined ? r.name : `${r.name}-${hash(r.coverage)}`;
    taken.set(name, r.coverage);
    return [{ ...r, name }];
  });
  const writes = new Writes();
  for (const r of placed) {
    writes.attempt(() => writeIntoFolder(out, `runs/${r.name}.json`, r.coverage, { root }));
    if (r.verdictText !== undefined) writes.attempt(() => writeIntoFolder(out, `runs/${r.name}${VERDICT_FILE_SUFFIX}`, r.verdictText!, { root }));
  }
  const written = await writes.attemptAsync(() => writeCoverageReports(out, `hvspec merge ${argv.join(' ')}`.trim(), undefined, { root }));
  const verdicts = placed.flatMap((r) => (r.verdict ? [r.verdict] : []));
  const status = mergedStatus(verdicts);
  if (values.json) {
    const doc = {
      out,
      runs: placed.map((r) => ({ from: r.from, name: r.name, ...(r.verdict ? { command: r.verdict.command, verdict: r.verdict.verdict, exitStatus: r.verdict.exitStatus } : {}) })),
      ...(written ? { files: written.files, machines: headlineData(written.summary) } : {}),
      exitStatus: status,
      ...(writes.failure !== undefined ? { writeFailure: writes.failure } : {}),
    };
    io.out(JSON.stringify(doc, null, 2));
    return writes.finish(io, status);
  }
  const mark = (s: number): string => (s === EXIT.HOLDS ? '✓' : s === EXIT.VIOLATED ? '✗' : '?');
  io.out(`hvspec merge · ${placed.length} run${placed.length === 1 ? '' : 's'} from ${positionals.length} folder${positionals.length === 1 ? '' : 's'} into ${out}`);
  for (const r of placed) io.out(r.verdict ? `  ${mark(r.verdict.exitStatus)} ${r.verdict.command} · ${r.verdict.summary}` : `  · ${r.name} (coverage only)`);
  if (written) {
    io.out(...coverageHeadline(written.summary, written.files.html));
  }
  const said = status === EXIT.HOLDS ? 'every run holds' : status === EXIT.VIOLATED ? 'a run found a violation' : 'bounded: not every run holds (stopped, bounded or unwritten), and nothing more is claimed';
  io.out('', `merged: ${said} (exit ${status})`);
  return writes.finish(io, status);
}
