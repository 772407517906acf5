/**
 * Running a search generator (the explorer's, a swarm member's) so that the
 * event loop runs often: a stop request (Ctrl-C, SIGTERM) reaches its
 * handler only when the loop runs, and the search polls it after every
 * expanded state. The engines read no clock; the command line does, here.
 */
import { getHeapStatistics } from 'node:v8';

/** The longest the command line lets a search run before the event loop runs (a signal's handler, a progress line): a stop is honoured about this soon. */
export const TURN_MS = 25;

/** Pauses of the search between two looks at the clock: each pause is one expanded state (or swarm step), so the search pauses at every one. */
export const SEARCH_PAUSE_EVERY = 1;

/**
 * Drives `gen` to its end: after each pause, when `TURN_MS` have passed
 * since the event loop last ran, calls `onTurn` with the pause's progress
 * and lets the loop run (not when `stopping()`: the search then stops at
 * its next poll). Returns the search's result.
 */
export async function driveSearch<P, R>(gen: Generator<P, R>, onTurn: (progress: P) => void, stopping: () => boolean): Promise<R> {
  let last = performance.now();
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
    if (performance.now() - last < TURN_MS) continue;
    onTurn(step.value);
    if (stopping()) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
  }
}

/**
 * A predicate that turns true once the heap V8 holds passes `limit` bytes.
 * It reads the heap at every call (V8's heap statistics cost about a third
 * of a microsecond). It reads the heap committed, not the part in use:
 * the part in use drops after each collection, and near the old
 * generation's limit V8 collects without end while it stays under the
 * budget (the young generation counts in `heap_size_limit` too).
 */
export function heapAbove(limit: number): () => boolean {
  let above = false;
  return () => {
    if (!above) above = getHeapStatistics().total_heap_size > limit;
    return above;
  };
}
