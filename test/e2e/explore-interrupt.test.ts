import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXPLORE_CONFIG } from '../../src/check/explore-config.js';
import { hvspec, hvspecInProcess, scratch } from './cli.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

/** `hvspec explore args` in-process, with Ctrl-C (the SIGINT event) 300 ms in. */
async function interrupted(args: string[], cwd = scratch()) {
  // Loaded first, so that the 300 ms are the search's.
  await import('../../src/cli/main.js');
  const timer = setTimeout(() => process.emit('SIGINT'), 300);
  try {
    return await hvspecInProcess(['explore', ...args], cwd);
  } finally {
    clearTimeout(timer);
  }
}

// In-process (the same code path as the binary): Ctrl-C is delivered as the SIGINT event.
describe('hvspec explore, interrupted', () => {
  it('stops cleanly on Ctrl-C, prints what it covered as bounded and exits 3', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'larger.json'), JSON.stringify({ ...EXPLORE_CONFIG, frames: 5, rootFrames: 2 }));
    const { status, stdout: text } = await interrupted(['--config', 'larger.json'], dir);
    expect(status).toBe(3);
    expect(text).toMatch(/^bounded: the search stopped because it was interrupted \(SIGINT\), after \d+ states/m);
    const states = Number(text.match(/after (\d+) states/)![1]);
    // The larger config has 71897 states; an interrupted search covers fewer.
    expect(states).toBeGreaterThan(0);
    expect(states).toBeLessThan(71897);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('stops on Ctrl-C also where every state has hundreds of successors (the Dynamic Memory example with every op)', async () => {
    const r = await interrupted(['--config', join(EXAMPLES, 'dynamic-memory.json')]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^bounded: the search stopped because it was interrupted \(SIGINT\), after \d+ states/m);
  });
});

describe('hvspec explore, out of room', () => {
  it('stops as bounded before the heap runs out, says so, and exits 3 (not a crash)', () => {
    const r = hvspec(['explore', '--config', join(EXAMPLES, 'dynamic-memory.json')], scratch(), ['--max-old-space-size=64']);
    expect(r.status, r.stderr.slice(0, 400)).toBe(3);
    expect(r.stdout).toMatch(/^bounded: the search stopped because the heap reached 50% of its limit .*, after \d+ states/m);
  });
});
