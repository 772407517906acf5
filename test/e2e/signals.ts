/**
 * Runs `hvspec` as a child process that the test can signal: the signal is
 * sent only once the command listens for it (a preloaded module,
 * announce-stop-listener.mjs, says so on file descriptor 3), so a slow
 * start never turns a stop request into Node's default death by signal.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/hvspec.mjs');
const ANNOUNCE = pathToFileURL(resolve(import.meta.dirname, 'announce-stop-listener.mjs')).href;

/** A running hvspec: its output so far, a way to signal it, and its end. */
export interface Running {
  readonly pid: number;
  /** Everything printed on stdout and stderr so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves once the command listens for `signal` (or has ended). */
  catching(signal: 'SIGINT' | 'SIGTERM'): Promise<void>;
  /** Resolves once stdout matches `re`. */
  printed(re: RegExp): Promise<void>;
  /** The exit: status, or the signal that killed it. */
  readonly done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Polls `ok` every 20 ms until it holds. */
const until = async (ok: () => boolean): Promise<void> => {
  while (!ok()) await new Promise((r) => setTimeout(r, 20));
};

/** Starts `hvspec args` in `cwd`. */
export function start(args: string[], cwd: string): Running {
  const child = spawn(process.execPath, ['--import', ANNOUNCE, BIN, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let listening = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (d: string) => (listening += d));
  let exited = false;
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((res) =>
    child.on('close', (status, signal) => {
      exited = true;
      res({ status, signal, stdout: out, stderr: err });
    }),
  );
  return {
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    catching: (signal) => until(() => exited || listening.split('\n').includes(signal)),
    printed: (re) => until(() => exited || re.test(out)),
    done,
  };
}
