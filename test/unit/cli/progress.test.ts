import { describe, expect, it } from 'vitest';
import { progressSink } from '../../../src/cli/progress.js';

/** A sink on a fake clock that moves `step` ms at each call. */
const sink = (tty: boolean, step: number, intervalMs = 3000) => {
  let t = 0;
  const written: string[] = [];
  const p = progressSink({ tty, write: (s) => written.push(s), now: () => (t += step), intervalMs });
  return { p, written };
};

describe('progress lines', () => {
  it('in a log: one plain line an interval, none for a run shorter than one interval, nothing on clear', () => {
    const { p, written } = sink(false, 1000);
    for (let i = 1; i <= 10; i++) p(`  ${i} states`);
    p('');
    // Calls at t = 1000..10000: the first starts the clock, then a line at 4000, 7000 and 10000.
    expect(written).toEqual(['progress: 4 states\n', 'progress: 7 states\n', 'progress: 10 states\n']);
    const short = sink(false, 1000);
    short.p('  1 states');
    short.p('  2 states');
    short.p('');
    expect(short.written).toEqual([]);
  });

  it('on a terminal: the line is redrawn in place at once, then throttled, and cleared at the end', () => {
    const { p, written } = sink(true, 100, 250);
    p('a');
    p('b');
    p('c');
    p('d');
    p('');
    expect(written).toEqual(['\r\x1b[2Ka', '\r\x1b[2Kd', '\r\x1b[2K']);
  });
});
