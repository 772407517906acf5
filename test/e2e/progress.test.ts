/**
 * Progress in a log (stderr not a terminal): a long explore prints
 * progress lines on stderr, driven here by a fake clock so that the test
 * does not depend on the machine's speed; `--quiet` prints none, and
 * stdout is the same either way.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { progressSink } from '../../src/cli/progress.js';

async function explore(args: string[]) {
  let t = 0;
  const out: string[] = [];
  const err: string[] = [];
  // Every progress call moves the clock one second; a line is due every three.
  const progress = progressSink({ tty: false, write: (s) => err.push(s), now: () => (t += 1000), intervalMs: 3000 });
  // --no-report: run in the working directory, it records nothing there.
  const status = await main(['explore', '--scope', 'dynamic-memory-access', '--no-report', ...args], { out: (...l) => out.push(...l), err: (...l) => err.push(...l), progress });
  return { status, out: out.join('\n'), err };
}

describe('progress of a long run in a log', () => {
  it('explore prints progress lines with states, states/s, depth and queue on stderr, none with --quiet', async () => {
    const loud = await explore([]);
    expect(loud.status).toBe(0);
    const lines = loud.err.filter((l) => l.startsWith('progress: '));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^progress: \d+ states · \d+ states\/s · depth \d+ · queue \d+\n$/);
    expect(loud.out).not.toContain('progress');
    const quiet = await explore(['--quiet']);
    expect(quiet.status).toBe(0);
    expect(quiet.err.filter((l) => l.startsWith('progress: '))).toEqual([]);
    expect(quiet.out).toBe(loud.out);
  });
});
