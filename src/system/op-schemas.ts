/**
 * The field vocabulary of op arguments (OpFields): the fields an op can
 * carry and the values each may take, checked against a config (partition
 * ids, VP and logical processor counts, GPA spaces), or against the
 * largest config allows when no config is given (the ops of
 * schema/trace.schema.json). Each op record (models/<mechanism>/ops.ts)
 * builds its argument schema from these fields.
 *
 * A schema only decides; the message that names a bad field is the
 * field's (see validate-op.ts), so one field reads the same in every op.
 */
import { GVA_BASE } from '../substrate/page-table.js';
import { z } from 'zod';
import { type Config, CONFIG_MAX } from './config.js';
import { SINT_COUNT } from '../substrate/synic.js';
import { ROOT } from '../substrate/ids.js';


/** Calls a `childHypercall` op may name. */
export const CHILD_CALLS = ['CreatePartition', 'MapGpaPages'] as const;

/** Parent-only hypercalls a child partition may try to make (the op names the caller). */
export type ChildCall = (typeof CHILD_CALLS)[number];

/** The largest 32-bit unsigned value. */
export const U32 = 0xffffffff;

/** The largest argument each guest instruction encodes: CPUID leaf, MSR index, I/O port, exception vector. */
export const INSTR_ARG_MAX = new Map<string, number>([
  ['cpuid', U32],
  ['rdmsr', U32],
  ['wrmsr', U32],
  ['in', 0xffff],
  ['out', 0xffff],
  ['exception', 31],
]);
/** The guest instructions an op can name. */
export const INSTRUCTIONS = ['cpuid', 'rdmsr', 'wrmsr', 'in', 'out', 'exception'] as const;

/** The largest logical processor count and I/Os in flight a config allows (their bounds in CONFIG_SCHEMA). */
const LPS_MAX = 64;
const IOS_MAX = 16;

/** Dynamic Memory ops that name a partition: it must be configured for Dynamic Memory. */
export const DM_PID_OPS: ReadonlySet<string> = new Set(['dmStart', 'dmDeliver', 'dmSettle', 'dmGuestWork', 'dmBalloon', 'dmUnballoon', 'dmHotAdd', 'dmCommit', 'dmDecommit']);

/** The child partition `pid` of `config`, by own id only. */
export const childOf = (config: Config, pid: unknown): Config['partitions'][number] | undefined => config.partitions.find((p) => p.id === pid);

/** The largest guest's GPA space (ranges that depend on the running guest take the largest's). */
export const largestGpaSpace = (config: Config): number => Math.max(0, ...config.partitions.map((p) => p.gpaPages));

/**
 * The most pages one op of `type` on the partition `pid` can move, whatever
 * the state: the machine's frames for DepositMemory and WithdrawMemory; the
 * commit limit (visible memory plus a page file as large as the GPA space)
 * for the guest's workload; the GPA space for the others.
 */
export function maxPages(config: Config, type: string, pid: unknown): number {
  if (type === 'depositMemory' || type === 'withdrawMemory') return config.frames;
  const gpa = childOf(config, pid)?.gpaPages ?? 0;
  return type === 'dmCommit' || type === 'dmDecommit' ? 2 * gpa : gpa;
}

/** The VPs of partition `pid` (the root's included). */
export const vpsOf = (config: Config, pid: unknown): number => (pid === ROOT ? config.rootVps : (childOf(config, pid)?.vps ?? 0));

/** Ops that may name the root partition's VPs. */
const ROOT_VP_OPS: ReadonlySet<string> = new Set(['dispatchVp', 'suspendVp', 'resumeVp']);

/** A whole number from `min` to `max`. */
const nat = (min: number, max: number) => z.number().int().min(min).max(max);

/** One of `values` (none: nothing fits; without a config: any string). */
const oneOf = (values: readonly string[] | undefined) => (values === undefined ? z.string() : z.string().refine((v) => values.includes(v)));

/**
 * The field vocabulary of one op type, against `config` (or against the
 * largest config without one). Each op's schema is built from these.
 */
export class OpFields<T extends string = string> {
  constructor(
    readonly type: T,
    readonly config: Config | undefined,
  ) {}

  private get ids(): string[] | undefined {
    return this.config?.partitions.map((p) => p.id);
  }

  /** A child partition, or also the root for the ops that schedule the root's VPs. */
  pid() {
    const ids = this.ids;
    return oneOf(ids && ROOT_VP_OPS.has(this.type) ? [ROOT, ...ids] : ids).describe('a child partition id from the config');
  }
  /** Who makes a call: the root or a child (childHypercall: a child). */
  caller() {
    const ids = this.ids;
    return oneOf(ids && (this.type === 'childHypercall' ? ids : [ROOT, ...ids])).describe('"root" or a child partition id');
  }
  /** A page count (its upper bound depends on the partition: checked with the op). */
  pages() {
    return nat(1, this.config ? Math.max(this.config.frames, 2 * largestGpaSpace(this.config)) : 2 * CONFIG_MAX.frames);
  }
  /** A guest physical page (rootAccess: a frame of the root; submitIo: within the largest guest's space; else the partition's, checked with the op). */
  gpa() {
    const c = this.config;
    const limit = !c ? CONFIG_MAX.frames : this.type === 'rootAccess' ? c.frames : this.type === 'submitIo' ? largestGpaSpace(c) : Math.max(c.frames, largestGpaSpace(c));
    return nat(0, limit - 1);
  }
  /** An access mask of MapGpaPages. */
  access() {
    return nat(0, 15);
  }
  /** A logical processor of the config. */
  lp() {
    return nat(0, (this.config?.logicalProcessors ?? LPS_MAX) - 1);
  }
  /** A VP number (its bound depends on the partition: checked with the op). */
  vp() {
    return nat(0, CONFIG_MAX.vps - 1);
  }
  /** A guest virtual page below the largest guest's address space. */
  gva() {
    return nat(0, GVA_BASE + (this.config ? largestGpaSpace(this.config) : CONFIG_MAX.gpaPages) - 1);
  }
  /** A synthetic I/O id (the lowest free ones, so below the number in flight). */
  io() {
    return nat(0, (this.config?.maxIosInFlight ?? IOS_MAX) - 1);
  }
  /** A SynIC SINT. */
  sint() {
    return nat(0, SINT_COUNT - 1);
  }
  /** A 32-bit unsigned hypercall argument (range checks are the hypercall's: it answers INVALID_PARAMETER). */
  u32() {
    return nat(0, U32);
  }
  /** A boolean. */
  bool() {
    return z.boolean();
  }

  /**
   * The op's schema: `type` and exactly `shape`, then the checks that tie
   * one field to another (the partition's VPs, GPA space and page counts,
   * Dynamic Memory, the instruction's argument), each run when the fields
   * it reads are valid.
   */
  op<S extends z.core.$ZodLooseShape>(shape: S) {
    const c = this.config;
    const type = this.type;
    const base = z.strictObject({ type: z.literal(type), ...shape });
    if (!c) return base;
    return base.superRefine(
      (o: Record<string, unknown>, ctx) => {
        // A field is valid when it is the op's and its own check raised nothing.
        const ok = (k: string): boolean => Object.hasOwn(shape, k) && !ctx.issues.some((i) => i.path?.[0] === k);
        const bad = (k: string): void => ctx.addIssue({ code: 'custom', path: [k], message: k });
        if (ok('pid') && ok('vp') && (o.vp as number) >= vpsOf(c, o.pid)) bad('vp');
        if (ok('pid') && ok('pages') && (o.pages as number) > maxPages(c, type, o.pid)) bad('pages');
        if (ok('pid') && ok('gpa') && (type === 'mapGpaPages' || type === 'unmapGpaPages') && (o.gpa as number) >= (childOf(c, o.pid)?.gpaPages ?? 0)) bad('gpa');
        if (ok('pid') && DM_PID_OPS.has(type) && !childOf(c, o.pid)?.dynamicMemory) bad('pid');
        if (ok('instr') && ok('arg') && (o.arg as number) > INSTR_ARG_MAX.get(o.instr as string)!) bad('arg');
      },
      { when: (p) => typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value) },
    );
  }
}
