/**
 * The `hvspec` command: routes a verb to its command and turns usage errors
 * and filesystem errors into one line on stderr and exit status 2.
 */
import { getSystemErrorMap } from 'node:util';
import { match, P } from 'ts-pattern';
import { UsageError, EXIT, HELP, COMMANDS, usageOf, isCommand } from './usage.js';
import { wantsHelp } from './args.js';
import { type Io, processIo, quietOnClosedPipe } from './io.js';
import { checkCommand } from './commands/check.js';
import { replayCommand } from './commands/replay.js';
import { faultsCommand } from './commands/faults.js';
import { exploreCommand } from './commands/explore.js';
import { benchCommand } from './commands/bench.js';
import { coverageCommand } from './commands/coverage.js';
import { mergeCommand } from './commands/merge.js';
import { pathsCommand } from './commands/paths.js';
import { failuresCommand } from './commands/failures.js';
import { serveCommand } from './commands/serve.js';
import { WriteError } from '../files/write-error.js';
import { cut, escapeUnsafe, excerpt } from '../input/excerpt.js';
import { listenForStop, type StopRequest } from './stop.js';

/** Runs the CLI with `argv` (without node and script); returns the exit status. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  if (io === processIo) quietOnClosedPipe(process.stdout);
  const [verb, ...rest] = argv;
  try {
    // `hvspec COMMAND --help` (and `hvspec help COMMAND`) print the command's usage and run nothing.
    if (isCommand(verb) && wantsHelp(rest)) {
      io.out(usageOf(verb));
      return EXIT.HOLDS;
    }
    return await match(verb)
      .with('check', () => stoppable(io, (stop) => checkCommand(rest, io, stop)))
      .with('explore', () => stoppable(io, (stop) => exploreCommand(rest, io, stop)))
      .with('replay', () => replayCommand(rest, io))
      .with('bench', () => benchCommand(rest, io))
      .with('failures', () => failuresCommand(rest, io))
      .with('faults', () => faultsCommand(rest, io))
      .with('coverage', () => coverageCommand(rest, io))
      .with('merge', () => mergeCommand(rest, io))
      .with('paths', () => pathsCommand(rest, io))
      .with('serve', () => serveCommand(rest, io))
      .with(P.union('help', '--help', '-h'), () => {
        const [topic] = rest;
        if (topic === undefined) io.out(HELP);
        else if (isCommand(topic)) io.out(usageOf(topic));
        else throw new UsageError(`help: unknown command ${excerpt(topic)} (try: ${COMMANDS.join(', ')})`);
        return EXIT.HOLDS;
      })
      .with(P.nullish, () => {
        io.err(HELP);
        return EXIT.USAGE;
      })
      .otherwise((v) => {
        throw new UsageError(`unknown command ${excerpt(v)} (try: ${COMMANDS.join(', ')})`);
      });
  } catch (e) {
    if (e instanceof UsageError || e instanceof WriteError) {
      io.err(`hvspec: ${oneLine(e.message)}`);
      return EXIT.USAGE;
    }
    const sys = systemError(e);
    if (sys) {
      io.err(`hvspec: ${oneLine(sys)}`);
      return EXIT.USAGE;
    }
    throw e;
  }
}

/** The longest error line hvspec prints. */
export const ERROR_LINE_MAX = 2000;

/** An error message as one safe line: control characters, line breaks and terminal escapes escaped, at most ERROR_LINE_MAX characters. */
export const oneLine = (message: string): string => cut(escapeUnsafe(message), ERROR_LINE_MAX);

/**
 * Runs a long command with SIGINT and SIGTERM asking it to stop: it then
 * reports what it covered as bounded; a second signal exits at once.
 */
async function stoppable(io: Io, command: (stop: StopRequest) => Promise<number>): Promise<number> {
  const stop = listenForStop((sig) => io.err(`hvspec: ${sig}: stopping; the report so far follows (a second signal exits at once)`));
  try {
    return await command(stop);
  } finally {
    stop.dispose();
  }
}

/** Syscalls whose failure means a file or directory could not be read (the others: written). */
const READS = new Set(['read', 'scandir', 'opendir', 'stat', 'lstat', 'fstat', 'readlink', 'access', 'realpath']);
const REMOVES = new Set(['rm', 'rmdir', 'unlink']);

/**
 * A Node system error (ENOTDIR, EEXIST, EACCES...) on a path as one line,
 * e.g. `cannot write reports/coverage/runs: not a directory (ENOTDIR)`;
 * undefined for any other error.
 */
export function systemError(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const { code, path, syscall, errno } = e as NodeJS.ErrnoException;
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code) || typeof path !== 'string') return undefined;
  const what = syscall && READS.has(syscall) ? 'read' : syscall && REMOVES.has(syscall) ? 'remove' : 'write';
  const reason = (typeof errno === 'number' ? getSystemErrorMap().get(errno)?.[1] : undefined) ?? code;
  return `cannot ${what} ${path === '' ? "''" : path}: ${reason} (${code})`;
}
