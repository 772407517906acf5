/**
 * hvspec's System as a Model (src/engine/model.ts): the initial System of
 * a World, its enabled ops (optionally only some kinds, and only those a
 * filter keeps), `applyOp`, the invariants, goals and liveness properties
 * of properties/, `describeOp`, the System's fingerprint (orbit
 * hashing under symmetry) as its identity, and its canonical byte codec
 * (`system-codec.ts`; orbits by `codec-symmetry.ts`).
 */
import type { System, World } from '../system/system.js';
import { initialSystem } from '../system/system.js';
import type { Op, OpType } from '../system/ops.js';
import { OP_TYPES } from '../system/ops.js';
import { OP_RECORDS } from '../system/op-registry.js';
import type { StepOutcome } from '../system/outcome.js';
import { enabledScan, enumeratorsOf, anyOf, type AnyEnabled } from '../system/enabled.js';
import type { EnabledScan } from '../system/enabled-scan.js';
import { applyOp } from '../system/step.js';
import { describeOp } from '../system/describe.js';
import type { Invariant, Goal, Liveness } from '../../properties/index.js';
import type { Model, ModelProperty, Transition, KindView } from '../engine/model.js';
import type { SafetyPart } from '../engine/judge.js';
import type { ByteWriter } from '../engine/bytes.js';
import { Canonicaliser } from './symmetry.js';
import { sameIdentity } from './fingerprint.js';
import { policyThrew } from './policy-threw.js';
import { STATE_PARTS, changedParts } from '../system/state-parts.js';
import { systemQuiescent } from './quiescent.js';
import { SystemCodec } from './system-codec.js';
import { CodecCanonicaliser } from './codec-symmetry.js';

/** hvspec's System as a model: ops are `Op`s, and a step reports its `StepOutcome`. */
export type SystemModel = Model<System, Op, StepOutcome>;

/** A transition of the System. */
export type SystemTransition = Transition<System, Op, StepOutcome>;

/** What a System model checks and which ops it takes. */
export interface SystemModelOptions {
  readonly invariants?: readonly Invariant[];
  readonly goals?: readonly Goal[];
  readonly liveness?: readonly Liveness[];
  /** Only these op kinds are enabled (default all), in `OP_TYPES` order. */
  readonly opTypes?: readonly OpType[];
  /** Only ops this accepts in the state they apply to are enabled (after `opTypes`). */
  readonly opFilter?: (op: Op, s: System) => boolean;
  /** States where no op applying is expected. */
  readonly isFinal?: (s: System) => boolean;
  /** States where every op leading back to the state is expected (default: `systemQuiescent`). */
  readonly isQuiescent?: (s: System) => boolean;
}

/** The ops enabled in `sys` of the kinds `types`, in order, that `filter` keeps. */
export function exploreOps(sys: System, types: readonly OpType[], filter?: (op: Op, s: System) => boolean): Op[] {
  return listOps(sys, enumeratorsOf(types), filter);
}

/** `exploreOps` with the kinds' enumerators looked up beforehand (`enumeratorsOf`). */
function listOps(sys: System, enumerators: ReturnType<typeof enumeratorsOf>, filter?: (op: Op, s: System) => boolean): Op[] {
  const scan = enabledScan(sys);
  const out: Op[] = [];
  for (const e of enumerators) e(scan, out);
  if (!filter) return out;
  let kept = 0;
  for (let i = 0; i < out.length; i++) if (filter(out[i]!, sys)) out[kept++] = out[i]!;
  out.length = kept;
  return out;
}

/** One System's enabled ops by kind (`Model.byKind`): the kinds share one scan of the state. */
class SystemKindView implements KindView<Op> {
  private readonly scan: EnabledScan;
  constructor(
    private readonly sys: System,
    private readonly enumerators: ReturnType<typeof enumeratorsOf>,
    private readonly anys: readonly AnyEnabled[],
    private readonly filter: ((op: Op, s: System) => boolean) | undefined,
  ) {
    this.scan = enabledScan(sys);
  }

  /** With a filter: each kind's filtered list, made once (`has` needs it, and `of` of the drawn kind gives it again). */
  private readonly lists: (Op[] | undefined)[] = [];

  has(k: number): boolean {
    return this.filter ? this.of(k).length > 0 : this.anys[k]!(this.scan);
  }

  of(k: number): Op[] {
    const known = this.lists[k];
    if (known) return known;
    const out: Op[] = [];
    this.enumerators[k]!(this.scan, out);
    const filter = this.filter;
    if (!filter) return out;
    let kept = 0;
    for (let i = 0; i < out.length; i++) if (filter(out[i]!, this.sys)) out[kept++] = out[i]!;
    out.length = kept;
    this.lists[k] = out;
    return out;
  }
}

/** The size of an op: the sum of its numeric arguments (true counts 1). Replacements must lower it. */
export function opSize(op: Op): number {
  let n = 0;
  for (const v of Object.values(op)) n += typeof v === 'number' ? v : v === true ? 1 : 0;
  return n;
}

/**
 * An invariant as model properties of one claim: a split invariant is its
 * state part (`always`) and its step part (`transition`), in `stepFirst`
 * order; an invariant whose `check` declares `last` judges the step
 * (`transition`) and, with no step, the state (`always`); one declared as
 * `(s) => ...` is an `always` property.
 */
export function invariantProperties(inv: Invariant): SafetyPart<System, Op, StepOutcome>[] {
  const { name, description } = inv;
  const reads = inv.reads ? { reads: inv.reads } : {};
  if (inv.parts) {
    const { state, step, stepFirst } = inv.parts;
    const always = { kind: 'always' as const, name, description, check: state, ...reads };
    const transition = { kind: 'transition' as const, name, description, check: (t: SystemTransition) => step(t.after, t) };
    return stepFirst ? [transition, always] : [always, transition];
  }
  const check = inv.check;
  const always = { kind: 'always' as const, name, description, check: (s: System) => check(s, undefined), ...reads };
  if (!inv.readsStep) return [always];
  return [{ kind: 'transition', name, description, check: (t: SystemTransition) => check(t.after, t) }, always];
}

/** `invariants`, with `policy-threw` after them when the world has a policy of its own (a throw from it is then a violation, not an error). */
function withPolicyCheck(world: World, invariants: readonly Invariant[]): readonly Invariant[] {
  if ((!world.balancer && !world.scheduler) || invariants.length === 0 || invariants.some((i) => i.name === policyThrew.name)) return invariants;
  return [...invariants, policyThrew];
}

/**
 * The System of `world` as a model checking the given properties (none by
 * default); a world with a balancer or scheduler policy of its own also checks
 * `policy-threw` when any invariant is checked.
 */
export function systemModel(world: World, opts: SystemModelOptions = {}): SystemModel {
  const types = opts.opTypes ? OP_TYPES.filter((t) => opts.opTypes!.includes(t)) : OP_TYPES;
  const filter = opts.opFilter;
  const properties: ModelProperty<System, Op, StepOutcome>[] = [
    ...withPolicyCheck(world, opts.invariants ?? []).flatMap(invariantProperties),
    ...(opts.goals ?? []).map((g) => ({ kind: 'sometimes' as const, name: g.name, description: g.description, reached: g.reached, ...(g.reads ? { reads: g.reads } : {}) })),
    ...(opts.liveness ?? []).map((l) => ({
      kind: 'eventually' as const,
      name: l.name,
      description: l.description,
      trigger: l.trigger,
      satisfied: l.satisfied,
      within: l.withinSteps,
      ...(l.explain ? { explain: l.explain } : {}),
    })),
  ];
  // One initial System for every run (it is immutable), with its enabled ops listed once.
  let initial: System | undefined;
  let initialOps: readonly Op[] | undefined;
  const enumerators = enumeratorsOf(types);
  const anys = anyOf(types);
  return {
    initial: () => (initial ??= initialSystem(world)),
    actions: (s) => (s === initial ? (initialOps ??= listOps(s, enumerators, filter)) : listOps(s, enumerators, filter)),
    // A filter may read any part, so with one every kind is asked in every state.
    byKind: { kinds: types, view: (s) => new SystemKindView(s, enumerators, anys, filter), ...(filter ? {} : { reads: types.map((t) => OP_RECORDS[t].reads) }) },
    next: (s, op) => {
      const r = applyOp(s, op);
      return r.outcome.status === 'skipped' ? undefined : { state: r.system, outcome: r.outcome };
    },
    properties,
    describe: describeOp,
    identity: {
      fingerprinter(symmetry) {
        const canon = new Canonicaliser(world.config, symmetry);
        return { fingerprint: (s, extra) => canon.fingerprint(s, extra), commit: () => canon.commit(), same: sameIdentity };
      },
    },
    codec(symmetry, portable = false) {
      const codec = new SystemCodec(world, portable);
      const canon = symmetry ? CodecCanonicaliser.of(world.config, codec) : null;
      return {
        write: (w, s) => codec.write(w, s),
        read: (b) => codec.read(b),
        ...(canon ? { writeCanonical: (w: ByteWriter, s: System) => canon.write(w, s) } : {}),
        ...(portable ? { writeKey: (w: ByteWriter, s: System) => codec.writeKey(w, s) } : {}),
      };
    },
    ...(opts.isFinal ? { isFinal: opts.isFinal } : {}),
    isQuiescent: opts.isQuiescent ?? systemQuiescent,
    kind: (op) => op.type,
    size: opSize,
    // What a step changed, by part of the System: properties' `reads` name these parts.
    changes: { parts: STATE_PARTS, changed: changedParts },
  };
}
