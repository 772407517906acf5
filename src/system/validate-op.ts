/**
 * Checking an untrusted op (from a trace file or the public API) against a
 * config with its schema: a typed error naming the first bad field and the
 * values it may take, never a crash or a clamp. Each kind's schema is its
 * record's `args`, built from the field vocabulary (op-schemas.ts) for the
 * config, with the checks that tie one field to another (`OpFields.op`).
 */
import { z } from 'zod';
import type { Config } from './config.js';
import { type Op, type OpType, OP_TYPES, OP_RECORDS, isOpType } from './op-registry.js';
import { INTERCEPT_KINDS } from '../../models/intercept/instructions.js';
import { SINT_COUNT } from '../substrate/synic.js';
import { ROOT } from '../substrate/ids.js';
import { excerpt } from '../input/excerpt.js';
import { GVA_BASE } from '../substrate/page-table.js';
import { OpFields, type FieldKinds, CHILD_CALLS, INSTR_ARG_MAX, childOf, largestGpaSpace, maxPages, vpsOf } from './op-schemas.js';

/** Every op kind's schema, built for one config (or for none). */
export type OpSchemaTable = ReadonlyMap<string, z.ZodType<Op>>;

/** The schemas of every op kind against `config` (or against the largest config allows), from each record's `args`. */
export function opSchemas(config: Config | undefined): OpSchemaTable {
  const out = new Map<string, z.ZodType<Op>>();
  for (const type of OP_TYPES) {
    const f = new OpFields(type, config);
    out.set(type, f.op(argsOf(type)(f)) as unknown as z.ZodType<Op>);
  }
  return out;
}

/** The record's `args` of an op kind. */
const argsOf = (type: OpType) => OP_RECORDS[type].args as (f: OpFields) => z.core.$ZodLooseShape;

/** The variant each field of each op kind is built with (which partitions its pid may name, what bounds its pages...). */
const FIELD_KINDS: ReadonlyMap<string, FieldKinds> = new Map(
  OP_TYPES.map((type) => {
    const f = new OpFields(type, undefined);
    argsOf(type)(f);
    return [type, f.kinds];
  }),
);

/** The schema of any op, without a config (for the JSON Schema of trace files). */
export const ANY_OP_SCHEMA = z.discriminatedUnion('type', [...opSchemas(undefined).values()] as unknown as [z.ZodObject, ...z.ZodObject[]]);

/** An op that is malformed for the config it is applied to. */
export class OpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpError';
  }
}

/** A field of an op, as the schemas name them. */
type Field = 'pid' | 'pages' | 'gpa' | 'access' | 'lp' | 'vp' | 'gva' | 'write' | 'caller' | 'kind' | 'target' | 'mask' | 'instr' | 'arg' | 'call' | 'to' | 'io' | 'sint';

/** The fields each op type carries (besides `type`), in the order they are checked: read from its schema. */
export const OP_FIELDS: Record<OpType, readonly Field[]> = Object.fromEntries(
  [...opSchemas(undefined)].map(([type, s]) => [type, Object.keys((s as unknown as { shape: object }).shape).filter((k) => k !== 'type')]),
) as unknown as Record<OpType, readonly Field[]>;

/** The field `k` of `o`, own properties only. */
const own = (o: object, k: string): unknown => (Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);

/**
 * What field `f` of an op of `type` must be, and what it is: one message
 * per field, whichever of its checks failed.
 */
function fieldMessage(f: Field, type: OpType, o: object, config: Config): string {
  const kinds = FIELD_KINDS.get(type)!;
  const v = own(o, f);
  const got = excerpt(v);
  const pid = own(o, 'pid');
  const ids = config.partitions.map((p) => p.id);
  const isNat = typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  switch (f) {
    case 'pid':
      if (typeof pid === 'string' && childOf(config, pid) && kinds.pid === 'dynamicMemory') return `${type}: partition "${pid}" is not configured for Dynamic Memory`;
      return `${type}: unknown partition ${got} (expected one of ${(kinds.pid === 'childOrRoot' ? [ROOT, ...ids] : ids).join(', ') || 'none'})`;
    case 'write':
      return `${type}: "write" must be true or false, got ${got}`;
    case 'to':
      return `${type}: "to" must be "host" or "guest", got ${got}`;
    case 'pages': {
      if (!isNat || v < 1) return `${type}: "pages" must be a positive integer, got ${got}`;
      const of = kinds.pages === 'frames' ? `the config's frames` : `for ${excerpt(pid, 20).replace(/^"|"$/g, '')}, whose gpaPages is ${childOf(config, pid)?.gpaPages}`;
      return `${type}: "pages" must be at most ${maxPages(config, kinds.pages!, pid)} (${of}), got ${got}`;
    }
    case 'access':
      return `${type}: "access" must be an integer mask within 0..15, got ${got}`;
    case 'lp':
      return `${type}: no logical processor ${got} (the config has ${config.logicalProcessors})`;
    case 'sint':
      return `${type}: "sint" must be an integer from 0 to ${SINT_COUNT - 1}, got ${got}`;
    case 'vp': {
      const n = vpsOf(config, pid);
      return `${type}: ${excerpt(pid, 20).replace(/^"|"$/g, '')} has no vp ${got} (it has ${n} VP${n === 1 ? '' : 's'}, numbered from 0)`;
    }
    case 'gpa': {
      const largest = largestGpaSpace(config);
      const what =
        kinds.gpa === 'root'
          ? `the root's GPA space (frames ${config.frames})`
          : kinds.gpa === 'anyGuest'
            ? `the largest guest's GPA space (gpaPages ${largest})`
            : `${excerpt(pid, 20).replace(/^"|"$/g, '')}'s GPA space (gpaPages ${childOf(config, pid)?.gpaPages})`;
      return `${type}: "gpa" must be an integer page number within ${what}, got ${got}`;
    }
    case 'gva':
      return `${type}: "gva" must be an integer page number below 0x${(GVA_BASE + largestGpaSpace(config)).toString(16)} (the largest guest's address space), got ${got}`;
    case 'io':
      return `${type}: no io ${got} (the config allows ${config.maxIosInFlight} in flight, numbered from 0)`;
    case 'caller':
      if (kinds.caller === 'child' && v === ROOT) return `${type}: the caller must be a child partition (${ids.join(', ') || 'none'}), got "root"`;
      return `${type}: unknown caller ${got} (the root or one of ${ids.join(', ') || 'none'})`;
    case 'kind':
      return `${type}: "kind" must be one of ${INTERCEPT_KINDS.join(', ')}, got ${got}`;
    case 'call':
      return `${type}: "call" must be one of ${CHILD_CALLS.join(', ')}, got ${got}`;
    case 'target':
    case 'mask':
      return `${type}: "${f}" must be a 32-bit unsigned integer, got ${got}`;
    case 'instr':
      return `${type}: "instr" must be one of ${[...INSTR_ARG_MAX.keys()].join(', ')}, got ${got}`;
    case 'arg': {
      const instr = own(o, 'instr');
      const max = typeof instr === 'string' ? (INSTR_ARG_MAX.get(instr) ?? 0) : 0;
      return `${type}: "arg" of ${excerpt(instr, 20).replace(/^"|"$/g, '')} must be an integer within 0..0x${max.toString(16)}, got ${got}`;
    }
  }
}

/** Each config's op schemas, by the config object (the step of a run checks every op against the same one). */
const SCHEMAS = new WeakMap<Config, OpSchemaTable>();

/** Op schema tables kept by content, most recently used last: a config parsed anew (each saved failure read) reuses its table. */
const BY_CONTENT = new Map<string, OpSchemaTable>();

/** How many op schema tables are kept by content. */
const KEPT_BY_CONTENT = 16;

/** The op schemas of `config`, built once per config object and per content. */
function schemasOf(config: Config): OpSchemaTable {
  const mine = SCHEMAS.get(config);
  if (mine) return mine;
  const key = JSON.stringify(config);
  let table = BY_CONTENT.get(key);
  if (table) BY_CONTENT.delete(key);
  else table = opSchemas(config);
  BY_CONTENT.set(key, table);
  if (BY_CONTENT.size > KEPT_BY_CONTENT) BY_CONTENT.delete(BY_CONTENT.keys().next().value!);
  SCHEMAS.set(config, table);
  return table;
}

/** Checks that `raw` is a well-formed op for `config`. */
export function validateOp(config: Config, raw: unknown): { ok: true; op: Op } | { ok: false; error: OpError } {
  const fail = (m: string) => ({ ok: false as const, error: new OpError(m) });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(`an op must be an object, got ${excerpt(raw)}`);
  const type = own(raw, 'type');
  if (!isOpType(type)) return fail(`unknown op type ${excerpt(type)}`);
  const r = schemasOf(config).get(type)!.safeParse(raw);
  if (r.success) return { ok: true, op: raw as Op };
  const t: OpType = type;
  const fields = OP_FIELDS[t];
  const unknown = r.error.issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown) return fail(`${t} has no field ${excerpt(unknown.keys[0], 40)}`);
  // The first bad field in the op's order: a missing one is named as such.
  const bad = new Set(r.error.issues.map((i) => i.path[0]));
  const f = fields.find((k) => bad.has(k));
  if (f === undefined) return fail(`${t}: malformed op ${excerpt(raw)}`);
  if (!Object.hasOwn(raw, f)) return fail(`${t} needs "${f}"`);
  return fail(fieldMessage(f, t, raw, config));
}
