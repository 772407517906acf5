import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MOCKS_MODULES } from '../../vitest.config.js';

const root = join(import.meta.dirname, '../..');

/** Every test file under `dir`, relative to the project root. */
const testFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [relative(root, join(dir, e.name))] : []));

describe('the test configuration', () => {
  it('runs every file that replaces a module with vi.mock in a module graph of its own', () => {
    // In the shared graph, a file run earlier in the same worker has already loaded the real module, and the mock misses it.
    const mocking = testFiles(join(root, 'test')).filter((f) => /\bvi\.(do)?mock\(/.test(readFileSync(join(root, f), 'utf8')));
    expect(mocking.length).toBeGreaterThan(0);
    expect([...mocking].sort()).toEqual([...MOCKS_MODULES].sort());
  });
});
