/**
 * The failure store: counterexamples are saved under `.hvspec/failures/`
 * and replayed first by the next check on the same content (config,
 * faults and balancer policy), whatever its seed, as Hypothesis replays
 * its database.
 * Files are written whole (to a temporary name, then renamed), so an
 * interrupted run never leaves half a trace behind. A saved failure is
 * data, read as such: one that is not a regular file, is too large, or
 * does not decode as a trace of this hvspec is moved to
 * `.hvspec/failures/quarantine/` and named to the caller, never replayed
 * and never fatal.
 */
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import type { Counterexample } from './result.js';
import { type TraceFile, TRACE_FORMAT, TRACE_VERSION, encodeTrace, decodeTrace } from './trace-file.js';
import type { Fault } from '../faults/fault.js';
import type { Config } from '../system/config.js';
import { type FileSystem, nodeFs } from '../files/fs-seam.js';
import { type WriteOptions, makeFolder, writeFileAtomic } from '../files/atomic-write.js';
import { readRegularFile } from '../files/read-regular.js';
import { assertWritable } from '../files/inside.js';
import { writeFailure } from '../files/write-error.js';
import { fnv64 } from './fnv64.js';
import { recordQuarantined } from './quarantine-ledger.js';

/** Where failures are saved, relative to the working directory. */
export const FAILURES_DIR = join('.hvspec', 'failures');

export { fnv64 } from './fnv64.js';

/** The trace file of a counterexample. */
export const toTraceFile = (cx: Counterexample): TraceFile => ({
  format: TRACE_FORMAT,
  version: TRACE_VERSION,
  engine: cx.engine,
  property: cx.property,
  message: cx.message,
  config: cx.config,
  faults: cx.faults,
  ...(cx.seed !== undefined ? { seed: cx.seed } : {}),
  ...(cx.path !== undefined ? { path: cx.path } : {}),
  ...(cx.shrinks !== undefined ? { shrinks: cx.shrinks } : {}),
  ...(cx.balancer !== undefined ? { balancer: cx.balancer } : {}),
  ops: cx.ops,
});

/** A stable id for a trace: the same violation on the same setup gets the same file. */
export const traceId = (t: TraceFile): string => fnv64(JSON.stringify([t.config, t.faults, t.property, t.ops, ...(t.balancer !== undefined ? [t.balancer] : [])]));

/** What a saved failure is keyed by: the config, the set of faults, and the identity of the balancer policy (undefined: none set). */
export interface FailureKey {
  readonly config: Config;
  readonly faults: readonly string[];
  readonly balancer?: string | undefined;
}

/** The key of `k` as one string: equal for the same content whatever the order of the faults. */
export const failureKey = (k: FailureKey): string => JSON.stringify([k.config, [...k.faults].sort(), k.balancer ?? null]);

/** Where unusable saved failures are moved, inside the failures folder. */
export const QUARANTINE = 'quarantine';

/** Largest saved failure read (a shrunk counterexample takes a few kilobytes). */
export const SAVED_FAILURE_MAX_BYTES = 8 * 1024 * 1024;

/** Saves a counterexample atomically (never leaving `opts.root`, default `dir`, through a link); returns the file's path. Throws WriteError. */
export function saveFailure(cx: Counterexample, dir = FAILURES_DIR, opts: WriteOptions = {}): string {
  const t = toTraceFile(cx);
  const file = join(dir, `${traceId(t)}.json`);
  writeFileAtomic(file, encodeTrace(t), { root: dir, ...opts });
  return file;
}

/** A saved failure that was set aside: the file, why it cannot be used, and where it went (undefined: it could not be moved, and is skipped). */
export interface SetAside {
  readonly file: string;
  readonly why: string;
  readonly movedTo?: string;
  /** Why it could not be moved, when it was not. */
  readonly moveError?: string;
}

/** Moves `file` (in `dir`) into `dir`/quarantine under a name not taken; returns the new path. Throws WriteError. */
export function quarantine(file: string, dir = FAILURES_DIR, fs: FileSystem = nodeFs): string {
  const qdir = join(dir, QUARANTINE);
  let to = join(qdir, basename(file));
  assertWritable(dir, to, fs);
  makeFolder(qdir, fs);
  try {
    fs.lstatSync(to);
    to = join(qdir, `${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  } catch {
    // The name is free.
  }
  try {
    fs.renameSync(file, to);
  } catch (e) {
    throw writeFailure(to, e, 'move a saved failure to');
  }
  recordQuarantined(qdir, basename(to), fs);
  return to;
}

/** Where savedFailures looks, the balancer policy in force, and who hears of a file set aside. */
export interface SavedFailureOptions {
  readonly dir?: string;
  /** The identity of the balancer policy in force (`policyIdentity`); undefined: none set. */
  readonly balancer?: string | undefined;
  /** Told of each saved failure that cannot be used (after it was moved to quarantine, or failed to be). */
  readonly onSetAside?: (s: SetAside) => void;
  readonly fs?: FileSystem;
  /** The names of a config module's properties (a trace may name one). */
  readonly properties?: readonly string[];
}

/**
 * Saved traces for this content (config, fault set and balancer policy),
 * whatever seed found them, in file name order. A
 * `.json` file that is not a usable trace of this hvspec (not a regular
 * file, too large, not JSON, the wrong shape, an unknown op or fault, ops
 * beyond its config) is moved to the quarantine folder and passed to
 * `onSetAside`; it is never replayed and never throws.
 */
export function savedFailures(
  config: Config,
  faults: readonly string[],
  catalogue: readonly Fault[],
  { dir = FAILURES_DIR, balancer, onSetAside = () => {}, fs = nodeFs, properties = [] }: SavedFailureOptions = {},
): { file: string; trace: TraceFile }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const want = failureKey({ config, faults, balancer });
  const out: { file: string; trace: TraceFile }[] = [];
  for (const n of names) {
    const file = join(dir, n);
    let trace: TraceFile;
    try {
      trace = decodeTrace(readRegularFile(file, SAVED_FAILURE_MAX_BYTES, fs), catalogue, properties);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed meanwhile (another run set it aside)
      const why = e instanceof Error ? e.message : String(e);
      try {
        onSetAside({ file, why, movedTo: quarantine(file, dir, fs) });
      } catch (m) {
        onSetAside({ file, why, moveError: m instanceof Error ? m.message : String(m) });
      }
      continue;
    }
    if (failureKey(trace) === want) out.push({ file, trace });
  }
  return out;
}
