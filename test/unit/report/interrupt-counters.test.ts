import { describe, expect, it } from 'vitest';
import { formatInterruptCounters, histogramStats } from '../../../src/report/interrupt-counters.js';
import { emptyCounters } from '../../../src/system/counters.js';

describe('interrupt counters in words', () => {
  it('summarises the deferral wait histogram', () => {
    expect(histogramStats({})).toBeNull();
    expect(histogramStats({ 1: 2, 4: 1 })).toEqual({ count: 3, mean: 2, max: 4 });
  });

  it('prints virtual interrupts per VP, deferrals and their waits', () => {
    const c = { ...emptyCounters(), virtualInterrupts: { 'p2 vp0': 3, 'p1 vp0': 5 }, deferredInterrupts: 2, deferredWaitSteps: { 1: 1, 3: 1 }, rootIsrs: 4 };
    expect(formatInterruptCounters(c)).toBe(
      '  virtual interrupts: p1 vp0 5, p2 vp0 3 · deferred: 2 (waited 2.0 steps on average, at most 3, over 2 delivered) · root ISRs: 4 · ring signals: 0 · ring full: 0 · I/Os completed: 0',
    );
  });
});
