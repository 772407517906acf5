/**
 * A full disk and a read-only folder under the real command (its file
 * system replaced through the seam the writers take, since no permission
 * stops a root user): the verdict and the counterexample are printed
 * whole, then one line, exit 2, and no report is left half-written.
 */
import { describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileSystem } from '../../src/files/fs-seam.js';
import { fullDisk, readOnly } from '../unit/files/failing-fs.js';
import { hvspecInProcess as inProcess, scratch } from './cli.js';

const seam = vi.hoisted(() => ({ fs: undefined as FileSystem | undefined }));
vi.mock('../../src/files/fs-seam.js', async (real) => {
  const mod = await real<typeof import('../../src/files/fs-seam.js')>();
  // Every call goes to the file system the test chose, or else to the real one.
  const nodeFs = new Proxy(mod.nodeFs, { get: (t, k) => Reflect.get(seam.fs ?? t, k) });
  return { ...mod, nodeFs };
});

/** Every file under `dir`, relative. */
const tree = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

const VIOLATION = ['check', '--fault', 'map-skips-scrub', '--runs', '20'];

describe('a full disk or a read-only folder: the verdict first, then one line and exit 2', () => {
  it('a disk that fills while the reports are written', async () => {
    const dir = scratch();
    const first = await inProcess(['check', '--runs', '5'], dir);
    expect([0, 3]).toContain(first.status);
    const html = readFileSync(join(dir, 'reports/coverage/index.html'), 'utf8');
    const files = tree(dir);
    // Room for the saved failure, the run and properties.json (about 25 kB), not for the 160 kB index.html.
    seam.fs = fullDisk(60_000);
    try {
      const r = await inProcess(VIOLATION, dir);
      expect(r.stdout).toMatch(/^hvspec check · random engine/);
      expect(r.stdout).toMatch(/✗ no-cross-partition-data-leak {2}violated after \d+ steps/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(/^hvspec: cannot write reports[/\\]coverage[/\\]index\.html: no space left on device \(ENOSPC\)$/);
      expect(r.status).toBe(2);
    } finally {
      seam.fs = undefined;
    }
    // The earlier report is whole (not cut to the bytes that fitted), and no temporary file is left.
    expect(readFileSync(join(dir, 'reports/coverage/index.html'), 'utf8')).toBe(html);
    // What did fit is there whole: the saved failure and this run's coverage.
    expect(tree(dir).filter((f) => !files.includes(f))).toEqual(['.hvspec', '.hvspec/failures', expect.stringMatching(/^\.hvspec\/failures\/\w+\.json$/), expect.stringMatching(/^reports\/coverage\/runs\/check-\w+\.json$/)]);
    expect(tree(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a read-only folder, with --json: the JSON verdict, then the one line', async () => {
    const dir = scratch();
    seam.fs = readOnly();
    try {
      const r = await inProcess([...VIOLATION, '--json'], dir);
      const doc = JSON.parse(r.stdout) as { kind: string; counterexample: { ops: unknown[] }; writeFailure: string };
      expect(doc.kind).toBe('violated');
      expect(doc.counterexample.ops.length).toBeGreaterThan(0);
      expect(r.stderr).toBe(`hvspec: ${doc.writeFailure}\n`);
      expect(doc.writeFailure).toMatch(/^cannot write \.hvspec[/\\]failures: read-only file system \(EROFS\)$/);
      expect(r.status).toBe(2);
    } finally {
      seam.fs = undefined;
    }
    expect(tree(dir)).toEqual([]);
  });

  it('explore on a full disk prints its counterexample, then the line', async () => {
    const dir = scratch();
    seam.fs = fullDisk(0);
    try {
      const r = await inProcess(['explore', '--scope', 'memory', '--fault', 'map-skips-scrub'], dir);
      expect(r.stdout).toMatch(/✗ \S+ {2}violated after \d+ steps \(shortest, by exhaustive search\)/);
      expect(r.stderr.trim().split('\n').pop()).toMatch(/^hvspec: cannot write \.hvspec[/\\]failures[/\\]\w+\.json: no space left on device \(ENOSPC\)$/);
      expect(r.status).toBe(2);
    } finally {
      seam.fs = undefined;
    }
    expect(statSync(join(dir, '.hvspec', 'failures')).isDirectory()).toBe(true);
    expect(tree(join(dir, '.hvspec', 'failures'))).toEqual([]);
  });
});
