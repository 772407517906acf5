/**
 * Usage errors and the help text of the `hvspec` command.
 */

/** Bad input or usage: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit statuses (a contract other tools rely on). */
export const EXIT = { HOLDS: 0, VIOLATED: 1, USAGE: 2, BOUNDED: 3 } as const;

/** The help text. */
export const HELP = `hvspec: property-based verification and model checking of Hyper-V memory and interrupt virtualisation

usage:
  hvspec check    [--config FILE] [--engine random|explore|all] [--fault NAME]... [--seed N] [--runs N] [--depth N] [--json]
                  [--scenario NAME]
  hvspec explore  [--config FILE] [--scope NAME|all] [--max-states N] [--depth N] [--fault NAME]... [--json]
  hvspec replay   TRACE.json [--json]
  hvspec faults   [--json]
  hvspec coverage [--out DIR] [--reset] [--json]
  hvspec bench    [--json]

\`check\` ends by writing reports/coverage/{index.html,coverage.json,coverage.md}; \`coverage\` rewrites them
from every run recorded in DIR (default reports/coverage).

exit status: 0 every property holds · 1 a violation was found (counterexample printed and saved)
             2 bad input or usage · 3 the run ended without a violation but proved less than asked
               (a \`sometimes\` goal was never reached, or a bounded search)`;
