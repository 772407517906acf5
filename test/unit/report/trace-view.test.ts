/**
 * The trace view's data: every machine instance on its swimlane, each
 * step's op on its lane with messages to the lanes it moved, and the
 * columns of one's own computed from each state (a throw reads as one).
 */
import { describe, expect, it } from 'vitest';
import { traceView } from '../../../src/report/trace-view.js';
import { opLane } from '../../../src/report/step-lanes.js';
import { standardWorld } from '../../../src/system/system.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import type { Op } from '../../../src/system/ops.js';
import { INVARIANTS } from '../../../properties/index.js';

const ops: Op[] = [
  { type: 'createPartition', pid: 'p2' },
  { type: 'depositMemory', pid: 'p2', pages: 1 },
  { type: 'initializePartition', pid: 'p2' },
  { type: 'dispatchVp', lp: 1, pid: 'p2', vp: 0 },
];

describe('the trace view', () => {
  const columns = {
    'p2 pool': (s: { substrate: { memory: { holder: readonly string[] } } }) => s.substrate.memory.holder.filter((h) => h === 'pool:p2').length,
    broken: () => {
      throw new Error('no such field');
    },
  };
  const view = traceView(standardWorld(DEFAULT_CONFIG), ops, INVARIANTS, 't', undefined, columns as never);

  it('puts each op on its lane and draws a message to each lane whose machines it moved', () => {
    expect(view.steps.map((s) => s.lanes.lane)).toEqual(['p2', 'p2', 'p2', 'lp1']);
    expect(view.steps[2]!.lanes.messages).toEqual([
      { from: 'p2', to: 'p2 vp0', label: 'created' },
      { from: 'p2', to: 'vsp p2', label: 'created' },
    ]);
    expect(view.steps[3]!.lanes.messages).toEqual([{ from: 'lp1', to: 'p2 vp0', label: 'DISPATCH' }]);
    expect(view.steps[3]!.after.instances.find((i) => i.instance === 'p2 vp0')).toEqual({ machine: 'vp', instance: 'p2 vp0', lane: 'p2 vp0', state: 'running' });
    expect(view.initial.instances.map((i) => i.lane)).toEqual(['root', 'root', 'root vp0', 'root vp0', 'lp0', 'lp1', 'root worker']);
    expect(opLane({ type: 'workerTake' } as Op)).toBe('root worker');
    expect(opLane({ type: 'vspTakeRequest', pid: 'p2' } as Op)).toBe('vsp p2');
  });

  it("computes the columns of one's own from each state, a throw shown as such", () => {
    const points = [view.initial, ...view.steps.map((s) => s.after)];
    for (const v of points) expect(v.columns['p2 pool']).toBe(String(v.frames.filter((h) => h === 'pool:p2').length));
    expect(points.map((v) => v.columns['p2 pool'])).toEqual(['0', '0', '1', '1', '1']);
    expect(view.initial.columns.broken).toBe('(threw: no such field)');
  });
});
