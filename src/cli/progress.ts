/**
 * Progress lines on stderr, as TLC prints them: on a terminal one line
 * redrawn in place (at most four times a second); elsewhere (a CI log, a
 * pipe) a plain line every few seconds, so that a long run shows it is
 * alive without flooding the log. The clock is injected: engines report
 * counts, and only this CLI layer knows the time.
 */

/** Milliseconds between two progress lines when stderr is not a terminal. */
export const LOG_PROGRESS_INTERVAL_MS = 5000;

/** Milliseconds between two redraws of the progress line on a terminal. */
export const TTY_PROGRESS_INTERVAL_MS = 250;

/** Where progress goes and how often. */
export interface ProgressSinkOptions {
  /** Whether the stream is a terminal (a line redrawn in place) or a log (lines appended). */
  readonly tty: boolean;
  readonly write: (text: string) => void;
  /** Milliseconds from any origin. */
  readonly now: () => number;
  /** Milliseconds between two lines (default: by `tty`). */
  readonly intervalMs?: number;
}

/**
 * A progress function for `Io.progress`: called as often as the engines
 * report, it writes at most one line an interval; '' ends the progress (a
 * terminal line is cleared, a log gets nothing). The first log line comes
 * one interval after the start, so a short run prints none.
 */
export function progressSink(opts: ProgressSinkOptions): (line: string) => void {
  const interval = opts.intervalMs ?? (opts.tty ? TTY_PROGRESS_INTERVAL_MS : LOG_PROGRESS_INTERVAL_MS);
  let last: number | undefined;
  let shown = false;
  return (line) => {
    if (line === '') {
      if (opts.tty && shown) opts.write('\r\x1b[2K');
      shown = false;
      last = undefined;
      return;
    }
    const now = opts.now();
    if (last === undefined) {
      last = now;
      if (!opts.tty) return;
    } else if (now - last < interval) return;
    last = now;
    shown = true;
    opts.write(opts.tty ? `\r\x1b[2K${line}` : `progress: ${line.trim()}\n`);
  };
}
