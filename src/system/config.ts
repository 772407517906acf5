/**
 * The configuration of a simulated host, and its validation.
 *
 * `validateConfig` never throws on bad input and never clamps: it returns
 * every problem it finds, so a user fixes a config in one pass.
 */
import { FRAMES_PER_LARGE_PAGE } from '../substrate/memory.js';
import { MESSAGE_QUEUE_DEPTH } from '../substrate/synic.js';
import type { DmTuning } from '../dynamic-memory/tuning.js';
import { DEFAULT_DM_TUNING } from '../dynamic-memory/tuning.js';
import { VERSION_SEQUENCE, versionName } from '../../models/dynamic-memory/messages.js';

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

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** A value as a problem quotes it: JSON, but numbers JSON cannot hold (1e400 parses to Infinity) by name. */
export const showValue = (v: unknown): string => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v === undefined ? 'nothing' : JSON.stringify(v));

/** Checks an untrusted value (parsed JSON, say) and returns a Config or a ConfigError. */
export function validateConfig(raw: unknown): { ok: true; config: Config } | { ok: false; error: ConfigError } {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, error: new ConfigError(['the config must be a JSON object']) };
  }
  const r = { ...DEFAULT_CONFIG, ...(raw as Record<string, unknown>) } as Record<string, unknown>;
  const known = new Set([...Object.keys(DEFAULT_CONFIG), 'dynamicMemoryTuning']);
  for (const k of Object.keys(raw)) if (!known.has(k)) problems.push(`unknown field "${k}"`);
  /** The field's value when it is valid; undefined (and a problem) when not, so derived checks skip it. */
  const count = (k: string, min: number, max: number): number | undefined => {
    const v = r[k];
    if (!isInt(v)) problems.push(`${k} must be an integer, got ${showValue(v)}`);
    else if (v < min) problems.push(`${k} must be at least ${min}, got ${v}`);
    else if (v > max) problems.push(`${k} must be at most ${max}, got ${v}`);
    else return v;
    return undefined;
  };
  const frames = count('frames', 1, CONFIG_MAX.frames);
  const hv = count('hypervisorFrames', 0, CONFIG_MAX.frames);
  const root = count('rootFrames', 0, CONFIG_MAX.frames);
  count('rootVps', 0, CONFIG_MAX.vps);
  count('logicalProcessors', 1, 64);
  count('tlbEntries', 1, 4096);
  count('maxPagesPerCall', 1, CONFIG_MAX.maxPagesPerCall);
  count('maxIosInFlight', 0, 16);
  count('maxMessagesOutstanding', 0, 1 + MESSAGE_QUEUE_DEPTH);
  // Cross-field problems are reported only when every field they depend on is valid: one bad field, one problem.
  if (typeof r.largePages !== 'boolean') problems.push(`largePages must be true or false, got ${showValue(r.largePages)}`);
  else if (r.largePages && frames !== undefined && frames % FRAMES_PER_LARGE_PAGE !== 0) problems.push(`largePages needs frames to be a multiple of ${FRAMES_PER_LARGE_PAGE}, got ${frames}`);
  if (frames !== undefined && hv !== undefined && root !== undefined && hv + root > frames) problems.push(`hypervisorFrames + rootFrames (${hv + root}) exceed frames (${frames})`);
  const parts = r.partitions;
  if (!Array.isArray(parts)) {
    problems.push(`partitions must be a list, got ${showValue(parts)}`);
  } else {
    const seen = new Set<string>();
    parts.forEach((p: unknown, i) => {
      const where = `partitions[${i}]`;
      if (typeof p !== 'object' || p === null || Array.isArray(p)) {
        problems.push(`${where} must be an object, got ${showValue(p)}`);
        return;
      }
      const c = p as Record<string, unknown>;
      for (const k of Object.keys(c)) if (!['id', 'vps', 'gpaPages', 'dynamicMemory'].includes(k)) problems.push(`${where} has unknown field "${k}"`);
      if (typeof c.id !== 'string' || !/^[a-z][a-z0-9_-]{0,15}$/.test(c.id)) problems.push(`${where}.id must be a short lower-case name like "p1", got ${showValue(c.id)}`);
      else if (c.id === 'root') problems.push(`${where}.id must not be "root": the root partition always exists`);
      else if (seen.has(c.id)) problems.push(`${where}.id "${c.id}" is used twice`);
      else seen.add(c.id);
      if (!isInt(c.vps) || c.vps < 1 || c.vps > CONFIG_MAX.vps) problems.push(`${where}.vps must be an integer from 1 to ${CONFIG_MAX.vps}, got ${showValue(c.vps)}`);
      const gpaOk = isInt(c.gpaPages) && c.gpaPages >= 1 && c.gpaPages <= CONFIG_MAX.gpaPages;
      if (!gpaOk) problems.push(`${where}.gpaPages must be an integer from 1 to ${CONFIG_MAX.gpaPages}, got ${showValue(c.gpaPages)}`);
      if (c.dynamicMemory !== undefined) problems.push(...dynamicMemoryProblems(c.dynamicMemory, gpaOk ? (c.gpaPages as number) : undefined, `${where}.dynamicMemory`));
    });
    if (frames !== undefined && parts.length > frames) problems.push(`more partitions (${parts.length}) than frames (${frames})`);
  }
  if (r.dynamicMemoryTuning !== undefined) problems.push(...tuningProblems(r.dynamicMemoryTuning));
  return problems.length > 0 ? { ok: false, error: new ConfigError(problems) } : { ok: true, config: r as unknown as Config };
}

const HOST_VERSIONS = ['none', ...VERSION_SEQUENCE.map(versionName)];

/** Problems with one partition's `dynamicMemory` settings; `gpaPages` is the partition's when it is valid. */
function dynamicMemoryProblems(raw: unknown, gpaPages: number | undefined, where: string): string[] {
  const out: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [`${where} must be an object, got ${showValue(raw)}`];
  const d = raw as Record<string, unknown>;
  const fields = ['startupPages', 'minPages', 'maxPages', 'bufferPercent', 'weight', 'committedPages', 'hotAdd', 'hostVersion', 'hostDeclinesCapabilities'];
  for (const k of Object.keys(d)) if (!fields.includes(k)) out.push(`${where} has unknown field "${k}"`);
  const int = (k: string, min: number, max: number, optional: boolean): number | undefined => {
    const v = d[k];
    if (v === undefined && optional) return undefined;
    if (!isInt(v) || v < min || v > max) {
      out.push(`${where}.${k} must be an integer from ${min} to ${max}, got ${showValue(v)}`);
      return undefined;
    }
    return v;
  };
  // With an invalid gpaPages (its own problem) only the absolute bound applies.
  const gpa = gpaPages ?? CONFIG_MAX.gpaPages;
  const startup = int('startupPages', 1, gpa, false);
  const min = int('minPages', 1, gpa, false);
  const max = int('maxPages', 1, gpa, false);
  int('bufferPercent', 5, 2000, true);
  int('weight', 0, 10000, true);
  int('committedPages', 0, 1 << 20, true);
  if (d.hotAdd !== undefined && typeof d.hotAdd !== 'boolean') out.push(`${where}.hotAdd must be true or false`);
  if (d.hostDeclinesCapabilities !== undefined && typeof d.hostDeclinesCapabilities !== 'boolean') out.push(`${where}.hostDeclinesCapabilities must be true or false`);
  if (d.hostVersion !== undefined && !HOST_VERSIONS.includes(d.hostVersion as string)) out.push(`${where}.hostVersion must be one of ${HOST_VERSIONS.join(', ')}`);
  if (startup !== undefined && min !== undefined && max !== undefined && !(min <= startup && startup <= max)) out.push(`${where} needs minPages <= startupPages <= maxPages, got ${min}, ${startup}, ${max}`);
  return out;
}

/** Problems with `dynamicMemoryTuning`. */
function tuningProblems(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [`dynamicMemoryTuning must be an object, got ${showValue(raw)}`];
  const out: string[] = [];
  const known = Object.keys(DEFAULT_DM_TUNING);
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!known.includes(k)) out.push(`dynamicMemoryTuning has unknown field "${k}"`);
    else if (!isInt(v) || v < (k.endsWith('Ticks') ? 0 : 1) || v > 1 << 20) out.push(`dynamicMemoryTuning.${k} must be a ${k.endsWith('Ticks') ? 'non-negative' : 'positive'} integer, got ${showValue(v)}`);
  }
  return out;
}

/** Like `validateConfig`, but throws the ConfigError. */
export function parseConfig(raw: unknown): Config {
  const v = validateConfig(raw);
  if (!v.ok) throw v.error;
  return v.config;
}
