/**
 * A time budget for the random engine: the CLI owns the clock and hands
 * the engine a question to ask before each run ("is the budget spent?"),
 * as it hands the explorer a stop request. Models, substrate and engines
 * read no clock.
 */

/** The budget `--runs auto` gets when `--max-seconds` is not given, in seconds. */
export const AUTO_RUNS_SECONDS = 10;

/** The most runs `--runs auto` asks fast-check for: the budget ends the runs long before. */
export const AUTO_RUNS_MAX = 2_147_483_647;

/** A question that answers true once `seconds` have passed on `now` (milliseconds) since it was made. */
export function deadline(seconds: number, now: () => number = () => performance.now()): () => boolean {
  const end = now() + seconds * 1000;
  return () => now() >= end;
}
