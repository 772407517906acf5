/**
 * The `hvspec` command: routes a verb to its command and turns usage errors
 * into one line on stderr and exit status 2.
 */
import { match, P } from 'ts-pattern';
import { UsageError, EXIT, HELP } from './usage.js';
import { type Io, processIo } from './io.js';
import { checkCommand } from './commands/check.js';
import { replayCommand } from './commands/replay.js';
import { faultsCommand } from './commands/faults.js';
import { coverageCommand } from './commands/coverage.js';

/** Runs the CLI with `argv` (without node and script); returns the exit status. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    return await match(verb)
      .with('check', () => checkCommand(rest, io))
      .with('replay', () => replayCommand(rest, io))
      .with('faults', () => faultsCommand(rest, io))
      .with('coverage', () => coverageCommand(rest, io))
      .with(P.union('help', '--help', '-h'), () => {
        io.out(HELP);
        return EXIT.HOLDS;
      })
      .with(P.nullish, () => {
        io.err(HELP);
        return EXIT.USAGE;
      })
      .otherwise((v) => {
        throw new UsageError(`unknown command "${v}" (try: check, replay, faults, coverage)`);
      });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`hvspec: ${e.message}`);
      return EXIT.USAGE;
    }
    throw e;
  }
}
