/**
 * Checking an untrusted op (from a trace file or the public API) against a
 * config: a typed error naming the problem, never a crash or a clamp.
 */
import type { Config } from './config.js';
import { type Op, OP_TYPES } from './ops.js';
import { INTERCEPT_KINDS } from '../../models/intercept/instructions.js';
import { SINT_COUNT } from '../substrate/synic.js';
import { ROOT } from '../substrate/ids.js';
import { GVA_BASE } from '../substrate/page-table.js';

/** An op that is malformed for the config it is applied to. */
export class OpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpError';
  }
}

type Field = 'pid' | 'pages' | 'gpa' | 'access' | 'lp' | 'vp' | 'gva' | 'write' | 'caller' | 'kind' | 'target' | 'mask' | 'instr' | 'arg' | 'call' | 'to' | 'io' | 'sint';

/** Calls a `childHypercall` op may name. */
const CHILD_CALLS = ['CreatePartition', 'MapGpaPages'];
const U32 = 0xffffffff;

/** The largest argument each guest instruction encodes: CPUID leaf, MSR index, I/O port, exception vector. */
const INSTR_ARG_MAX: Record<string, number> = { cpuid: U32, rdmsr: U32, wrmsr: U32, in: 0xffff, out: 0xffff, exception: 31 };

/** The fields each op type carries (besides `type`). */
export const OP_FIELDS: Record<Op['type'], readonly Field[]> = {
  createPartition: ['pid'],
  depositMemory: ['pid', 'pages'],
  withdrawMemory: ['pid', 'pages'],
  initializePartition: ['pid'],
  mapGpaPages: ['pid', 'gpa', 'pages', 'access'],
  unmapGpaPages: ['pid', 'gpa', 'pages'],
  finalizePartition: ['pid'],
  deletePartition: ['pid'],
  getMemoryBalance: ['pid'],
  getNextChildPartition: ['pid'],
  dispatchVp: ['lp', 'pid', 'vp'],
  descheduleVp: ['lp'],
  haltVp: ['lp'],
  suspendVp: ['pid', 'vp'],
  resumeVp: ['pid', 'vp'],
  guestAccess: ['lp', 'gva', 'write'],
  rootAccess: ['gpa', 'write'],
  tick: [],
  installIntercept: ['caller', 'pid', 'kind', 'target', 'mask'],
  guestExecute: ['lp', 'instr', 'arg'],
  pauseVm: ['pid'],
  resumeVm: ['pid'],
  workerTake: [],
  workerReply: [],
  childHypercall: ['caller', 'call', 'pid'],
  dmStart: ['pid'],
  dmDeliver: ['pid', 'to'],
  dmSettle: ['pid'],
  dmGuestWork: ['pid'],
  dmBalloon: ['pid', 'pages'],
  dmUnballoon: ['pid', 'pages'],
  dmHotAdd: ['pid', 'pages'],
  dmBalance: [],
  dmCommit: ['pid', 'pages'],
  dmDecommit: ['pid', 'pages'],
  submitIo: ['lp', 'gpa'],
  vspTakeRequest: ['pid'],
  vspEndRead: ['pid'],
  deviceComplete: ['pid', 'io'],
  rootIsr: ['pid', 'io'],
  vspSignal: ['pid', 'io'],
  vspPostMessage: ['pid'],
  guestHandle: ['lp'],
  eom: ['lp'],
  maskSint: ['lp', 'sint'],
  unmaskSint: ['lp', 'sint'],
};

/** Ops that may name the root partition's VPs. */
const ROOT_VP_OPS: ReadonlySet<string> = new Set(['dispatchVp', 'suspendVp', 'resumeVp']);

/** Dynamic Memory ops that name a partition: it must be configured for Dynamic Memory. */
const DM_PID_OPS: ReadonlySet<string> = new Set(['dmStart', 'dmDeliver', 'dmSettle', 'dmGuestWork', 'dmBalloon', 'dmUnballoon', 'dmHotAdd', 'dmCommit', 'dmDecommit']);

/** A non-negative integer that a number can hold exactly (so `1e300` is not one). */
const isNat = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The most pages one op of `type` on a partition of `gpaPages` GPA pages
 * can move, whatever the state: the GPA space for memory hypercalls and
 * Dynamic Memory requests; the commit limit (visible memory plus a page
 * file as large as the GPA space) for the guest's workload; the machine's
 * frames for DepositMemory and WithdrawMemory.
 */
function maxPages(config: Config, type: Op['type'], gpaPages: number): number {
  if (type === 'depositMemory' || type === 'withdrawMemory') return config.frames;
  if (type === 'dmCommit' || type === 'dmDecommit') return 2 * gpaPages;
  return gpaPages;
}

/** Checks that `raw` is a well-formed op for `config`. */
export function validateOp(config: Config, raw: unknown): { ok: true; op: Op } | { ok: false; error: OpError } {
  const fail = (m: string) => ({ ok: false as const, error: new OpError(m) });
  if (typeof raw !== 'object' || raw === null) return fail(`an op must be an object, got ${JSON.stringify(raw)}`);
  const o = raw as Record<string, unknown>;
  if (typeof o.type !== 'string' || !(OP_TYPES as readonly string[]).includes(o.type)) return fail(`unknown op type ${JSON.stringify(o.type)}`);
  const type = o.type as Op['type'];
  const fields = OP_FIELDS[type];
  for (const k of Object.keys(o)) if (k !== 'type' && !(fields as readonly string[]).includes(k)) return fail(`${type} has no field "${k}"`);
  const ids = config.partitions.map((p) => p.id);
  const child = () => config.partitions.find((p) => p.id === o.pid);
  // Ranges that depend on the running guest (not known before the op is applied) take the largest guest's.
  const largestGpaSpace = () => Math.max(0, ...config.partitions.map((p) => p.gpaPages));
  for (const f of fields) {
    const v = o[f];
    if (v === undefined) return fail(`${type} needs "${f}"`);
    switch (f) {
      case 'pid': {
        // The root's VPs are scheduled like any other; partition hypercalls target children only.
        const allowed = ROOT_VP_OPS.has(type) ? [ROOT, ...ids] : ids;
        if (typeof v !== 'string' || !allowed.includes(v)) return fail(`${type}: unknown partition ${JSON.stringify(v)} (expected one of ${allowed.join(', ') || 'none'})`);
        if (DM_PID_OPS.has(type) && !child()?.dynamicMemory) return fail(`${type}: partition "${v}" is not configured for Dynamic Memory`);
        break;
      }
      case 'write':
        if (typeof v !== 'boolean') return fail(`${type}: "write" must be true or false`);
        break;
      case 'to':
        if (v !== 'host' && v !== 'guest') return fail(`${type}: "to" must be "host" or "guest", got ${JSON.stringify(v)}`);
        break;
      case 'pages': {
        if (!isNat(v) || v < 1) return fail(`${type}: "pages" must be a positive integer, got ${JSON.stringify(v)}`);
        const max = maxPages(config, type, child()?.gpaPages ?? 0);
        const of = type === 'depositMemory' || type === 'withdrawMemory' ? `the config's frames` : `for ${String(o.pid)}, whose gpaPages is ${child()?.gpaPages}`;
        if (v > max) return fail(`${type}: "pages" must be at most ${max} (${of}), got ${v}`);
        break;
      }
      case 'access':
        if (!isNat(v) || v > 15) return fail(`${type}: "access" must be an integer mask within 0..15, got ${JSON.stringify(v)}`);
        break;
      case 'lp':
        if (!isNat(v) || v >= config.logicalProcessors) return fail(`${type}: no logical processor ${JSON.stringify(v)} (the config has ${config.logicalProcessors})`);
        break;
      case 'sint':
        if (!isNat(v) || v >= SINT_COUNT) return fail(`${type}: "sint" must be an integer from 0 to ${SINT_COUNT - 1}, got ${JSON.stringify(v)}`);
        break;
      case 'vp': {
        // Checked after "pid" (fields are checked in order): the range is that partition's VPs.
        const n = o.pid === ROOT ? config.rootVps : (child()?.vps ?? 0);
        if (!isNat(v) || v >= n) return fail(`${type}: ${String(o.pid)} has no vp ${JSON.stringify(v)} (it has ${n} VP${n === 1 ? '' : 's'}, numbered from 0)`);
        break;
      }
      case 'gpa': {
        // MapGpaPages and UnmapGpaPages start in the partition's GPA space (a run past its end is the hypercall's
        // INVALID_PARAMETER); the root reads its identity-mapped frames; a guest submits I/O from its own GPA space.
        const [limit, what] =
          type === 'rootAccess' ? [config.frames, `the root's GPA space (frames ${config.frames})`] : type === 'submitIo' ? [largestGpaSpace(), `the largest guest's GPA space (gpaPages ${largestGpaSpace()})`] : [child()?.gpaPages ?? 0, `${String(o.pid)}'s GPA space (gpaPages ${child()?.gpaPages})`];
        if (!isNat(v) || v >= limit) return fail(`${type}: "gpa" must be an integer page number within ${what}, got ${JSON.stringify(v)}`);
        break;
      }
      case 'gva': {
        // Guests map GVA pages GVA_BASE.. (one per GPA page) at boot; lower pages are unmapped and fault.
        const limit = GVA_BASE + largestGpaSpace();
        if (!isNat(v) || v >= limit) return fail(`${type}: "gva" must be an integer page number below 0x${limit.toString(16)} (the largest guest's address space), got ${JSON.stringify(v)}`);
        break;
      }
      case 'io':
        // I/O ids are the lowest free ones, so never reach the number in flight.
        if (!isNat(v) || v >= config.maxIosInFlight) return fail(`${type}: no io ${JSON.stringify(v)} (the config allows ${config.maxIosInFlight} in flight, numbered from 0)`);
        break;
      case 'caller':
        if (typeof v !== 'string' || (v !== ROOT && !ids.includes(v))) return fail(`${type}: unknown caller ${JSON.stringify(v)} (the root or one of ${ids.join(', ') || 'none'})`);
        if (type === 'childHypercall' && v === ROOT) return fail(`childHypercall: the caller must be a child partition (${ids.join(', ') || 'none'}), got "root"`);
        break;
      case 'kind':
        if (typeof v !== 'string' || !(INTERCEPT_KINDS as readonly string[]).includes(v)) return fail(`${type}: "kind" must be one of ${INTERCEPT_KINDS.join(', ')}, got ${JSON.stringify(v)}`);
        break;
      case 'call':
        if (typeof v !== 'string' || !CHILD_CALLS.includes(v)) return fail(`${type}: "call" must be one of ${CHILD_CALLS.join(', ')}, got ${JSON.stringify(v)}`);
        break;
      case 'target':
      case 'mask':
        // Range checks are the hypercall's: out-of-range values reach the model and return INVALID_PARAMETER.
        if (!isNat(v) || v > U32) return fail(`${type}: "${f}" must be a 32-bit unsigned integer, got ${JSON.stringify(v)}`);
        break;
      case 'instr':
        if (typeof v !== 'string' || !(v in INSTR_ARG_MAX)) return fail(`${type}: "instr" must be one of ${Object.keys(INSTR_ARG_MAX).join(', ')}, got ${JSON.stringify(v)}`);
        break;
      case 'arg': {
        // Checked after "instr" (fields are checked in order): the range depends on the instruction.
        const max = INSTR_ARG_MAX[o.instr as string]!;
        if (!isNat(v) || v > max) return fail(`${type}: "arg" of ${String(o.instr)} must be an integer within 0..0x${max.toString(16)}, got ${JSON.stringify(v)}`);
        break;
      }
    }
  }
  return { ok: true, op: o as unknown as Op };
}
