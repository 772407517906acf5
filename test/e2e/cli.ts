/**
 * Runs the `hvspec` command as a user would, in a scratch directory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildIsCurrent } from '../../scripts/source-hash.js';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The command a spawned test runs: the compiled one (bin/hvspec.mjs) when
 * dist/ was built from the sources as they are now, which starts in half
 * the time; otherwise the sources through tsx (bin/hvspec-dev.mjs), so a
 * test never runs a stale build.
 */
export const BIN = resolve(ROOT, buildIsCurrent(ROOT) ? 'bin/hvspec.mjs' : 'bin/hvspec-dev.mjs');

/** A fresh working directory (so saved failures do not leak between tests). */
export const scratch = (): string => mkdtempSync(join(tmpdir(), 'hvspec-'));

/** Runs hvspec with `args` in `cwd` (Node started with `nodeArgs`, e.g. a heap limit); returns status and both streams. */
export function hvspec(args: string[], cwd = scratch(), nodeArgs: string[] = []): { status: number; stdout: string; stderr: string; cwd: string } {
  const r = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, cwd };
}

/**
 * Runs hvspec's `main` in this process (the same code the binary runs,
 * without a new Node and loader per call) with `cwd` as the working
 * directory; returns the status and both streams as the binary prints them.
 */
export async function hvspecInProcess(args: string[], cwd = scratch()): Promise<{ status: number; stdout: string; stderr: string; cwd: string }> {
  const { main } = await import('../../src/cli/main.js');
  const out: string[] = [];
  const err: string[] = [];
  const home = process.cwd();
  // The binary formats stacks with Node's own source maps (a config module's lines); the test runner's formatter steps aside meanwhile.
  const prepare = Error.prepareStackTrace;
  delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  process.chdir(cwd);
  try {
    const status = await main(args, { out: (...l) => out.push(...l), err: (...l) => err.push(...l), progress: () => {} });
    const text = (lines: string[]) => (lines.length ? lines.join('\n') + '\n' : '');
    return { status, stdout: text(out), stderr: text(err), cwd };
  } finally {
    if (prepare) Error.prepareStackTrace = prepare;
    process.chdir(home);
  }
}
