/**
 * The writes of one command (saved failures, coverage runs, reports):
 * the first that fails is remembered and the ones after it are skipped,
 * so that the command still prints its verdict and counterexample, then
 * one line saying what could not be written, and exits 2.
 */
import { WriteError } from '../files/write-error.js';
import { EXIT } from './usage.js';
import type { Io } from './io.js';

/** Runs a command's writes; see the module comment. */
export class Writes {
  #failure: string | undefined;

  /** The first write failure, as one line (undefined while none failed). */
  get failure(): string | undefined {
    return this.#failure;
  }

  /** Runs `write` unless a write already failed; returns its value, or undefined when it failed (a WriteError) or was skipped. */
  attempt<T>(write: () => T): T | undefined {
    if (this.#failure !== undefined) return undefined;
    try {
      return write();
    } catch (e) {
      if (!(e instanceof WriteError)) throw e;
      this.#failure = e.message;
      return undefined;
    }
  }

  /** `attempt` for a write that returns a promise. */
  async attemptAsync<T>(write: () => Promise<T>): Promise<T | undefined> {
    if (this.#failure !== undefined) return undefined;
    try {
      return await write();
    } catch (e) {
      if (!(e instanceof WriteError)) throw e;
      this.#failure = e.message;
      return undefined;
    }
  }

  /** The command's exit status: `status`, or 2 after printing the failure on stderr when a write failed. */
  finish(io: Io, status: number): number {
    if (this.#failure === undefined) return status;
    io.err(`hvspec: ${this.#failure}`);
    return EXIT.USAGE;
  }
}
