/**
 * Following each machine instance's run for transition-pair coverage: the
 * last transition every instance took is remembered per state of the
 * System (by object, weakly), so that a step from a state pairs each
 * transition it takes with the one its instance took before it.
 *
 * A run's states are chained (each step starts from the state the step
 * before it left), so a random run's pairs are exactly those of its
 * instances' runs. The explorer expands each distinct state once, from the
 * first path that reached it: the pairs it records are those along the
 * paths it expands, and a pair seen only through a later path to a state
 * already stored is not recorded (an under-count, never an invention).
 */
import type { MachineTransition } from '../system/outcome.js';
import { transitionKey, pairKey, NO_STATE } from './data.js';

/** The last transition key of each instance, by the instance's slot (see `PairTracker.slot`); a hole for an instance not seen yet. */
type Lasts = readonly (string | undefined)[];

const NONE: Lasts = [];

/** Remembers the instances' last transitions along runs and says which pairs each step takes. */
export class PairTracker {
  private readonly lasts = new WeakMap<object, Lasts>();
  /** A small number per instance (machine, then instance id): lasts are arrays indexed by it, cheap to copy along a run. */
  private readonly slots = new Map<string, Map<string, number>>();
  private slotCount = 0;

  /** Each pair key made, by its first and second transition keys: the same text object for the same pair, so counting it looks up a string whose hash is known. */
  private readonly pairs = new Map<string, Map<string, string>>();

  private pair(first: string, second: string): string {
    let bySecond = this.pairs.get(first);
    if (bySecond === undefined) this.pairs.set(first, (bySecond = new Map()));
    let key = bySecond.get(second);
    if (key === undefined) bySecond.set(second, (key = pairKey(first, second)));
    return key;
  }

  private slot(machine: string, instance: string): number {
    let byInstance = this.slots.get(machine);
    if (byInstance === undefined) this.slots.set(machine, (byInstance = new Map()));
    let n = byInstance.get(instance);
    if (n === undefined) byInstance.set(instance, (n = this.slotCount++));
    return n;
  }

  /**
   * The pairs (machine, pair key) a step from `before` to `after` takes:
   * each transition with an instance, after the one that instance took
   * before it (a creation follows nothing) on the way to `before` (none for its first). A state never
   * reached by a step told here (an initial state) has no last transitions.
   */
  step(before: object, after: object, transitions: readonly MachineTransition[]): (readonly [string, string])[] {
    // A step that hands back the very state it started from leaves the memory of that state alone.
    if (after === before) return [];
    const was = this.lasts.get(before) ?? NONE;
    let now: (string | undefined)[] | undefined;
    let pairs: (readonly [string, string])[] | undefined;
    for (let i = 0; i < transitions.length; i++) {
      const t = transitions[i]!;
      if (t.instance === undefined) continue;
      now ??= was.slice();
      const who = this.slot(t.machine, t.instance);
      const key = transitionKey(t);
      const prev = now[who];
      // A creation starts a new instance's run (an id used again after its instance ended): it follows nothing.
      if (prev !== undefined && t.from !== NO_STATE) (pairs ??= []).push([t.machine, this.pair(prev, key)]);
      now[who] = key;
    }
    if (now) this.lasts.set(after, now);
    else if (was !== NONE) this.lasts.set(after, was);
    return pairs ?? [];
  }
}
