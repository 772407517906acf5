/**
 * `budget(seconds)`: fast-check parameters that run a property as many
 * times as fit in a time budget, as `hvspec check --max-seconds` runs the
 * random engine (`test.prop([ops(config)], budget(5))`). fast-check owns
 * the clock: it starts no run after the budget, and a budget that ends with
 * no failure passes (holds in the runs made, not a proof). Unlike the CLI,
 * fast-check's limit also ends a shrink in progress, so a failure found
 * late is reported shrunk as far as the budget allowed: leave headroom.
 */

/** Options of {@link budget}. */
export interface BudgetOptions {
  /** The most runs, budget or not (default: as many as fit). */
  readonly maxRuns?: number;
}

/** The fast-check parameters of a budget (they fit `fc.Parameters` of any property). */
export interface BudgetParameters {
  /** The most runs. */
  readonly numRuns: number;
  /** The budget in milliseconds: no run starts after it. */
  readonly interruptAfterTimeLimit: number;
  /** A budget that ends the runs is not a failure. */
  readonly markInterruptAsFailure: false;
}

/** The most runs a budget asks for when `maxRuns` is not given: the budget ends the runs long before. */
export const BUDGET_MAX_RUNS = 1_000_000_000;

/** The largest budget, as `--max-seconds` allows: a day. */
export const BUDGET_MAX_SECONDS = 86_400;

/**
 * fast-check parameters for a property run as many times as fit in
 * `seconds` (at most `maxRuns`); pass them to `test.prop` or `fc.assert`,
 * spread with parameters of your own (a seed, for instance).
 */
export function budget(seconds: number, options: BudgetOptions = {}): BudgetParameters {
  if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= BUDGET_MAX_SECONDS)) throw new RangeError(`budget: seconds must be a number above 0 and at most ${BUDGET_MAX_SECONDS}, got ${String(seconds)}`);
  const maxRuns = options.maxRuns ?? BUDGET_MAX_RUNS;
  if (!(Number.isInteger(maxRuns) && maxRuns >= 1 && maxRuns <= BUDGET_MAX_RUNS)) throw new RangeError(`budget: maxRuns must be an integer from 1 to ${BUDGET_MAX_RUNS}, got ${String(maxRuns)}`);
  return { numRuns: maxRuns, interruptAfterTimeLimit: Math.round(seconds * 1000), markInterruptAsFailure: false };
}
