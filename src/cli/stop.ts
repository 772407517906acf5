/**
 * Stopping a command on request: the first SIGINT or SIGTERM asks the
 * running command to stop (it then writes what it covered, marked
 * bounded); a second one exits at once.
 */
import { constants } from 'node:os';

/** The signals that stop a command. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** One of the signals that stop a command. */
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** What a command polls to learn that it was asked to stop. */
export interface StopRequest {
  /** The signal that asked the command to stop, if one did. */
  readonly signal: StopSignal | undefined;
}

/** A request nobody can make: for callers that run without signals (the library, tests). */
export const NEVER_STOP: StopRequest = { signal: undefined };

/** The exit status after a second signal: 128 + the signal's number, as shells report a death by that signal. */
export const forcedExitStatus = (signal: StopSignal): number => 128 + constants.signals[signal];

/**
 * Listens for SIGINT and SIGTERM until `dispose` is called. The first one
 * sets `signal` and calls `onFirst` (to say on stderr that the command is
 * stopping); the next calls `exit` with {@link forcedExitStatus}.
 */
export function listenForStop(onFirst: (signal: StopSignal) => void, exit: (status: number) => void = (s) => process.exit(s)): StopRequest & { dispose(): void } {
  const state: { signal: StopSignal | undefined } = { signal: undefined };
  const handlers = STOP_SIGNALS.map((sig) => {
    const h = (): void => {
      if (state.signal === undefined) {
        state.signal = sig;
        onFirst(sig);
      } else exit(forcedExitStatus(sig));
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
  return {
    get signal() {
      return state.signal;
    },
    dispose() {
      for (const [sig, h] of handlers) process.off(sig, h);
    },
  };
}
