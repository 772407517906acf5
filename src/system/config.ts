/**
 * The configuration of a simulated host, and its validation.
 *
 * `validateConfig` never throws on bad input and never clamps: it returns
 * every problem it finds, so a user fixes a config in one pass.
 */
import { FRAMES_PER_LARGE_PAGE } from '../substrate/memory.js';
import { MESSAGE_QUEUE_DEPTH } from '../substrate/synic.js';

/** One child partition of the configuration. */
export interface ChildConfig {
  /** Id, for example `p1`. Must not be `root`. */
  readonly id: string;
  /** Virtual processors created by InitializePartition. */
  readonly vps: number;
  /** Size of the guest physical address space, in pages. */
  readonly gpaPages: number;
}

/** A simulated host. */
export interface Config {
  /** Machine memory, in 4 KiB frames. */
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

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Checks an untrusted value (parsed JSON, say) and returns a Config or a ConfigError. */
export function validateConfig(raw: unknown): { ok: true; config: Config } | { ok: false; error: ConfigError } {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, error: new ConfigError(['the config must be a JSON object']) };
  }
  const r = { ...DEFAULT_CONFIG, ...(raw as Record<string, unknown>) } as Record<string, unknown>;
  const known = new Set(Object.keys(DEFAULT_CONFIG));
  for (const k of Object.keys(raw)) if (!known.has(k)) problems.push(`unknown field "${k}"`);
  const count = (k: string, min: number, max: number): number => {
    const v = r[k];
    if (!isInt(v)) problems.push(`${k} must be an integer, got ${JSON.stringify(v)}`);
    else if (v < min) problems.push(`${k} must be at least ${min}, got ${v}`);
    else if (v > max) problems.push(`${k} must be at most ${max}, got ${v}`);
    return isInt(v) ? v : 0;
  };
  const frames = count('frames', 1, 1 << 20);
  const hv = count('hypervisorFrames', 0, 1 << 20);
  const root = count('rootFrames', 0, 1 << 20);
  count('rootVps', 0, 64);
  count('logicalProcessors', 1, 64);
  count('tlbEntries', 1, 4096);
  count('maxPagesPerCall', 1, 4096);
  count('maxIosInFlight', 0, 16);
  count('maxMessagesOutstanding', 0, 1 + MESSAGE_QUEUE_DEPTH);
  if (typeof r.largePages !== 'boolean') problems.push(`largePages must be true or false, got ${JSON.stringify(r.largePages)}`);
  else if (r.largePages && frames % FRAMES_PER_LARGE_PAGE !== 0) problems.push(`largePages needs frames to be a multiple of ${FRAMES_PER_LARGE_PAGE}, got ${frames}`);
  if (hv + root > frames) problems.push(`hypervisorFrames + rootFrames (${hv + root}) exceed frames (${frames})`);
  const parts = r.partitions;
  if (!Array.isArray(parts)) {
    problems.push('partitions must be a list');
  } else {
    const seen = new Set<string>();
    parts.forEach((p: unknown, i) => {
      const where = `partitions[${i}]`;
      if (typeof p !== 'object' || p === null) {
        problems.push(`${where} must be an object`);
        return;
      }
      const c = p as Record<string, unknown>;
      for (const k of Object.keys(c)) if (!['id', 'vps', 'gpaPages'].includes(k)) problems.push(`${where} has unknown field "${k}"`);
      if (typeof c.id !== 'string' || !/^[a-z][a-z0-9_-]{0,15}$/.test(c.id)) problems.push(`${where}.id must be a short lower-case name like "p1", got ${JSON.stringify(c.id)}`);
      else if (c.id === 'root') problems.push(`${where}.id must not be "root": the root partition always exists`);
      else if (seen.has(c.id)) problems.push(`${where}.id "${c.id}" is used twice`);
      else seen.add(c.id);
      if (!isInt(c.vps) || c.vps < 1 || c.vps > 64) problems.push(`${where}.vps must be an integer from 1 to 64, got ${JSON.stringify(c.vps)}`);
      if (!isInt(c.gpaPages) || c.gpaPages < 1 || c.gpaPages > 1 << 20) problems.push(`${where}.gpaPages must be an integer from 1 to ${1 << 20}, got ${JSON.stringify(c.gpaPages)}`);
    });
    if (parts.length > frames) problems.push(`more partitions (${parts.length}) than frames (${frames})`);
  }
  return problems.length > 0 ? { ok: false, error: new ConfigError(problems) } : { ok: true, config: r as unknown as Config };
}

/** Like `validateConfig`, but throws the ConfigError. */
export function parseConfig(raw: unknown): Config {
  const v = validateConfig(raw);
  if (!v.ok) throw v.error;
  return v.config;
}
