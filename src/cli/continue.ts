/**
 * `--continue` and `--max-violations N`: go on after the first violation
 * and report up to N distinct violated properties, each with its own
 * counterexample (the random engine's shrunk, the explorer's shortest).
 */
import { switchFlag, countFlag } from './args.js';
import { CONTINUE_DEFAULT } from './usage.js';

/** The flags, for a command's flag table. */
export const CONTINUE_FLAGS = {
  continue: switchFlag(),
  'max-violations': countFlag('max-violations'),
};

/** The most distinct violations the flags ask for: `--max-violations N` (which implies `--continue`), `--continue` alone the default, neither none (undefined: stop at the first). */
export const maxViolationsOf = (values: { readonly continue?: boolean | undefined; readonly 'max-violations'?: number | undefined }): number | undefined =>
  values['max-violations'] ?? (values.continue ? CONTINUE_DEFAULT : undefined);
