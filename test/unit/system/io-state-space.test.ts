import { describe, expect, it } from 'vitest';
import { initialSystem, type System } from '../../../src/system/system.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { DEFAULT_CONFIG, type Config } from '../../../src/system/config.js';
import { enabledOps } from '../../../src/system/enabled.js';
import { applyOp } from '../../../src/system/step.js';
import type { OpType } from '../../../src/system/ops.js';
import { interruptInvariants } from '../../../properties/interrupt.js';

// One guest with one VP on one LP, one I/O and one message at a time: small enough to enumerate.
const TINY: Config = {
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

// Memory lifecycle and time are covered elsewhere, and the read-only queries change nothing; leaving them out keeps this search about the I/O path.
const LEFT_OUT: ReadonlySet<OpType> = new Set([
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

const identity = (s: System): string => JSON.stringify([s.substrate, s.partitions, s.lps, s.vmbus, s.interrupts]);

describe('the I/O path has a finite state space', () => {
  it('a breadth-first search of every reachable state of a tiny host ends, and every interrupt invariant holds in each', () => {
    const start = initialSystem(buildWorld(TINY));
    const seen = new Set([identity(start)]);
    let frontier = [start];
    let depth = 0;
    while (frontier.length > 0 && depth < 200) {
      const next: System[] = [];
      for (const s of frontier)
        for (const op of enabledOps(s)) {
          if (LEFT_OUT.has(op.type)) continue;
          const r = applyOp(s, op);
          const id = identity(r.system);
          if (r.outcome.status !== 'applied' || seen.has(id)) continue;
          seen.add(id);
          for (const inv of interruptInvariants) {
            const m = inv.check(r.system, { before: s, op, outcome: r.outcome });
            expect(m, `${inv.name} at depth ${depth + 1}`).toBeNull();
          }
          next.push(r.system);
        }
      frontier = next;
      depth++;
    }
    expect(frontier).toHaveLength(0);
    expect(seen.size).toBeGreaterThan(1000);
    console.log(`I/O path of the tiny host: ${seen.size} states, depth ${depth}`);
  });
});
