/**
 * The configuration of a simulated host, and its validation by one
 * declared schema (CONFIG_SCHEMA, also the source of
 * schema/config.schema.json).
 *
 * `validateConfig` never throws on bad input and never clamps: it returns
 * every problem it finds, one per field, so a user fixes a config in one pass.
 */
import { FRAMES_PER_LARGE_PAGE } from '../substrate/memory.js';
import { MESSAGE_QUEUE_DEPTH } from '../substrate/synic.js';
import type { DmTuning } from '../dynamic-memory/tuning.js';
import { DEFAULT_DM_TUNING } from '../dynamic-memory/tuning.js';
import { VERSION_SEQUENCE, versionName } from '../../models/dynamic-memory/messages.js';
import { z } from 'zod';
import { excerpt } from '../input/excerpt.js';
import { problemLines } from '../input/issues.js';
import { ROOT } from '../substrate/ids.js';

/** Dynamic Memory settings of one child partition (model pages; see src/dynamic-memory/tuning.ts for the scale). */
export interface DynamicMemoryConfig {
  /** Pages the guest boots with (its startup memory). */
  readonly startupPages: number;
  /** The least memory the balancer leaves it (visible minus ballooned). */
  readonly minPages: number;
  /** The most memory it may become visible (at most gpaPages). */
  readonly maxPages: number;
  /** Memory buffer in percent of committed memory (default 20). */
  readonly bufferPercent?: number;
  /** Memory weight (default 5000, as Hyper-V's default). */
  readonly weight?: number;
  /** Pages the guest OS has committed at boot (default: a quarter of startup). */
  readonly committedPages?: number;
  /** The guest driver may hot-add (default true). */
  readonly hotAdd?: boolean;
  /** Newest protocol version the host accepts: "2.0" (default), "1.0", "0.3" or "none". */
  readonly hostVersion?: '2.0' | '1.0' | '0.3' | 'none';
  /** The host declines the guest's capabilities report (is_accepted = 0), so the driver ends in INIT_ERROR (default false). */
  readonly hostDeclinesCapabilities?: boolean;
}

/** One child partition of the configuration. */
export interface ChildConfig {
  /** Id, for example `p1`. Must not be `root`. */
  readonly id: string;
  /** Virtual processors created by InitializePartition (at most `CONFIG_MAX.vps`). */
  readonly vps: number;
  /** Size of the guest physical address space, in pages (at most `CONFIG_MAX.gpaPages`). */
  readonly gpaPages: number;
  /** Run this guest with Dynamic Memory (absent: static memory, no Dynamic Memory ops). */
  readonly dynamicMemory?: DynamicMemoryConfig;
  /**
   * The guest is hostile (default false): besides what its honest drivers do, it may put any Dynamic Memory message
   * the wire format allows on its channel, in any state, and write any value into the ring indices it controls.
   */
  readonly hostile?: boolean;
}

/** A simulated host. */
export interface Config {
  /** Machine memory, in 4 KiB frames (at most `CONFIG_MAX.frames`). */
  readonly frames: number;
  /** Frames the hypervisor reserves for itself at boot (the lowest ones). */
  readonly hypervisorFrames: number;
  /** Frames the root holds (identity mapped) at boot; the rest start on the free list. */
  readonly rootFrames: number;
  /**
   * Group frames into 2 MiB runs of 512 (frames must then be a multiple of 512):
   * MapGpaPages then backs whole runs with whole free runs before using 4 KiB frames.
   */
  readonly largePages: boolean;
  /** Virtual processors of the root partition (the root always exists and is Active). */
  readonly rootVps: number;
  /** Logical processors. */
  readonly logicalProcessors: number;
  /** TLB capacity per logical processor, in entries. */
  readonly tlbEntries: number;
  /**
   * The TLB discipline: `purge-on-switch` (absent: the default) purges the
   * previous VM's entries on a VM switch; `tagged` keeps them under
   * hardware tags (Intel VPID, AMD ASID), `tlbTags` per logical processor,
   * recycled when exhausted, with a shootdown on every SLAT unmap.
   */
  readonly tlbDiscipline?: 'purge-on-switch' | 'tagged';
  /** Hardware tags per logical processor under the tagged discipline (absent: 2). */
  readonly tlbTags?: number;
  /** Most pages one DepositMemory, WithdrawMemory, MapGpaPages or UnmapGpaPages moves in generated runs. */
  readonly maxPagesPerCall: number;
  /** Synthetic I/Os in flight per child partition at most (bounds the state space; 1 for exhaustive exploration). */
  readonly maxIosInFlight: number;
  /** Control messages the root may have outstanding per child partition at most (2 lets a SINT slot overflow). */
  readonly maxMessagesOutstanding: number;
  /** The child partitions the root may create. */
  readonly partitions: readonly ChildConfig[];
  /** Scale and timers of the Dynamic Memory model (defaults in src/dynamic-memory/tuning.ts). */
  readonly dynamicMemoryTuning?: Partial<DmTuning>;
  /**
   * How the host takes memory back from its Dynamic Memory guests:
   * `balloon` (Hyper-V, the default: only the guest chooses, through its
   * balloon) or `balloon+swap` (VMware ESX: under acute shortage the
   * hypervisor also swaps out pages of a guest it picks to a swap file).
   */
  readonly reclaim?: ReclaimMode;
  /** The hypervisor's swapping when `reclaim` is `balloon+swap` (defaults in models/hypervisor-swap/idle-tax.ts). */
  readonly hypervisorSwap?: HypervisorSwapConfig;
}

/** The host's reclaim mechanism: ballooning only (Hyper-V) or ballooning plus hypervisor swapping (VMware ESX). */
export type ReclaimMode = 'balloon' | 'balloon+swap';

/** Settings of hypervisor swapping (`reclaim: "balloon+swap"`). */
export interface HypervisorSwapConfig {
  /** The idle memory tax rate, in percent (Waldspurger's tau; default 75). */
  readonly idleTaxPercent?: number;
  /** Acute shortage: the hypervisor swaps while fewer frames than this are free (default 2). */
  readonly swapBelowFrames?: number;
}

/** The built-in default: the root, three children, two logical processors, 384 frames. */
export const DEFAULT_CONFIG: Config = {
  frames: 384,
  hypervisorFrames: 32,
  rootFrames: 96,
  largePages: false,
  rootVps: 1,
  logicalProcessors: 2,
  tlbEntries: 8,
  maxPagesPerCall: 4,
  maxIosInFlight: 3,
  maxMessagesOutstanding: 2,
  partitions: [
    { id: 'p1', vps: 2, gpaPages: 16 },
    { id: 'p2', vps: 1, gpaPages: 16 },
    { id: 'p3', vps: 1, gpaPages: 16 },
  ],
};

/** A configuration that is not valid, with every problem found. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid config: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The largest accepted sizes. They keep one generated run (40 ops) well
 * under a second: the ops worth trying grow with the GPA space times the
 * pages per call, and every step copies and checks the frame table.
 */
export const CONFIG_MAX = {
  /** Machine memory: 16 MiB in 4 KiB frames (eight 2 MiB large pages). */
  frames: 4096,
  /** A guest's physical address space: 4 MiB. */
  gpaPages: 1024,
  /** Virtual processors of one partition, the root's included. */
  vps: 16,
  /** Pages one generated memory hypercall moves. */
  maxPagesPerCall: 64,
} as const;

/** A value as a problem quotes it: a short, escaped excerpt (numbers JSON cannot hold, 1e400 parses to Infinity, by name). */
export const showValue = (v: unknown): string => excerpt(v);

/**
 * An integer field from `min` to `max`. Its problem names the bound broken
 * (`must be at least 1, got 0`), or with `range` both bounds whatever is
 * wrong (`must be an integer from 1 to 16, got 0`).
 */
function int(min: number, max: number, range = false) {
  const error = (i: z.core.$ZodRawIssue): string =>
    range || i.input === undefined || typeof i.input !== 'number' || !Number.isFinite(i.input) || !Number.isInteger(i.input)
      ? range
        ? `must be an integer from ${min} to ${max}, got ${showValue(i.input)}`
        : `must be an integer, got ${showValue(i.input)}`
      : i.code === 'too_small'
        ? `must be at least ${min}, got ${showValue(i.input)}`
        : `must be at most ${max}, got ${showValue(i.input)}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A true-or-false field. */
const flag = () => z.boolean({ error: (i) => `must be true or false, got ${showValue(i.input)}` });

/** An object field (its fields are checked on their own). */
const object = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape, { error: (i) => `must be an object, got ${showValue(i.input)}` });

const HOST_VERSIONS = ['none', ...VERSION_SEQUENCE.map(versionName)] as ['none', '2.0', '1.0', '0.3'];

/** The largest Dynamic Memory tuning value. */
const TUNING_MAX = 1 << 20;

/** One partition's `dynamicMemory` settings (bounds against the partition's own gpaPages are checked with the partition). */
const DYNAMIC_MEMORY_SCHEMA = object({
  startupPages: int(1, CONFIG_MAX.gpaPages, true).describe('Pages the guest boots with (its startup memory), at most gpaPages.'),
  minPages: int(1, CONFIG_MAX.gpaPages, true).describe('The least memory the balancer leaves it (visible minus ballooned), at most startupPages.'),
  maxPages: int(1, CONFIG_MAX.gpaPages, true).describe('The most memory it may become visible, from startupPages to gpaPages.'),
  bufferPercent: int(5, 2000, true).optional().describe('Memory buffer in percent of committed memory (default 20).'),
  weight: int(0, 10000, true).optional().describe("Memory weight (default 5000, as Hyper-V's default)."),
  committedPages: int(0, TUNING_MAX, true).optional().describe('Pages the guest OS has committed at boot (default: a quarter of startup).'),
  hotAdd: flag().optional().describe('The guest driver may hot-add (default true).'),
  hostVersion: z.enum(HOST_VERSIONS, { error: (i) => `must be one of ${HOST_VERSIONS.join(', ')}, got ${showValue(i.input)}` }).optional().describe('Newest protocol version the host accepts (default "2.0").'),
  hostDeclinesCapabilities: flag().optional().describe("The host declines the guest's capabilities report, so the driver ends in INIT_ERROR (default false)."),
});

/** Cross-field checks run whenever the value is an object (or a list), even with problems in some fields: they check the fields they read themselves. */
const onObject = { when: (p: { value: unknown }) => typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value) };
const onList = { when: (p: { value: unknown }) => Array.isArray(p.value) };

/** Whether `v` passes `schema` (a field's own check, for cross-field checks that need it valid). */
const valid = (schema: z.ZodType, v: unknown): boolean => schema.safeParse(v).success;

/** A partition's Dynamic Memory page counts against its gpaPages, when both are valid on their own. */
function dynamicMemoryFits(p: Record<string, unknown>, ctx: z.core.$RefinementCtx): void {
  const dm = p.dynamicMemory;
  if (!valid(PARTITION_FIELDS.gpaPages, p.gpaPages) || typeof dm !== 'object' || dm === null) return;
  const gpa = p.gpaPages as number;
  const d = dm as Record<string, unknown>;
  const counts: number[] = [];
  for (const k of ['startupPages', 'minPages', 'maxPages'] as const) {
    const v = Object.hasOwn(d, k) ? d[k] : undefined;
    // Named with the partition's own bound, whatever is wrong with it.
    if (!valid(DYNAMIC_MEMORY_SCHEMA.shape[k], v) || (v as number) > gpa) ctx.addIssue({ code: 'custom', path: ['dynamicMemory', k], message: `must be an integer from 1 to ${gpa}, got ${showValue(v)}` });
    else counts.push(v as number);
  }
  const [startup, min, max] = counts;
  if (counts.length === 3 && !(min! <= startup! && startup! <= max!))
    ctx.addIssue({ code: 'custom', path: ['dynamicMemory'], message: `needs minPages <= startupPages <= maxPages, got ${min}, ${startup}, ${max}` });
}

/** The fields of one child partition. */
const PARTITION_FIELDS = {
  id: z
    .string({ error: (i) => `must be a short lower-case name like "p1", got ${showValue(i.input)}` })
    .regex(/^[a-z][a-z0-9_-]{0,15}$/, { error: (i) => `must be a short lower-case name like "p1", got ${showValue(i.input)}` })
    .refine((id) => id !== ROOT, { error: 'must not be "root": the root partition always exists' })
    .describe('Id, for example "p1"; not "root".'),
  vps: int(1, CONFIG_MAX.vps, true).describe('Virtual processors created by InitializePartition.'),
  gpaPages: int(1, CONFIG_MAX.gpaPages, true).describe('Size of the guest physical address space, in pages.'),
  dynamicMemory: DYNAMIC_MEMORY_SCHEMA.optional().describe('Run this guest with Dynamic Memory (absent: static memory, no Dynamic Memory ops).'),
  hostile: flag().optional().describe('The guest is hostile: it may send any Dynamic Memory message in any state and write any value into the ring indices it controls (default false).'),
};

/** One child partition. */
const PARTITION_SCHEMA = object(PARTITION_FIELDS).superRefine(dynamicMemoryFits, onObject);

/** Each id once. */
function idsOnce(parts: unknown[], ctx: z.core.$RefinementCtx): void {
  const seen = new Set<string>();
  parts.forEach((p, i) => {
    const id = typeof p === 'object' && p !== null && Object.hasOwn(p, 'id') ? (p as { id: unknown }).id : undefined;
    if (!valid(PARTITION_FIELDS.id, id)) return;
    if (seen.has(id as string)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${id as string}" is used twice` });
    seen.add(id as string);
  });
}

/** The tuning overrides: each a count up to 2^20 (timers may be 0). */
const TUNING_SCHEMA = object(
  Object.fromEntries(Object.keys(DEFAULT_DM_TUNING).map((k) => [k, int(k.endsWith('Ticks') ? 0 : 1, TUNING_MAX, true).optional()])) as Record<keyof DmTuning, z.ZodOptional<z.ZodNumber>>,
);

/** The host's fields; an omitted one takes the built-in default's value. */
const CONFIG_FIELDS = {
  frames: int(1, CONFIG_MAX.frames).default(DEFAULT_CONFIG.frames).describe('Machine memory, in 4 KiB frames.'),
  hypervisorFrames: int(0, CONFIG_MAX.frames).default(DEFAULT_CONFIG.hypervisorFrames).describe('Frames the hypervisor reserves for itself at boot (the lowest ones).'),
  rootFrames: int(0, CONFIG_MAX.frames).default(DEFAULT_CONFIG.rootFrames).describe('Frames the root holds (identity mapped) at boot; the rest start on the free list.'),
  rootVps: int(0, CONFIG_MAX.vps).default(DEFAULT_CONFIG.rootVps).describe('Virtual processors of the root partition.'),
  logicalProcessors: int(1, 64).default(DEFAULT_CONFIG.logicalProcessors).describe('Logical processors.'),
  tlbEntries: int(1, 4096).default(DEFAULT_CONFIG.tlbEntries).describe('TLB capacity per logical processor, in entries.'),
  tlbDiscipline: z
    .enum(['purge-on-switch', 'tagged'], { error: (i) => `must be "purge-on-switch" or "tagged", got ${showValue(i.input)}` })
    .optional()
    .describe('The TLB discipline: purge the previous VM\'s entries on a VM switch (the default), or keep them under hardware tags (VPID/ASID).'),
  tlbTags: int(1, 64, true).optional().describe('Hardware tags (VPIDs/ASIDs) per logical processor under the tagged discipline (default 2).'),
  maxPagesPerCall: int(1, CONFIG_MAX.maxPagesPerCall).default(DEFAULT_CONFIG.maxPagesPerCall).describe('Most pages one memory hypercall moves in generated runs.'),
  maxIosInFlight: int(0, 16).default(DEFAULT_CONFIG.maxIosInFlight).describe('Synthetic I/Os in flight per child partition at most.'),
  maxMessagesOutstanding: int(0, 1 + MESSAGE_QUEUE_DEPTH).default(DEFAULT_CONFIG.maxMessagesOutstanding).describe('Control messages the root may have outstanding per child partition at most.'),
  largePages: flag().default(DEFAULT_CONFIG.largePages).describe(`Group frames into 2 MiB runs of ${FRAMES_PER_LARGE_PAGE} (frames must then be a multiple of ${FRAMES_PER_LARGE_PAGE}).`),
  partitions: z
    .array(PARTITION_SCHEMA, { error: (i) => `must be a list, got ${showValue(i.input)}` })
    .superRefine(idsOnce, onList)
    .default(DEFAULT_CONFIG.partitions.map((p) => ({ ...p })))
    .describe('The child partitions the root may create.'),
  dynamicMemoryTuning: TUNING_SCHEMA.optional().describe('Scale and timers of the Dynamic Memory model (defaults in src/dynamic-memory/tuning.ts).'),
  reclaim: z
    .enum(['balloon', 'balloon+swap'], { error: (i) => `must be "balloon" or "balloon+swap", got ${showValue(i.input)}` })
    .optional()
    .describe('How the host takes memory back: "balloon" (Hyper-V, the default) or "balloon+swap" (VMware ESX: the hypervisor also swaps guest pages to a file under acute shortage).'),
  hypervisorSwap: object({
    idleTaxPercent: int(0, 99, true).optional().describe('The idle memory tax rate tau, in percent (default 75).'),
    swapBelowFrames: int(1, CONFIG_MAX.frames, true).optional().describe('The hypervisor swaps while fewer frames than this are free (default 2).'),
  })
    .optional()
    .describe('Hypervisor swapping, when reclaim is "balloon+swap".'),
};

/** Cross-field problems, each reported only when every field it depends on is valid: one bad field, one problem. */
function configFits(c: Record<string, unknown>, ctx: z.core.$RefinementCtx): void {
  const ok = (k: keyof typeof CONFIG_FIELDS): boolean => valid(CONFIG_FIELDS[k], c[k]);
  const frames = c.frames as number;
  if (ok('frames') && ok('largePages') && c.largePages === true && frames % FRAMES_PER_LARGE_PAGE !== 0)
    ctx.addIssue({ code: 'custom', path: [], message: `largePages needs frames to be a multiple of ${FRAMES_PER_LARGE_PAGE}, got ${frames}` });
  if (ok('frames') && ok('hypervisorFrames') && ok('rootFrames')) {
    const used = (c.hypervisorFrames as number) + (c.rootFrames as number);
    if (used > frames) ctx.addIssue({ code: 'custom', path: [], message: `hypervisorFrames + rootFrames (${used}) exceed frames (${frames})` });
  }
  if (ok('frames') && Array.isArray(c.partitions) && c.partitions.length > frames)
    ctx.addIssue({ code: 'custom', path: [], message: `more partitions (${c.partitions.length}) than frames (${frames})` });
}

/**
 * The schema of a config file: every field is optional (an omitted one
 * takes the built-in default's value), unknown fields are problems, and
 * the cross-field rules are checked when their fields are valid. The
 * JSON Schema in schema/config.schema.json is generated from it.
 */
export const CONFIG_SCHEMA = z
  .strictObject(CONFIG_FIELDS, { error: (i) => `the config must be a JSON object, got ${showValue(i.input)}` })
  .superRefine(configFits, onObject)
  .describe('A simulated host for hvspec: machine memory, logical processors and the child partitions the root may create.');

/** Checks an untrusted value (parsed JSON, say) and returns a Config or a ConfigError. */
export function validateConfig(raw: unknown): { ok: true; config: Config } | { ok: false; error: ConfigError } {
  const r = CONFIG_SCHEMA.safeParse(raw);
  if (!r.success) return { ok: false, error: new ConfigError(problemLines(r.error.issues)) };
  // The input's own values over the defaults, as written (the parse only checked them): key order and omissions stay the user's.
  return { ok: true, config: { ...DEFAULT_CONFIG, ...(raw as object) } as Config };
}

/** Like `validateConfig`, but throws the ConfigError. */
export function parseConfig(raw: unknown): Config {
  const v = validateConfig(raw);
  if (!v.ok) throw v.error;
  return v.config;
}
