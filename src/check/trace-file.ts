/**
 * The trace file: a counterexample saved as JSON so that `hvspec replay`
 * and the next `hvspec check` reproduce it. Decoding checks it with one
 * declared schema (traceSchema) and names the first problem; encode/decode
 * round-trip (tested as a property).
 */
import { z } from 'zod';
import { type Config, CONFIG_SCHEMA, DEFAULT_CONFIG, validateConfig } from '../system/config.js';
import type { Op } from '../system/ops.js';
import { validateOp, ANY_OP_SCHEMA } from '../system/validate-op.js';
import { excerpt, escapeUnsafe, cut, EXCERPT_MAX } from '../input/excerpt.js';
import { problemLines, joinProblems } from '../input/issues.js';
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
  readonly engine: 'random' | 'explore' | 'swarm';
  /** The invariant the trace violates. */
  readonly property: string;
  readonly message: string;
  readonly config: Config;
  readonly faults: readonly string[];
  readonly seed?: number;
  readonly path?: string;
  readonly shrinks?: number;
  /** The identity of the balancer policy in force, when one was set (see `policyIdentity`). */
  readonly balancer?: string;
  /** The identity of the scheduler policy in force, when one was set (see `policyIdentity`). */
  readonly scheduler?: string;
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

/**
 * The schema of a trace file (and of a saved failure, the same format):
 * its fields, the config (CONFIG_SCHEMA), each op (any op's schema, then
 * checked against the trace's own config), the faults of `catalogue` and
 * a property of this hvspec. schema/trace.schema.json is generated from it.
 */
export function traceSchema(catalogue: readonly Fault[], properties: readonly string[] = []) {
  const faultNames = new Set(catalogue.map((f) => f.name));
  const own = new Set(properties);
  return z
    .strictObject({
      format: z.literal(TRACE_FORMAT).describe('Always "hvspec-trace".'),
      version: z.literal(TRACE_VERSION).describe('The trace format version.'),
      engine: z.enum(['random', 'explore', 'swarm']).describe('The engine that found the trace.'),
      property: z
        .string()
        .refine((p) => propertyByName(p) !== undefined || own.has(p))
        .describe('The invariant, goal or liveness property the trace violates.'),
      message: z.string().describe("The property's message when the trace was recorded."),
      config: CONFIG_SCHEMA,
      faults: z.array(z.string().refine((f) => faultNames.has(f))).describe('The faults switched on (`hvspec faults` lists them).'),
      seed: z.number().int().optional().describe("The random engine's seed."),
      path: z.string().optional().describe('The fast-check path of the run.'),
      shrinks: z.number().int().optional().describe('Shrinking steps taken.'),
      balancer: z
        .string()
        .regex(/^[0-9a-f]{16}$/)
        .optional()
        .describe('The identity of the balancer policy in force (16 hex digits of its source), when one was set.'),
      scheduler: z
        .string()
        .regex(/^[0-9a-f]{16}$/)
        .optional()
        .describe('The identity of the scheduler policy in force (16 hex digits of its source), when one was set.'),
      ops: z.array(ANY_OP_SCHEMA).describe('The ops, in order, each within the bounds of the config.'),
    })
    .superRefine(
      (t, ctx) => {
        // Each op against the trace's own config, once the config and the list are valid.
        if (ctx.issues.some((i) => i.path?.[0] === 'config' || (i.path?.[0] === 'ops' && i.path.length === 1))) return;
        const cfg = validateConfig(t.config);
        if (!cfg.ok || !Array.isArray(t.ops)) return;
        t.ops.forEach((o, i) => {
          const v = validateOp(cfg.config, o);
          if (!v.ok) ctx.addIssue({ code: 'custom', path: ['ops', i], message: v.error.message });
        });
      },
      { when: (p) => typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value) },
    )
    .describe('An hvspec trace: a counterexample saved by `hvspec check` or `hvspec explore`, rerun by `hvspec replay`.');
}

/** The order problems are named in: the first kind found is the one reported. */
const REPORT_ORDER = ['', 'format', 'version', 'engine', 'property', 'message', 'config', 'faults', 'seed', 'shrinks', 'path', 'balancer', 'scheduler', 'ops', 'unknown field', 'property name'];

/** Which of REPORT_ORDER an issue is. */
function kindOf(i: z.core.$ZodIssue): string {
  if (i.code === 'unrecognized_keys' && i.path.length === 0) return 'unknown field';
  if (i.path.length === 0) return '';
  if (i.path[0] === 'property' && i.code === 'custom') return 'property name';
  return String(i.path[0]);
}

/** The one-line problem of a trace that failed its schema. */
function traceProblem(raw: unknown, issues: readonly z.core.$ZodIssue[]): string {
  const rank = (i: z.core.$ZodIssue): number => REPORT_ORDER.indexOf(kindOf(i));
  const first = [...issues].sort((a, b) => rank(a) - rank(b) || Number(a.path[1] ?? 0) - Number(b.path[1] ?? 0))[0]!;
  const field = (k: string): unknown => (typeof raw === 'object' && raw !== null && Object.hasOwn(raw, k) ? (raw as Record<string, unknown>)[k] : undefined);
  const kind = kindOf(first);
  const got = excerpt(field(kind === 'property name' ? 'property' : kind));
  switch (kind) {
    case '':
      return `a trace must be a JSON object, got ${excerpt(raw)}`;
    case 'format':
      return `not an hvspec trace (format is ${got}, expected "${TRACE_FORMAT}")`;
    case 'version':
      return `unsupported trace version ${got} (this hvspec reads version ${TRACE_VERSION})`;
    case 'engine':
      return `"engine" must be "random" or "explore", got ${got}`;
    case 'config': {
      const inConfig = issues.filter((i) => i.path[0] === 'config').map((i) => ({ ...i, path: i.path.slice(1) }));
      return `its config is invalid: ${joinProblems(problemLines(inConfig))}`;
    }
    case 'faults': {
      const f = field('faults');
      if (first.code === 'custom' && Array.isArray(f)) return `unknown fault ${excerpt(f[first.path[1] as number])}`;
      return `"faults" must be a list of fault names, got ${got}`;
    }
    case 'balancer':
      return `"balancer" must be 16 hex digits, got ${got}`;
    case 'scheduler':
      return `"scheduler" must be 16 hex digits, got ${got}`;
    case 'seed':
    case 'shrinks':
      return `"${kind}" must be an integer, got ${got}`;
    case 'ops':
      return first.path.length === 1 ? `"ops" must be a list, got ${got}` : `op ${Number(first.path[1]) + 1}: ${opProblem(first, raw)}`;
    case 'unknown field':
      return `unknown field ${excerpt((first as z.core.$ZodIssueUnrecognizedKeys).keys[0], 40)}`;
    case 'property name':
      return `unknown property ${got}: the trace must name an invariant, goal or liveness property of this hvspec or of the config module (--config)`;
    default:
      return `"${kind}" must be a string, got ${got}`;
  }
}

/** An op's problem: against the trace's config when it is valid (its ops were then checked against it), else the op's shape. */
function opProblem(issue: z.core.$ZodIssue, raw: unknown): string {
  if (issue.code === 'custom') return issue.message;
  const cfg = validateConfig((raw as { config?: unknown }).config);
  const op = ((raw as { ops: unknown[] }).ops)[issue.path[1] as number];
  const v = validateOp(cfg.ok ? cfg.config : DEFAULT_CONFIG, op);
  return v.ok ? `malformed op ${excerpt(op)}` : v.error.message;
}

/** The trace schema of each fault catalogue and list of extra property names, built once. */
const SCHEMAS = new WeakMap<readonly Fault[], Map<string, ReturnType<typeof traceSchema>>>();

/** Parses and checks a trace file's text against the known faults and properties (the built-in ones and `properties`, a config module's); the first problem is a TraceError. */
export function decodeTrace(text: string, faults: readonly Fault[], properties: readonly string[] = []): TraceFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new TraceError(`not JSON: ${cut(escapeUnsafe((e as Error).message), 2 * EXCERPT_MAX)}`);
  }
  let byProps = SCHEMAS.get(faults);
  if (!byProps) SCHEMAS.set(faults, (byProps = new Map()));
  const key = JSON.stringify(properties);
  let schema = byProps.get(key);
  if (!schema) byProps.set(key, (schema = traceSchema(faults, properties)));
  const r = schema.safeParse(raw);
  if (!r.success) throw new TraceError(traceProblem(raw, r.error.issues));
  const t = raw as TraceFile;
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    engine: t.engine,
    property: t.property,
    message: t.message,
    config: { ...DEFAULT_CONFIG, ...t.config },
    faults: t.faults,
    ...(t.seed !== undefined ? { seed: t.seed } : {}),
    ...(t.path !== undefined ? { path: t.path } : {}),
    ...(t.shrinks !== undefined ? { shrinks: t.shrinks } : {}),
    ...(t.balancer !== undefined ? { balancer: t.balancer } : {}),
    ...(t.scheduler !== undefined ? { scheduler: t.scheduler } : {}),
    ops: t.ops,
  };
}
