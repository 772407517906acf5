/**
 * What hvspec writes, under the real command: nothing through a symbolic
 * link out of its folder, `--reset` removes only what it wrote, two checks
 * at once do not trip over each other, `--out` on /proc is refused at
 * once, poisoned saved failures are set aside without touching the
 * result, and a full disk or a read-only folder (staged through the
 * file-system seam the writers take, since no permission stops a root
 * user) lets the verdict and the counterexample print whole, then one
 * line and exit 2, with no report left half-written.
 */
import { describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, hvspecInProcess as inProcess, scratch } from './cli.js';
import { readManifest } from '../../src/files/manifest.js';
import { decodeTrace } from '../../src/check/trace-file.js';
import { FAULTS } from '../../src/faults/catalogue.js';
import { QUARANTINE_LEDGER } from '../../src/check/quarantine-ledger.js';
import type { FileSystem } from '../../src/files/fs-seam.js';
import { fullDisk, readOnly } from '../unit/files/failing-fs.js';

const seam = vi.hoisted(() => ({ fs: undefined as FileSystem | undefined }));
vi.mock('../../src/files/fs-seam.js', async (real) => {
  const mod = await real<typeof import('../../src/files/fs-seam.js')>();
  // Every call goes to the file system a test chose, or else to the real one.
  const nodeFs = new Proxy(mod.nodeFs, { get: (t, k) => Reflect.get(seam.fs ?? t, k) });
  return { ...mod, nodeFs };
});


/** Every file under `dir`, relative. */
const tree = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

/** Runs the binary without waiting (for runs at once). */
const start = (args: string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> =>
  new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status) => done({ status: status ?? -1, stdout, stderr }));
  });

describe('reports never go through a symbolic link out of their folder', () => {
  it('check: a report that is a link to a file outside is refused after the verdict, and the file is untouched', async () => {
    const outside = scratch();
    writeFileSync(join(outside, 'victim'), 'precious');
    const dir = scratch();
    mkdirSync(join(dir, 'reports', 'coverage'), { recursive: true });
    symlinkSync(join(outside, 'victim'), join(dir, 'reports', 'coverage', 'index.html'));
    const r = await inProcess(['check', '--runs', '3'], dir);
    expect(r.stdout).toMatch(/^hvspec check · random engine/);
    expect(r.stderr.trim()).toMatch(/^hvspec: cannot write reports\/coverage\/index\.html: reports\/coverage\/index\.html is a symbolic link to .*victim, outside \.; refused$/);
    expect(r.status).toBe(2);
    expect(readFileSync(join(outside, 'victim'), 'utf8')).toBe('precious');
  });

  it('check: a reports folder that is a link out of the working directory is refused; nothing is written there', async () => {
    const outside = scratch();
    const dir = scratch();
    symlinkSync(outside, join(dir, 'reports'));
    const r = await inProcess(['check', '--runs', '3'], dir);
    expect(r.stderr.trim()).toMatch(/^hvspec: cannot write reports\/coverage\/runs\/check-\w+\.json: reports is a symbolic link to .*, outside \.; refused$/);
    expect(r.status).toBe(2);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('coverage --out DIR: a DIR/runs that links out of DIR is refused (reset and write), and what it points at is untouched', async () => {
    const outside = scratch();
    writeFileSync(join(outside, 'a.json'), 'precious');
    const dir = scratch();
    mkdirSync(join(dir, 'out'));
    symlinkSync(outside, join(dir, 'out', 'runs'));
    writeFileSync(join(dir, 'out', '.hvspec-manifest'), 'runs/a.json\n');
    const r = await inProcess(['coverage', '--out', 'out', '--reset'], dir);
    expect(r.stderr.trim()).toMatch(/^hvspec: cannot write out\/runs: out\/runs is a symbolic link to .*, outside out; refused$/);
    expect(r.status).toBe(2);
    expect(readdirSync(outside)).toEqual(['a.json']);
  });
});

describe('coverage --reset removes only what hvspec wrote', () => {
  it('a DIR/runs that hvspec did not create keeps its files, and the reset says so', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'mine', 'runs'), { recursive: true });
    writeFileSync(join(dir, 'mine', 'runs', 'results.json'), '{"not":"hvspec"}');
    writeFileSync(join(dir, 'mine', 'runs', 'notes.txt'), 'keep me');
    const r = await inProcess(['coverage', '--out', 'mine', '--reset'], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^hvspec: warning: --reset left 1 run file hvspec did not write \(mine\/runs\/results\.json\); they still count$/m);
    expect(readdirSync(join(dir, 'mine', 'runs')).sort()).toEqual(['notes.txt', 'results.json']);
    // The reports hvspec wrote there are listed in its manifest; the user's files are not.
    expect([...readManifest(join(dir, 'mine'))].sort()).toEqual(['coverage.json', 'coverage.md', 'index.html']);
  });
});

describe('two checks at once', () => {
  it('the same check twice at once (the same failure, run and report names): both finish as alone, every file whole, no temporary file left', async () => {
    const dir = scratch();
    const args = ['check', '--fault', 'map-skips-scrub', '--runs', '20'];
    const [a, b] = await Promise.all([start(args, dir), start(args, dir)]);
    for (const r of [a, b]) {
      expect(r.stderr).not.toMatch(/hvspec: (cannot|warning)|\n\s+at /);
      expect(r.status).toBe(1);
    }
    expect(a.stdout).toBe(b.stdout);
    expect(tree(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const saved = readdirSync(join(dir, '.hvspec', 'failures'));
    expect(saved).toHaveLength(1);
    expect(decodeTrace(readFileSync(join(dir, '.hvspec', 'failures', saved[0]!), 'utf8'), FAULTS).faults).toEqual(['map-skips-scrub']);
    for (const f of ['coverage.json', 'properties.json']) expect(() => JSON.parse(readFileSync(join(dir, 'reports', 'coverage', f), 'utf8'))).not.toThrow();
    expect(readFileSync(join(dir, 'reports', 'coverage', 'index.html'), 'utf8').trimEnd()).toMatch(/<\/html>$/);
    const runs = [...readManifest(join(dir, 'reports', 'coverage'))].filter((e) => e.startsWith('runs/') && e.endsWith('.json'));
    expect(readdirSync(join(dir, 'reports', 'coverage', 'runs'))).toEqual(runs.map((e) => e.slice('runs/'.length)));
    const reset = await inProcess(['coverage', '--reset'], dir);
    expect(reset.status).toBe(0);
    expect(reset.stderr).toMatch(/no run recorded yet/);
    expect(existsSync(join(dir, 'reports', 'coverage', 'runs'))).toBe(false);
  });
});

describe.skipIf(process.platform !== 'linux' || !existsSync('/proc/self'))('--out on a special file system', () => {
  for (const out of ['/proc', '/proc/self', '/proc/self/fd', '/sys/kernel'].filter((p) => existsSync(p)))
    it(`--out ${out} is refused at once, in one line`, async () => {
      const r = await inProcess(['coverage', '--out', out]);
      expect(r.stderr).toMatch(new RegExp(`^hvspec: coverage: --out ${out} is on (proc|sysfs), a special file system, not a folder for reports\\n$`));
      expect(r.stdout).toBe('');
      expect(r.status).toBe(2);
    });
});

describe('poisoned saved failures', () => {
  const args = ['check', '--fault', 'map-skips-scrub', '--runs', '20'];
  it('are set aside one line each; the result is what a clean directory prints; later checks are unaffected', async () => {
    const dir = scratch();
    const failures = join(dir, '.hvspec', 'failures');
    mkdirSync(failures, { recursive: true });
    const poisoned: Record<string, string> = {
      'cut.json': '{"format":"hvspec-trace","version":1,',
      'shape.json': '{"format":"hvspec-trace","version":1,"engine":"random","ops":"all of them"}',
      'proto.json': '{"__proto__":{"isAdmin":true},"constructor":{"name":"x"}}',
      'op.json': '{"format":"hvspec-trace","version":1,"engine":"random","property":"x","message":"m","config":{},"faults":[],"ops":[{"type":"toString"}]}',
      'escape.json': '{"format":"\\u001b]0;owned\\u0007\\n"}',
    };
    for (const [n, text] of Object.entries(poisoned)) writeFileSync(join(failures, n), text);
    const clean = await inProcess(args);
    const r = await inProcess(args, dir);
    expect([r.status, clean.status]).toEqual([1, 1]);
    expect(r.stdout.replace(/\.hvspec\/failures\/\w+/, '')).toBe(clean.stdout.replace(/\.hvspec\/failures\/\w+/, ''));
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('hvspec: warning:'));
    expect(warnings).toHaveLength(5);
    for (const w of warnings) expect(w).toMatch(/^hvspec: warning: \.hvspec\/failures\/\w+\.json is not a usable saved failure \(.+\); moved to \.hvspec\/failures\/quarantine\/\w+\.json$/);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(readdirSync(join(failures, 'quarantine')).sort()).toEqual([QUARANTINE_LEDGER, ...Object.keys(poisoned)].sort());
    // The next check: no warning, the saved failure replayed, the same verdict.
    const next = await inProcess(args, dir);
    expect(next.stderr).not.toMatch(/warning/);
    expect(next.stderr).toMatch(/replayed .* it still fails/);
    expect(next.status).toBe(r.status);
  });
});

const VIOLATION = ['check', '--fault', 'map-skips-scrub', '--runs', '20'];

describe('a full disk or a read-only folder: the verdict first, then one line and exit 2', () => {
  it('a disk that fills while the reports are written', async () => {
    const dir = scratch();
    const first = await inProcess(['check', '--runs', '2'], dir);
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
    expect(tree(dir).filter((f) => !files.includes(f))).toEqual(['.hvspec', '.hvspec/failures', expect.stringMatching(/^\.hvspec\/failures\/\w+\.json$/), expect.stringMatching(/^reports\/coverage\/runs\/check-\w+\.json$/), expect.stringMatching(/^reports\/coverage\/runs\/check-\w+\.verdict\.json$/)]);
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
