/**
 * Every parent-only hypercall has an op through which a running child tries
 * it, the gate refuses each with HV_STATUS_ACCESS_DENIED (WDK HvFinalizePartition
 * and its siblings: "HV_STATUS_ACCESS_DENIED: the specified partition is not a
 * child of the caller"; "the caller must be the parent of the specified
 * partition"), and one fault per gate opens it.
 */
import { describe, expect, it } from 'vitest';
import { runOps } from '../../../helpers/world.js';
import { enabledOps } from '../../../../src/system/enabled.js';
import { PARENT_ONLY } from '../../../../src/system/hypercall-access.js';
import { CHILD_CALLS } from '../../../../src/system/op-schemas.js';
import { childCannotCallParentOnly } from '../../../../properties/intercept.js';
import { FAULTS } from '../../../../src/faults/catalogue.js';
import type { Op } from '../../../../src/system/ops.js';

/** p1 Active with two GPA pages mapped and a page in its pool; p2 created. */
const setup: Op[] = [
  { type: 'createPartition', pid: 'p1' },
  { type: 'depositMemory', pid: 'p1', pages: 2 },
  { type: 'initializePartition', pid: 'p1' },
  { type: 'mapGpaPages', pid: 'p1', gpa: 0, pages: 2, access: 3 },
  { type: 'createPartition', pid: 'p2' },
];

/** The op through which p1 tries `call` (on p2, which exists, or on p3 for CreatePartition). */
const attempt = (call: string): Op =>
  call === 'InstallIntercept'
    ? { type: 'installIntercept', caller: 'p1', pid: 'p2', kind: 'cpuid', target: 1, mask: 4 }
    : ({ type: 'childHypercall', caller: 'p1', call, pid: call === 'CreatePartition' ? 'p3' : 'p2' } as Op);

describe('a child can try every parent-only hypercall', () => {
  it('each of the ten has an op a running child is offered', () => {
    const { system } = runOps(setup);
    const offered = new Set(
      enabledOps(system).flatMap((o) => (o.type === 'childHypercall' && o.caller === 'p1' ? [o.call] : o.type === 'installIntercept' && o.caller === 'p1' ? ['InstallIntercept'] : [])),
    );
    expect([...offered].sort()).toEqual([...PARENT_ONLY].sort());
    expect([...CHILD_CALLS, 'InstallIntercept'].sort()).toEqual([...PARENT_ONLY].sort());
  });

  it.each([...PARENT_ONLY])('%s from a child is ACCESS_DENIED and changes nothing', (call) => {
    const before = runOps(setup).system;
    const { system, results } = runOps([...setup, attempt(call)]);
    const last = results.at(-1)!;
    expect(last.outcome.hypercall?.status).toBe('ACCESS_DENIED');
    expect(system.substrate).toEqual(before.substrate);
    expect(system.partitions).toEqual(before.partitions);
    expect(childCannotCallParentOnly.check(system, { op: attempt(call), outcome: last.outcome } as never)).toBeNull();
  });
});

describe('one fault per gate', () => {
  const gateFaults = FAULTS.filter((f) => f.breaks.includes('child-cannot-call-parent-only-hypercalls'));

  it('every parent-only call has a fault that opens its gate, and no other', () => {
    const calls = PARENT_ONLY.map((c) => `child-may-${c.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`);
    expect(gateFaults.map((f) => f.name).sort()).toEqual(calls.sort());
  });

  it.each([...PARENT_ONLY])('with the gate of %s open, the same try passes it and the property names the call', (call) => {
    const name = `child-may-${call.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`;
    const { system, results } = runOps([...setup, attempt(call)], undefined, [name]);
    const last = results.at(-1)!;
    expect(last.outcome.hypercall?.status).not.toBe('ACCESS_DENIED');
    expect(childCannotCallParentOnly.check(system, { op: attempt(call), outcome: last.outcome } as never)).toMatch(new RegExp(`^p1 called ${call} on p[23] and got [A-Z_]+ instead of ACCESS_DENIED$`));
    // Every other call still meets the gate.
    const other = PARENT_ONLY.find((c) => c !== call)!;
    expect(runOps([...setup, attempt(other)], undefined, [name]).results.at(-1)!.outcome.hypercall?.status).toBe('ACCESS_DENIED');
  });
});
