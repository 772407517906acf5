/**
 * The one stderr line for a saved failure that was set aside because it
 * cannot be used (see check/failures.ts).
 */
import type { SetAside } from '../check/failures.js';
import { safeLine } from '../files/safe-line.js';
import type { Io } from './io.js';

/** The warning line for `s`. */
export const setAsideLine = (s: SetAside): string =>
  `hvspec: warning: ${safeLine(s.file, 120)} is not a usable saved failure (${safeLine(s.why)}); ` +
  (s.movedTo !== undefined ? `moved to ${safeLine(s.movedTo, 160)}` : `skipped (${safeLine(s.moveError ?? 'it could not be moved', 160)})`);

/** Prints the warning for `s` on stderr. */
export const warnSetAside = (io: Io, s: SetAside): void => io.err(setAsideLine(s));
