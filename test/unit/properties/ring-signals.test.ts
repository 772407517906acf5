import { describe, expect, it } from 'vitest';
import { runOps, activeWithMemory } from '../../helpers/world.js';
import { applyOp } from '../../../src/system/step.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import type { Op } from '../../../src/system/ops.js';
import type { Invariant } from '../../../properties/property.js';
import { ringWriterSignalsOnlyWhenRingBecomesNonEmpty, readerWakesWaitingWriterOncePerCrossing } from '../../../properties/vmbus.js';

/** Runs `ops` from boot and judges `inv` on the last step (the state after it, and the step itself). */
function judgeLast(inv: Invariant, ops: readonly Op[], faults: string[] = []): string | null {
  const { system } = runOps(ops.slice(0, -1), DEFAULT_CONFIG, faults);
  const op = ops.at(-1)!;
  const r = applyOp(system, op);
  expect(r.outcome.status).toBe('applied');
  return inv.check(r.system, { before: system, op, outcome: r.outcome });
}

const running: Op[] = [...activeWithMemory('p2'), { type: 'dispatchVp', lp: 0, pid: 'p2', vp: 0 }];
const completed = (n: number): Op[] => [
  { type: 'submitIo', lp: 0, gpa: 0 },
  { type: 'vspTakeRequest', pid: 'p2' },
  { type: 'deviceComplete', pid: 'p2', io: n },
  { type: 'rootIsr', pid: 'p2', io: n },
];

describe('ring-writer-signals-only-when-ring-becomes-non-empty (Linux ring_buffer.c, hv_signal_on_write)', () => {
  // Two completions on the 96-byte inbound ring: the first takes it from empty to non-empty, the second finds it non-empty.
  const twoCompletions: Op[] = [...running, ...completed(0), ...completed(1), { type: 'vspSignal', pid: 'p2', io: 0 }, { type: 'vspSignal', pid: 'p2', io: 1 }];

  it('the write that takes the ring from empty to non-empty signals; the next, to a non-empty ring, does not', () => {
    const first = runOps(twoCompletions.slice(0, -1)).results.at(-1)!;
    expect(first.outcome.observations).toContainEqual({ kind: 'ringSignal', pid: 'p2', ring: 'inbound', by: 'writer' });
    expect(judgeLast(ringWriterSignalsOnlyWhenRingBecomesNonEmpty, twoCompletions.slice(0, -1))).toBeNull();
    expect(judgeLast(ringWriterSignalsOnlyWhenRingBecomesNonEmpty, twoCompletions)).toBeNull();
  });

  it('a writer that signals every write is caught at the second completion', () => {
    expect(judgeLast(ringWriterSignalsOnlyWhenRingBecomesNonEmpty, twoCompletions, ['ring-signals-every-write'])).toBe(
      "p2's inbound ring writer signalled for a write to a ring that already held 1 unread packet",
    );
  });
});

describe('reader-wakes-waiting-writer-once-per-crossing (Linux ring_buffer.c, hv_pkt_iter_close)', () => {
  // The second request finds the 64-byte outbound ring full: the VSC publishes pending_send_sz 32 and waits.
  const blocked: Op[] = [...running, { type: 'submitIo', lp: 0, gpa: 0 }, { type: 'submitIo', lp: 0, gpa: 1 }, { type: 'vspTakeRequest', pid: 'p2' }];

  it('the read that takes the free space from 32 (the need) to 64 wakes the waiting VSC, once', () => {
    const { results } = runOps(blocked);
    expect(results.at(-1)!.outcome.observations.filter((o) => o.kind === 'ringSignal')).toEqual([{ kind: 'ringSignal', pid: 'p2', ring: 'outbound', by: 'reader' }]);
    expect(judgeLast(readerWakesWaitingWriterOncePerCrossing, blocked)).toBeNull();
  });

  it('a read with no writer waiting wakes nobody; a reader that signals every read is caught at its first', () => {
    const one: Op[] = [...running, { type: 'submitIo', lp: 0, gpa: 0 }, { type: 'vspTakeRequest', pid: 'p2' }];
    expect(judgeLast(readerWakesWaitingWriterOncePerCrossing, one)).toBeNull();
    expect(judgeLast(readerWakesWaitingWriterOncePerCrossing, one, ['reader-signals-every-read'])).toBe("p2's outbound ring reader signalled a writer, but none waits (pending_send_sz 0)");
  });
});
