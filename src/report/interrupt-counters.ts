/**
 * The interrupt counters in words: virtual interrupts per VP, deferred
 * interrupts, and how long the deferred ones waited (the latency the seed
 * says Hyper-V does not report).
 */
import type { Counters } from '../system/counters.js';

/** Mean and maximum of a histogram `value -> count`; null when empty. */
export function histogramStats(h: Readonly<Record<number, number>>): { count: number; mean: number; max: number } | null {
  let count = 0;
  let sum = 0;
  let max = 0;
  for (const [k, n] of Object.entries(h)) {
    const v = Number(k);
    count += n;
    sum += v * n;
    if (v > max) max = v;
  }
  return count === 0 ? null : { count, mean: sum / count, max };
}

/** One indented line about synthetic interrupts and the I/O path. */
export function formatInterruptCounters(c: Counters): string {
  const perVp = Object.entries(c.virtualInterrupts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([vp, n]) => `${vp} ${n}`)
    .join(', ');
  const w = histogramStats(c.deferredWaitSteps);
  const waits = w ? ` (waited ${w.mean.toFixed(1)} steps on average, at most ${w.max}, over ${w.count} delivered)` : '';
  return `  virtual interrupts: ${perVp || 'none'} · deferred: ${c.deferredInterrupts}${waits} · root ISRs: ${c.rootIsrs} · ring signals: ${c.ringSignals} · ring full: ${c.ringFull} · I/Os completed: ${c.iosCompleted}`;
}
