/**
 * The counterexamples a search keeps: one per property, the first found
 * (in breadth-first order, so a shortest), up to a number of distinct
 * properties. Shared by the explorer in one thread and over threads.
 */
import type { Model, StateCodec } from '../engine/model.js';
import type { ModelViolation } from '../engine/judge.js';
import type { ModelCounterexample } from './result.js';
import { replayPath } from './replay-path.js';

/** The counterexamples found so far, in the order found. */
export class ViolationLog<S, A, O> {
  readonly found: ModelCounterexample<A, O>[] = [];
  private readonly names_ = new Set<string>();

  constructor(
    private readonly model: Model<S, A, O>,
    private readonly codec: StateCodec<S> | undefined,
    /** Distinct properties to find. */
    readonly max: number,
  ) {}

  /** The properties found so far. */
  get names(): readonly string[] {
    return [...this.names_];
  }

  /** Whether recording `vss` in turn would find `max` properties in all. */
  wouldFill(vss: Iterable<readonly ModelViolation[]>): boolean {
    const seen = new Set(this.names_);
    let count = this.found.length;
    for (const vs of vss)
      for (const v of vs) {
        if (seen.has(v.property) || count >= this.max) continue;
        seen.add(v.property);
        if (++count >= this.max) return true;
      }
    return false;
  }

  /** Keeps a counterexample for each property of `vs` not found before (on the path of op indices `path`); true once `max` are found. */
  record(path: readonly number[], vs: readonly ModelViolation[]): boolean {
    const fresh = vs.filter((v) => !this.names_.has(v.property));
    if (fresh.length === 0) return false;
    const steps = replayPath(this.model, path, this.codec);
    for (const v of fresh) {
      if (this.found.length >= this.max) break;
      this.names_.add(v.property);
      this.found.push({ property: v.property, message: v.message, alsoViolated: vs.filter((x) => x !== v).map((x) => x.property), ops: steps.map((x) => x.op), steps });
    }
    return this.found.length >= this.max;
  }
}
