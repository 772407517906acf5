/**
 * Where the CLI writes: stdout for results, stderr for diagnostics and
 * progress. Injected so that tests can capture both.
 */
import { progressSink } from './progress.js';

/** Output channels of one CLI invocation. */
export interface Io {
  /** Result lines on stdout. */
  out(...lines: string[]): void;
  /** Diagnostic lines on stderr. */
  err(...lines: string[]): void;
  /**
   * A progress line on stderr, called as often as there is news: on a
   * terminal redrawn in place, in a log printed every few seconds (see
   * progress.ts); '' ends it. Never on stdout.
   */
  progress(line: string): void;
}

/**
 * Ends the process quietly when the reader of stdout has gone (`hvspec
 * faults | head`): what is left unprinted has nobody to read it. Any other
 * stream error is rethrown.
 */
export function quietOnClosedPipe(stream: NodeJS.WritableStream & { on(event: 'error', f: (e: NodeJS.ErrnoException) => void): unknown }, exit: (code: number) => void = (c) => process.exit(c)): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') exit(0);
    else throw e;
  });
}

/** Progress on the process's stderr. */
const stderrProgress = progressSink({ tty: process.stderr.isTTY === true, write: (t) => process.stderr.write(t), now: () => performance.now() });

/** Silences progress (`--quiet`): the same channels, with no progress line. */
export const quietIo = (io: Io): Io => ({ out: io.out, err: io.err, progress: () => {} });

/** The process's own stdout and stderr. */
export const processIo: Io = {
  out: (...lines) => {
    for (const l of lines) process.stdout.write(`${l}\n`);
  },
  err: (...lines) => {
    for (const l of lines) process.stderr.write(`${l}\n`);
  },
  progress: (line) => stderrProgress(line),
};
