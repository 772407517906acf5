/**
 * The trace file: a counterexample saved as JSON so that `hvspec replay`
 * and the next `hvspec check` reproduce it. Decoding checks everything and
 * names the first problem; encode/decode round-trip (tested as a property).
 */
import type { Config } from '../system/config.js';
import { validateConfig } from '../system/config.js';
import type { Op } from '../system/ops.js';
import { validateOp } from '../system/validate-op.js';
import type { Fault } from '../faults/fault.js';
import { propertyByName } from '../../properties/index.js';

/** Format tag and version written into every trace file. */
export const TRACE_FORMAT = 'hvspec-trace';
/** Current trace file version. */
export const TRACE_VERSION = 1;

/** What a trace file holds. */
export interface TraceFile {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  readonly engine: 'random' | 'explore';
  /** The invariant the trace violates. */
  readonly property: string;
  readonly message: string;
  readonly config: Config;
  readonly faults: readonly string[];
  readonly seed?: number;
  readonly path?: string;
  readonly shrinks?: number;
  readonly ops: readonly Op[];
}

/** A trace file that cannot be used, with the reason. */
export class TraceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceError';
  }
}

/** The JSON text of a trace file (stable key order, one op per line). */
export function encodeTrace(t: TraceFile): string {
  const head = { ...t, ops: undefined };
  const lines = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  const ops = t.ops.map((o) => `    ${JSON.stringify(o)}`).join(',\n');
  return `${lines},\n  "ops": [\n${ops}${t.ops.length ? '\n' : ''}  ]\n}\n`;
}

/** Parses and checks a trace file's text against the known faults. Throws TraceError. */
export function decodeTrace(text: string, faults: readonly Fault[]): TraceFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new TraceError(`not JSON: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new TraceError('a trace must be a JSON object');
  const r = raw as Record<string, unknown>;
  if (r.format !== TRACE_FORMAT) throw new TraceError(`not an hvspec trace (format is ${JSON.stringify(r.format)}, expected "${TRACE_FORMAT}")`);
  if (r.version !== TRACE_VERSION) throw new TraceError(`unsupported trace version ${JSON.stringify(r.version)} (this hvspec reads version ${TRACE_VERSION})`);
  if (r.engine !== 'random' && r.engine !== 'explore') throw new TraceError(`"engine" must be "random" or "explore", got ${JSON.stringify(r.engine)}`);
  if (typeof r.property !== 'string') throw new TraceError('"property" must be a string');
  if (typeof r.message !== 'string') throw new TraceError('"message" must be a string');
  const cfg = validateConfig(r.config);
  if (!cfg.ok) throw new TraceError(`its config is invalid: ${cfg.error.problems.join('; ')}`);
  if (!Array.isArray(r.faults) || r.faults.some((f) => typeof f !== 'string')) throw new TraceError('"faults" must be a list of fault names');
  for (const f of r.faults as string[]) if (!faults.some((x) => x.name === f)) throw new TraceError(`unknown fault "${f}"`);
  for (const k of ['seed', 'shrinks'] as const) if (r[k] !== undefined && !(typeof r[k] === 'number' && Number.isSafeInteger(r[k]))) throw new TraceError(`"${k}" must be an integer`);
  if (r.path !== undefined && typeof r.path !== 'string') throw new TraceError('"path" must be a string');
  if (!Array.isArray(r.ops)) throw new TraceError('"ops" must be a list');
  const ops: Op[] = [];
  r.ops.forEach((o, i) => {
    const v = validateOp(cfg.config, o);
    if (!v.ok) throw new TraceError(`op ${i + 1}: ${v.error.message}`);
    ops.push(v.op);
  });
  const known = new Set(['format', 'version', 'engine', 'property', 'message', 'config', 'faults', 'seed', 'path', 'shrinks', 'ops']);
  for (const k of Object.keys(r)) if (!known.has(k)) throw new TraceError(`unknown field "${k}"`);
  // Checked last, so that a trace of a property since renamed still names its other problems first.
  if (!propertyByName(r.property as string)) throw new TraceError(`unknown property ${JSON.stringify(r.property)}: the trace must name an invariant, goal or liveness property of this hvspec`);
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    engine: r.engine,
    property: r.property,
    message: r.message,
    config: cfg.config,
    faults: r.faults as string[],
    ...(r.seed !== undefined ? { seed: r.seed as number } : {}),
    ...(r.path !== undefined ? { path: r.path as string } : {}),
    ...(r.shrinks !== undefined ? { shrinks: r.shrinks as number } : {}),
    ops,
  };
}
