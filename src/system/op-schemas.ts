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


/**
 * Calls a `childHypercall` op may name: every parent-only hypercall
 * (`PARENT_ONLY`) but InstallIntercept, which a child tries through the
 * `installIntercept` op (it names its caller).
 */
export const CHILD_CALLS = [
  'CreatePartition',
  'MapGpaPages',
  'InitializePartition',
  'FinalizePartition',
  'DeletePartition',
  'DepositMemory',
  'WithdrawMemory',
  'UnmapGpaPages',
  'CreateVp',
] as const;

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

/** Which partitions a `pid` field may name: a child, a child or the root (the ops that schedule the root's VPs), or a child configured for Dynamic Memory. */
export type PidKind = 'child' | 'childOrRoot' | 'dynamicMemory';

/** Who may be named as making a call: the root or a child, or only a child. */
export type CallerKind = 'rootOrChild' | 'child';

/**
 * What bounds a `pages` field on its partition, whatever the state: the
 * machine's frames (DepositMemory, WithdrawMemory), the partition's GPA
 * space, or its commit limit (visible memory plus a page file as large as
 * the GPA space: the guest's workload).
 */
export type PagesLimit = 'frames' | 'gpaSpace' | 'commitLimit';

/** Which address space a `gpa` field lies in: its partition's, the root's (a frame), or the largest guest's (a running guest's, unknown until it runs). */
export type GpaSpace = 'partition' | 'root' | 'anyGuest';

/** The variant each field of one op kind was built with (what its config-dependent checks and messages depend on). */
export interface FieldKinds {
  pid?: PidKind;
  caller?: CallerKind;
  pages?: PagesLimit;
  gpa?: GpaSpace;
}

/** The child partition `pid` of `config`, by own id only. */
export const childOf = (config: Config, pid: unknown): Config['partitions'][number] | undefined => config.partitions.find((p) => p.id === pid);

/** The largest guest's GPA space (ranges that depend on the running guest take the largest's). */
export const largestGpaSpace = (config: Config): number => Math.max(0, ...config.partitions.map((p) => p.gpaPages));

/** The most pages one op whose `pages` field is bounded by `limit` can move on the partition `pid`, whatever the state (see `PagesLimit`). */
export function maxPages(config: Config, limit: PagesLimit, pid: unknown): number {
  if (limit === 'frames') return config.frames;
  const gpa = childOf(config, pid)?.gpaPages ?? 0;
  return limit === 'commitLimit' ? 2 * gpa : gpa;
}

/** The VPs of partition `pid` (the root's included). */
export const vpsOf = (config: Config, pid: unknown): number => (pid === ROOT ? config.rootVps : (childOf(config, pid)?.vps ?? 0));

/** A whole number from `min` to `max`. */
const nat = (min: number, max: number) => z.number().int().min(min).max(max);

/** One of `values` (none: nothing fits; without a config: any string). */
const oneOf = (values: readonly string[] | undefined) => (values === undefined ? z.string() : z.string().refine((v) => values.includes(v)));

/**
 * The field vocabulary of one op type, against `config` (or against the
 * largest config without one). Each op record's `args` is built from these;
 * a field that depends on the op (which partitions `pid` may name, what
 * bounds `pages`, which space `gpa` lies in) says so in its argument, and
 * `kinds` remembers it for the checks and messages.
 */
export class OpFields<T extends string = string> {
  /** The variant each field was built with. */
  readonly kinds: FieldKinds = {};

  constructor(
    readonly type: T,
    readonly config: Config | undefined,
  ) {}

  private get ids(): string[] | undefined {
    return this.config?.partitions.map((p) => p.id);
  }

  /** A partition: a child (the default), a child or the root, or a child configured for Dynamic Memory (checked with the op). */
  pid(kind: PidKind = 'child') {
    this.kinds.pid = kind;
    const ids = this.ids;
    return oneOf(ids && kind === 'childOrRoot' ? [ROOT, ...ids] : ids).describe('a child partition id from the config');
  }
  /** Who makes a call: the root or a child (the default), or only a child. */
  caller(kind: CallerKind = 'rootOrChild') {
    this.kinds.caller = kind;
    const ids = this.ids;
    return oneOf(ids && (kind === 'child' ? ids : [ROOT, ...ids])).describe('"root" or a child partition id');
  }
  /** A page count, bounded by `limit` on the op's partition (checked with the op). */
  pages(limit: PagesLimit) {
    this.kinds.pages = limit;
    return nat(1, this.config ? Math.max(this.config.frames, 2 * largestGpaSpace(this.config)) : 2 * CONFIG_MAX.frames);
  }
  /** A guest physical page of `space` (a partition's is checked with the op). */
  gpa(space: GpaSpace) {
    this.kinds.gpa = space;
    const c = this.config;
    const limit = !c ? CONFIG_MAX.frames : space === 'root' ? c.frames : space === 'anyGuest' ? largestGpaSpace(c) : Math.max(c.frames, largestGpaSpace(c));
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
    const kinds = this.kinds;
    const base = z.strictObject({ type: z.literal(this.type), ...shape });
    if (!c) return base;
    return base.superRefine(
      (o: Record<string, unknown>, ctx) => {
        // A field is valid when it is the op's and its own check raised nothing.
        const ok = (k: string): boolean => Object.hasOwn(shape, k) && !ctx.issues.some((i) => i.path?.[0] === k);
        const bad = (k: string): void => ctx.addIssue({ code: 'custom', path: [k], message: k });
        if (ok('pid') && ok('vp') && (o.vp as number) >= vpsOf(c, o.pid)) bad('vp');
        if (ok('pid') && ok('pages') && (o.pages as number) > maxPages(c, kinds.pages!, o.pid)) bad('pages');
        if (ok('pid') && ok('gpa') && kinds.gpa === 'partition' && (o.gpa as number) >= (childOf(c, o.pid)?.gpaPages ?? 0)) bad('gpa');
        if (ok('pid') && kinds.pid === 'dynamicMemory' && !childOf(c, o.pid)?.dynamicMemory) bad('pid');
        if (ok('instr') && ok('arg') && (o.arg as number) > INSTR_ARG_MAX.get(o.instr as string)!) bad('arg');
      },
      { when: (p) => typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value) },
    );
  }
}
