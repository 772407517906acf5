import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { EXPLORE_CONFIG } from '../../src/check/explore-config.js';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const BIN = resolve(import.meta.dirname, '../../bin/hvspec.mjs');

// In-process (the same code path as the binary): Ctrl-C is delivered as the SIGINT event.
describe('hvspec explore, interrupted', () => {
  const home = process.cwd();
  beforeAll(() => process.chdir(mkdtempSync(join(tmpdir(), 'hvspec-sigint-'))));
  afterAll(() => process.chdir(home));

  it('stops cleanly on Ctrl-C, prints what it covered as bounded and exits 3', async () => {
    writeFileSync('larger.json', JSON.stringify({ ...EXPLORE_CONFIG, frames: 5, rootFrames: 2 }));
    const stdout: string[] = [];
    const io: Io = { out: (...l) => stdout.push(...l), err: () => {}, progress: () => {} };
    const timer = setTimeout(() => process.emit('SIGINT'), 300);
    const status = await main(['explore', '--config', 'larger.json'], io);
    clearTimeout(timer);
    expect(status).toBe(3);
    const text = stdout.join('\n');
    expect(text).toMatch(/^bounded: the search stopped because it was interrupted, after \d+ states/m);
    const states = Number(text.match(/after (\d+) states/)![1]);
    // The larger config has 71897 states; an interrupted search covers fewer.
    expect(states).toBeGreaterThan(0);
    expect(states).toBeLessThan(71897);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('stops on Ctrl-C also where every state has hundreds of successors (the Dynamic Memory example with every op)', async () => {
    const stdout: string[] = [];
    const io: Io = { out: (...l) => stdout.push(...l), err: () => {}, progress: () => {} };
    const timer = setTimeout(() => process.emit('SIGINT'), 300);
    const status = await main(['explore', '--config', join(EXAMPLES, 'dynamic-memory.json')], io);
    clearTimeout(timer);
    expect(status).toBe(3);
    expect(stdout.join('\n')).toMatch(/^bounded: the search stopped because it was interrupted, after \d+ states/m);
  });
});

describe('hvspec explore, out of room', () => {
  it('stops as bounded before the heap runs out, says so, and exits 3 (not a crash)', () => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=96', BIN, 'explore', '--config', join(EXAMPLES, 'dynamic-memory.json')], {
      cwd: mkdtempSync(join(tmpdir(), 'hvspec-heap-')),
      encoding: 'utf8',
    });
    expect(r.status, r.stderr.slice(0, 400)).toBe(3);
    expect(r.stdout).toMatch(/^bounded: the search stopped because the heap reached 50% of its limit .*, after \d+ states/m);
  });
});
