/**
 * Judging a model's properties on a state or a transition, the same way
 * in every engine: safety parts (`always`, `transition`) in declared order,
 * one verdict per claim; goals; liveness countdowns.
 */
import type { AlwaysProperty, EventuallyProperty, ModelProperty, SometimesProperty, StateChanges, Transition, TransitionProperty } from './model.js';

/** A broken claim: its name and what is wrong. */
export interface ModelViolation {
  readonly property: string;
  readonly message: string;
}

/** A safety part: a claim about states or about transitions. */
export type SafetyPart<S, A, O> = AlwaysProperty<S> | TransitionProperty<S, A, O>;

/** A model's properties sorted by what judges them. */
export interface PropertySets<S, A, O> {
  /** Every `always` and `transition` part, in declared order. */
  readonly safety: readonly SafetyPart<S, A, O>[];
  /** The `transition` parts alone: what a transition into a state already judged still needs. */
  readonly transitions: readonly TransitionProperty<S, A, O>[];
  readonly goals: readonly SometimesProperty<S, A, O>[];
  readonly eventually: readonly EventuallyProperty<S, A, O>[];
  /** The names of the safety claims, in order (parts of one claim named once). */
  readonly claims: readonly string[];
  /**
   * Per safety part, the bits of the state parts its `reads` names
   * (`EVERY_STEP`: judged after every step); absent when the model names no
   * parts or the sets judge every claim after every step.
   */
  readonly safetyReads?: Int32Array;
  /** Per goal, the same (see `safetyReads`). */
  readonly goalReads?: Int32Array;
}

/** A read set meaning "judged after every step": the part declares no `reads`, or reads the step. */
export const EVERY_STEP = -1;

/** The bits of `reads` among `changes.parts`; `EVERY_STEP` when `reads` is absent. Throws on a part the model does not name (`name` says whose list it is). */
export function readMask(name: string, reads: readonly string[] | undefined, changes: StateChanges<unknown>): number {
  if (reads === undefined) return EVERY_STEP;
  let mask = 0;
  for (const r of reads) {
    const i = changes.parts.indexOf(r);
    if (i < 0) throw new Error(`${name}: reads names "${r}", which is not a part of the state (parts: ${changes.parts.join(', ')})`);
    mask |= 1 << i;
  }
  return mask;
}

/** Sorts `props` by kind, keeping the declared order within each. */
export function propertySets<S, A, O>(props: readonly ModelProperty<S, A, O>[], changes?: StateChanges<S>): PropertySets<S, A, O> {
  const safety: SafetyPart<S, A, O>[] = [];
  const goals: SometimesProperty<S, A, O>[] = [];
  const eventually: EventuallyProperty<S, A, O>[] = [];
  for (const p of props) {
    if (p.kind === 'always' || p.kind === 'transition') safety.push(p);
    else if (p.kind === 'sometimes') goals.push(p);
    else eventually.push(p);
  }
  for (const p of eventually) if (!Number.isInteger(p.within) || p.within < 0 || p.within > 126) throw new Error(`${p.name}: within must be an integer from 0 to 126, got ${p.within}`);
  const claims = safety.map((p) => p.name).filter((n, i, all) => i === 0 || all[i - 1] !== n);
  const base = { safety, transitions: safety.filter((p): p is TransitionProperty<S, A, O> => p.kind === 'transition'), goals, eventually, claims };
  if (!changes) return base;
  const c = changes as StateChanges<unknown>;
  const safetyReads = Int32Array.from(safety, (p) => (p.kind === 'always' ? readMask(p.name, p.reads, c) : EVERY_STEP));
  const goalReads = Int32Array.from(goals, (g) => readMask(g.name, g.reads, c));
  return { ...base, safetyReads, goalReads };
}

/** `sets` judging every claim after every step (no read sets): the full check the incremental one must agree with. */
export function everyStep<S, A, O>(sets: PropertySets<S, A, O>): PropertySets<S, A, O> {
  const { safetyReads: _s, goalReads: _g, ...rest } = sets;
  return rest;
}

/** Whether a part with read set `mask` needs judging after a step that changed `changed` (`EVERY_STEP` always does). */
export const needsJudging = (mask: number, changed: number): boolean => mask === EVERY_STEP || (mask & changed) !== 0;

/**
 * The claims `parts` find broken in `s`, reached by `t` (absent for an
 * initial state, where `transition` parts are not judged). Of consecutive
 * parts with one name, only the first that fails counts.
 */
export function violationsOf<S, A, O>(parts: readonly SafetyPart<S, A, O>[], s: S, t: Transition<S, A, O> | undefined): ModelViolation[] {
  return violationsAfter(parts, undefined, 0, s, t);
}

/**
 * Like {@link violationsOf}, after a step that changed the state parts
 * `changed`: a part whose read set (`reads[i]`) the step left alone is not
 * judged, since the state it reads is the one it found holding before.
 * Without `reads`, or on the initial state, every part is judged.
 */
export function violationsAfter<S, A, O>(parts: readonly SafetyPart<S, A, O>[], reads: Int32Array | undefined, changed: number, s: S, t: Transition<S, A, O> | undefined): ModelViolation[] {
  const out: ModelViolation[] = [];
  let failed: string | undefined;
  const skipping = reads !== undefined && t !== undefined;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.name === failed) continue;
    if (skipping && !needsJudging(reads[i]!, changed)) continue;
    const m = p.kind === 'always' ? p.check(s) : t ? p.check(t) : null;
    if (m !== null) {
      out.push({ property: p.name, message: m });
      failed = p.name;
    }
  }
  return out;
}

/** A disarmed countdown. */
export const DISARMED = -1;

/** Countdowns with every property disarmed. */
export const disarmedCountdowns = (count: number): Int8Array => new Int8Array(count).fill(DISARMED);

/**
 * The countdowns after a step into `s`: `prev` are those before it.
 * Returns the new countdowns (`prev` itself when nothing changed), or the
 * index of the property whose countdown ran out.
 */
export function advanceCountdowns<S, A, O>(props: readonly EventuallyProperty<S, A, O>[], prev: Int8Array, s: S, t: Transition<S, A, O> | undefined): Int8Array | number {
  let next: Int8Array | null = null;
  for (let i = 0; i < props.length; i++) {
    const p = props[i]!;
    const c = prev[i]!;
    let v = c;
    if (c !== DISARMED) {
      if (p.satisfied(s, t)) v = DISARMED;
      else if (c <= 1) return i;
      else v = c - 1;
    }
    if (v === DISARMED && p.trigger(s, t) && !p.satisfied(s, t)) {
      if (p.within <= 0) return i;
      v = p.within;
    }
    if (v !== c) {
      next ??= prev.slice();
      next[i] = v;
    }
  }
  return next ?? prev;
}

/** The violation of a liveness property whose countdown ran out in `s`. */
export const eventuallyViolation = <S>(p: EventuallyProperty<S, never, never>, s: S): ModelViolation => ({
  property: p.name,
  message: `${p.explain ? p.explain(s) : p.description.replace(/\.$/, '')}: not settled within ${p.within} step${p.within === 1 ? '' : 's'}`,
});
