/**
 * Runs the `hvspec` command as a user would, in a scratch directory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/hvspec.mjs');

/** A fresh working directory (so saved failures do not leak between tests). */
export const scratch = (): string => mkdtempSync(join(tmpdir(), 'hvspec-'));

/** Runs hvspec with `args` in `cwd`; returns status and both streams. */
export function hvspec(args: string[], cwd = scratch()): { status: number; stdout: string; stderr: string; cwd: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, cwd };
}
