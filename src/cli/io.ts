/**
 * Where the CLI writes: stdout for results, stderr for diagnostics and
 * progress. Injected so that tests can capture both.
 */

/** Output channels of one CLI invocation. */
export interface Io {
  /** Result lines on stdout. */
  out(...lines: string[]): void;
  /** Diagnostic lines on stderr. */
  err(...lines: string[]): void;
  /** A transient progress line on stderr (only on a terminal); '' clears it. */
  progress(line: string): void;
}

/** The process's own stdout and stderr. */
export const processIo: Io = {
  out: (...lines) => {
    for (const l of lines) process.stdout.write(`${l}\n`);
  },
  err: (...lines) => {
    for (const l of lines) process.stderr.write(`${l}\n`);
  },
  progress: (line) => {
    if (!process.stderr.isTTY) return;
    process.stderr.write(`\r\x1b[2K${line}`);
  },
};
