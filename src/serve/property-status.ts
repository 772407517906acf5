/**
 * Each property's status at one point of a path: `always` and
 * `transition` parts judged on the state and the step into it (parts of
 * one claim reported once, as the engines do), `sometimes` goals reached
 * here or earlier on the path, `eventually` countdowns advanced along the
 * path.
 */
import type { Model, Transition } from '../engine/model.js';
import { advanceCountdowns, disarmedCountdowns, eventuallyViolation, propertySets, violationsOf } from '../engine/judge.js';

/** One property's status. */
export interface PropertyStatus {
  readonly name: string;
  readonly kind: 'always' | 'sometimes' | 'eventually';
  readonly description: string;
  readonly status: 'holds' | 'violated' | 'reached' | 'reached earlier' | 'not reached' | 'pending';
  readonly message?: string;
}

/** One step of a path: the state and the transition into it (absent for the initial state). */
export interface PathPoint<S, A, O> {
  readonly state: S;
  readonly transition?: Transition<S, A, O>;
}

/** The status of every property of `model` at the last point of `path` (which starts at the initial state). */
export function propertyStatus<S, A, O>(model: Model<S, A, O>, path: readonly PathPoint<S, A, O>[]): PropertyStatus[] {
  const sets = propertySets(model.properties);
  const here = path[path.length - 1]!;
  const broken = new Map(violationsOf(sets.safety, here.state, here.transition).map((v) => [v.property, v.message]));
  const out: PropertyStatus[] = [];
  const described = new Set<string>();
  for (const p of sets.safety) {
    if (described.has(p.name)) continue;
    described.add(p.name);
    const message = broken.get(p.name);
    out.push({ name: p.name, kind: 'always', description: p.description, status: message === undefined ? 'holds' : 'violated', ...(message !== undefined ? { message } : {}) });
  }
  for (const g of sets.goals) {
    const now = g.reached(here.state, here.transition);
    const before = !now && path.some((pt) => g.reached(pt.state, pt.transition));
    out.push({ name: g.name, kind: 'sometimes', description: g.description, status: now ? 'reached' : before ? 'reached earlier' : 'not reached' });
  }
  // Liveness: the countdowns along the path; the first to run out is violated from then on.
  let counts = disarmedCountdowns(sets.eventually.length);
  const failed = new Map<number, string>();
  for (const pt of path) {
    const r = advanceCountdowns(sets.eventually, counts, pt.state, pt.transition);
    if (typeof r === 'number') {
      failed.set(r, eventuallyViolation(sets.eventually[r]! as never, pt.state).message);
      counts = disarmedCountdowns(sets.eventually.length);
    } else counts = r;
  }
  sets.eventually.forEach((p, i) => {
    const message = failed.get(i);
    const status = message !== undefined ? 'violated' : counts[i]! >= 0 ? 'pending' : 'holds';
    out.push({ name: p.name, kind: 'eventually', description: p.description, status, ...(message !== undefined ? { message } : status === 'pending' ? { message: `${counts[i]} steps left to settle` } : {}) });
  });
  return out;
}
