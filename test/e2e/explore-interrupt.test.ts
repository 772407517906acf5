import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { EXPLORE_CONFIG } from '../../src/check/explore-config.js';

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
});
