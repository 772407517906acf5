/**
 * A breadth-first search of the states of the I/O path on a tiny host,
 * written independently of the explorer (plain JSON identity of the
 * state, no hashing, no symmetry): every interrupt and VMBus invariant is
 * checked in every state. The bench runs it to `IO_BENCH_DEPTH`; the test
 * suite to a fixed small depth.
 *
 * The reachable space is finite: 210,874 states, depth 69 (about two
 * minutes for this plain search). It is finite because a channel event
 * signalled while its SynIC event flag is still set coalesces into the
 * event that set it (the flag is one bit): the interrupt ledger keeps one
 * delivered event per VP until the guest handles the flag, however many
 * I/O round trips the guest completes without handling it. The bench
 * expands `IO_BENCH_DEPTH` levels and reports the search as bounded.
 */
import { initialSystem, type System } from '../src/system/system.js';
import { buildWorld } from '../src/faults/build-world.js';
import { DEFAULT_CONFIG, type Config } from '../src/system/config.js';
import { enabledOps } from '../src/system/enabled.js';
import { applyOp } from '../src/system/step.js';
import type { Op, OpType } from '../src/system/ops.js';
import { INVARIANTS } from '../properties/index.js';
import { interruptInvariants } from '../properties/interrupt.js';
import { vmbusInvariants } from '../properties/vmbus.js';

/** The claims of the interrupt and VMBus mechanisms, in report order (the first broken one is the one reported). */
const IO_INVARIANTS = INVARIANTS.filter((p) => interruptInvariants.includes(p) || vmbusInvariants.includes(p));

/** One guest with one VP on one LP, one I/O and one message at a time: small enough to enumerate. */
export const IO_TINY_CONFIG: Config = {
  ...DEFAULT_CONFIG,
  frames: 48,
  hypervisorFrames: 8,
  rootFrames: 8,
  rootVps: 0,
  logicalProcessors: 1,
  tlbEntries: 1,
  maxPagesPerCall: 1,
  maxIosInFlight: 1,
  maxMessagesOutstanding: 1,
  partitions: [{ id: 'p1', vps: 1, gpaPages: 1 }],
};

/** Memory lifecycle and time are covered elsewhere, and the read-only queries change nothing; leaving them out keeps this search about the I/O path. */
export const IO_LEFT_OUT: ReadonlySet<OpType> = new Set([
  'withdrawMemory',
  'unmapGpaPages',
  'finalizePartition',
  'deletePartition',
  'getMemoryBalance',
  'getNextChildPartition',
  'suspendVp',
  'resumeVp',
  'haltVp',
  'tick',
  'guestAccess',
  'rootAccess',
]);

/** Levels the bench expands: 19,428 states in about 10 s. */
export const IO_BENCH_DEPTH = 20;

const identity = (s: System): string => JSON.stringify([s.substrate, s.partitions, s.lps, s.vmbus, s.interrupts]);

/** What the search found: distinct states, levels expanded, whether the frontier ran dry, and the first invariant broken (if any). */
export interface IoStateSpace {
  readonly states: number;
  readonly depth: number;
  readonly complete: boolean;
  readonly violation?: { readonly invariant: string; readonly message: string; readonly depth: number; readonly op: Op };
}

/** Searches the tiny host's I/O path (with the named faults) level by level, expanding at most `maxDepth` levels; stops at the first broken invariant. */
export function ioStateSpace(maxDepth: number, faults: readonly string[] = []): IoStateSpace {
  const start = initialSystem(buildWorld(IO_TINY_CONFIG, [...faults]));
  const seen = new Set([identity(start)]);
  let frontier = [start];
  let depth = 0;
  while (frontier.length > 0 && depth < maxDepth) {
    const next: System[] = [];
    for (const s of frontier)
      for (const op of enabledOps(s)) {
        if (IO_LEFT_OUT.has(op.type)) continue;
        const r = applyOp(s, op);
        const id = identity(r.system);
        if (r.outcome.status !== 'applied' || seen.has(id)) continue;
        seen.add(id);
        for (const inv of IO_INVARIANTS) {
          const message = inv.check(r.system, { before: s, op, outcome: r.outcome });
          if (message !== null) return { states: seen.size, depth: depth + 1, complete: false, violation: { invariant: inv.name, message, depth: depth + 1, op } };
        }
        next.push(r.system);
      }
    frontier = next;
    depth++;
  }
  return { states: seen.size, depth, complete: frontier.length === 0 };
}
