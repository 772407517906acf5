/**
 * The published package as a user gets it, made once for the test files
 * that need it (vitest.config.ts's `packed` project): the build (`npm run
 * build`, which `npm install` runs as the `prepare` script; rebuilt here
 * only when the sources changed since), `npm pack`, and the tarball
 * installed into one empty project. Vitest's `provide` gives the test
 * files the project's path and the files the tarball holds
 * (`inject('packed')`).
 *
 * The install needs no network: the package's dependencies, and the peer
 * packages the examples use (vitest, @fast-check/vitest, @types/node), are
 * linked from this repository's node_modules.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildIsCurrent } from '../../scripts/source-hash.js';

const ROOT = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What the setup provides to the test files. */
export interface Packed {
  /** The project the tarball is installed in (node_modules/hvspec, node_modules/.bin/hvspec). */
  readonly project: string;
  /** The files the tarball holds, sorted. */
  readonly files: readonly string[];
  /** Seconds spent, by phase, for the record. */
  readonly seconds: Readonly<Record<string, number>>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    packed: Packed;
  }
}

/** Packages linked into the project besides the package's own dependencies: what a user of the examples installs. */
const PEERS = ['@types/node', 'vitest', '@fast-check/vitest'];

/** Runs a command; throws with its output when it fails. */
function run(cmd: string, args: string[], cwd: string): string {
  // Plain Node: no loader the test runner may have put in NODE_OPTIONS.
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NODE_OPTIONS: '' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Builds if needed, packs, installs into a temporary project; provides it; removes it when the run ends. */
export default function setup(project: TestProject): () => void {
  const t0 = performance.now();
  // The build `npm install` made (the prepare script) is reused when its stamp matches the sources.
  const reused = buildIsCurrent(ROOT);
  if (!reused) run(NPM, ['run', 'build'], ROOT);
  if (!buildIsCurrent(ROOT)) throw new Error('the build does not match the sources after `npm run build`');
  const work = mkdtempSync(join(tmpdir(), 'hvspec-packed-'));
  const pack = JSON.parse(run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)) as { filename: string; files: { path: string }[] }[];
  const t1 = performance.now();

  const dir = join(work, 'consumer');
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const link = (dep: string) => {
    mkdirSync(dirname(join(dir, 'node_modules', dep)), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  };
  Object.keys(pkg.dependencies).forEach(link);
  run(NPM, ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', join(work, pack[0]!.filename)], dir);
  // After the install, which would remove packages the project does not depend on.
  PEERS.forEach(link);
  const t2 = performance.now();
  project.provide('packed', {
    project: dir,
    files: pack[0]!.files.map((f) => f.path).sort(),
    seconds: { [reused ? 'pack (build reused)' : 'build and pack']: (t1 - t0) / 1000, install: (t2 - t1) / 1000 },
  });
  return () => rmSync(work, { recursive: true, force: true });
}
