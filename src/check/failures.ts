/**
 * The failure store: counterexamples are saved under `.hvspec/failures/`
 * and replayed first by the next check on the same config, faults and seed.
 * Files are written whole (to a temporary name, then renamed), so an
 * interrupted run never leaves half a trace behind.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Counterexample } from './result.js';
import { type TraceFile, TRACE_FORMAT, TRACE_VERSION, encodeTrace, decodeTrace } from './trace-file.js';
import type { Fault } from '../faults/fault.js';
import type { Config } from '../system/config.js';

/** Where failures are saved, relative to the working directory. */
export const FAILURES_DIR = join('.hvspec', 'failures');

/** FNV-1a 64-bit of a string, as 16 hex digits (stable ids; not a security hash). */
export function fnv64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

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
  ops: cx.ops,
});

/** A stable id for a trace: the same violation on the same setup gets the same file. */
export const traceId = (t: TraceFile): string => fnv64(JSON.stringify([t.config, t.faults, t.property, t.ops]));

/** Saves a counterexample; returns the file's path. */
export function saveFailure(cx: Counterexample, dir = FAILURES_DIR): string {
  const t = toTraceFile(cx);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${traceId(t)}.json`);
  const tmp = `${file}.tmp`;
  try {
    writeFileSync(tmp, encodeTrace(t));
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return file;
}

/**
 * Saved traces for this config and fault set, oldest name first; unreadable
 * files are skipped. With `seed`, only traces recorded with that seed: a
 * check replays first what its own seed found, and another seed's
 * counterexample never stands in for this seed's result.
 */
export function savedFailures(
  config: Config,
  faults: readonly string[],
  catalogue: readonly Fault[],
  { dir = FAILURES_DIR, seed }: { readonly dir?: string; readonly seed?: number } = {},
): { file: string; trace: TraceFile }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const want = JSON.stringify([config, [...faults].sort()]);
  const out: { file: string; trace: TraceFile }[] = [];
  for (const n of names) {
    const file = join(dir, n);
    try {
      const trace = decodeTrace(readFileSync(file, 'utf8'), catalogue);
      if (JSON.stringify([trace.config, [...trace.faults].sort()]) === want && (seed === undefined || trace.seed === seed)) out.push({ file, trace });
    } catch {
      // A file from another version or edited by hand: not ours to replay.
    }
  }
  return out;
}
