/**
 * The Model seam: what every engine (random, explore, replay, shrinking,
 * liveness, symmetry) needs to know about a system, and nothing more. A
 * model is a state machine given by its initial state, its enabled ops in
 * a deterministic order, the next state of an op, the claims to check, how
 * an op reads, and the identity of a state for fingerprints (compare
 * stateright's `Model`: `init_states`, `actions`, `next_state`,
 * `properties`, `format_action`).
 *
 * hvspec's System is one implementation (`systemModel` in
 * src/check/system-model.ts); any other state machine can be another.
 * `S` is the state, `A` an op (action), `O` what taking an op reports
 * besides the next state (hvspec: the step's outcome; `undefined` for a
 * model that reports nothing).
 */
import type { Fingerprint } from './hash-mix.js';
import type { ByteWriter } from './bytes.js';

/** What taking an enabled op gave: the next state and what the step reports. */
export interface Next<S, O> {
  readonly state: S;
  readonly outcome: O;
}

/** One transition: the state before, the op taken, the state after, and what the step reported. */
export interface Transition<S, A, O> {
  readonly before: S;
  readonly op: A;
  readonly after: S;
  readonly outcome: O;
}

/** What every property declares. */
interface Named {
  /** Kebab-case name; consecutive properties with the same name are parts of one claim (below). */
  readonly name: string;
  /** One sentence: what it claims. */
  readonly description: string;
}

/** A claim about every reachable state, judged once per distinct state. */
export interface AlwaysProperty<S> extends Named {
  readonly kind: 'always';
  /** Null when the claim holds, otherwise what is wrong. */
  readonly check: (s: S) => string | null;
  /**
   * The parts of the state `check` reads (names from the model's
   * `changes.parts`). Absent: it is judged after every step. Given, the
   * random engine judges it again only after a step that changed one of
   * them (it is a function of those parts, so it cannot have changed its
   * verdict otherwise).
   */
  readonly reads?: readonly string[];
}

/** A claim about every transition taken (also one into a state seen before); not judged on the initial state. */
export interface TransitionProperty<S, A, O> extends Named {
  readonly kind: 'transition';
  /** Null when the claim holds on this transition, otherwise what is wrong. */
  readonly check: (t: Transition<S, A, O>) => string | null;
}

/** A reachability goal: some run (or some reachable state) should reach it; never reaching it is reported. */
export interface SometimesProperty<S, A, O> extends Named {
  readonly kind: 'sometimes';
  /** Whether `s` (reached by `t`, absent for the initial state) reaches the goal. */
  readonly reached: (s: S, t: Transition<S, A, O> | undefined) => boolean;
  /** The parts of the state `reached` reads, when it reads neither the step nor anything else (see `AlwaysProperty.reads`). */
  readonly reads?: readonly string[];
}

/**
 * Bounded liveness: once `trigger` holds, `satisfied` holds within
 * `within` steps (the triggering step is step 0). A path on which the
 * countdown runs out is a counterexample.
 */
export interface EventuallyProperty<S, A, O> extends Named {
  readonly kind: 'eventually';
  readonly trigger: (s: S, t: Transition<S, A, O> | undefined) => boolean;
  readonly satisfied: (s: S, t: Transition<S, A, O> | undefined) => boolean;
  /** Steps allowed after the trigger (0: at once; at most 126). */
  readonly within: number;
  /** What is still wrong when the countdown runs out (default: the description). */
  readonly explain?: (s: S) => string;
}

/**
 * Any property, declared with its kind. Properties are judged in the
 * order given. Consecutive `always` and `transition` properties that share
 * a name are parts of one claim: only the first part that fails (in that
 * order) is reported, and it is reported under the shared name.
 */
export type ModelProperty<S, A, O> = AlwaysProperty<S> | TransitionProperty<S, A, O> | SometimesProperty<S, A, O> | EventuallyProperty<S, A, O>;

/**
 * Fingerprints states for one search. `extra` words (the liveness
 * countdowns) are part of the identity. Under symmetry the fingerprint is
 * the same for every state of an orbit.
 */
export interface Fingerprinter<S> {
  /** The state's 64-bit identity, `extra` mixed in. */
  fingerprint(s: S, extra?: ArrayLike<number>): Fingerprint;
  /** Told that the last fingerprinted state is kept (a cache may keep what it computed). */
  commit?(): void;
  /** A cheap sufficient test that `a` and `b` have the same identity (false when unsure). */
  same?(a: S, b: S): boolean;
}

/** The identity of a state: a fingerprinter per search, with symmetry reduction on or off. */
export interface Identity<S> {
  fingerprinter(symmetry: boolean): Fingerprinter<S>;
}

/**
 * A canonical byte encoding of a model's states, for one search (its
 * tables grow as it encodes, so bytes from one codec mean nothing to
 * another). The bytes are the state's identity: everything that can
 * change behaviour, nothing that cannot. Two states encode alike exactly
 * when they behave alike, and `read` of a state's bytes gives a state that
 * behaves as it does (the same enabled ops, the successors' bytes alike).
 */
export interface StateCodec<S> {
  /** Appends the identity bytes of `s` to `w`. */
  write(w: ByteWriter, s: S): void;
  /** A state with these identity bytes (`write`'s). */
  read(bytes: Uint8Array): S;
  /** Appends the bytes of the orbit of `s` under the model's symmetry (alike for every state of an orbit). Absent: the search has no symmetry. */
  writeCanonical?(w: ByteWriter, s: S): void;
  /** Appends the bytes the visited set hashes, when they are not `write`'s (a portable codec whose `write` uses ids of its own). Symmetry's `writeCanonical` takes its place. */
  writeKey?(w: ByteWriter, s: S): void;
}

/** A system the engines can check. */
export interface Model<S, A, O = undefined> {
  /** The initial state (a model with several starts begins in one whose ops choose among them). */
  initial(): S;
  /** The ops enabled in `s`, in a deterministic order (the explorer's parent links are indices into it). */
  actions(s: S): readonly A[];
  /** The next state for `op`, or undefined when `op` is not enabled in `s` (a skipped op). */
  next(s: S, op: A): Next<S, O> | undefined;
  /** The claims to check, in report order. */
  readonly properties: readonly ModelProperty<S, A, O>[];
  /** How an op reads in a counterexample. */
  describe(op: A): string;
  /** The identity of a state for fingerprints. */
  readonly identity: Identity<S>;
  /**
   * A new byte codec of states for one search, canonical under symmetry
   * when `symmetry` is on. Given, the explorer keeps its frontier as bytes
   * and its visited set as hashes of them (`identity` is then unused by
   * it); absent, it keeps states as objects and fingerprints them.
   * `portable`: several codecs of one search, each in its own thread,
   * must give a state the same key bytes (`writeCanonical`, else
   * `writeKey`, else `write`), so that the threads share one visited set
   * (`read` need only read its own codec's `write`). A codec whose bytes
   * hold no ids of its own is portable as it is. The worker-thread search
   * asks for it.
   */
  codec?(symmetry: boolean, portable?: boolean): StateCodec<S>;
  /** States where no op applying is expected (not deadlocks). Default: none. */
  isFinal?(s: S): boolean;
  /**
   * States where time may pass and nothing changes by design: every op
   * enabled there leads back to the state, and that is expected (not a
   * stuck state). Default: none, so every such state is reported.
   */
  isQuiescent?(s: S): boolean;
  /** An op's kind: random weights are per kind, and shrinking replaces an op only by one of its kind. Default: one kind. */
  kind?(op: A): string;
  /**
   * A state's ops one kind at a time, for a model whose `actions` lists
   * its ops kind after kind in one fixed order. The random engine draws a
   * kind first, so with it the engine lists only the kind it draws (the
   * same op is drawn as from `actions`). Default: the engine lists every op.
   * A model made from another by replacing `actions` or `kind` must drop
   * or replace this too: the engine draws through it when it is there.
   */
  readonly byKind?: ActionsByKind<S, A>;
  /** An op's size: shrinking tries smaller ops of the same kind in its place. Default: no replacements. */
  size?(op: A): number;
  /** What a step changed, by named part of the state: lets an engine skip the claims whose `reads` a step left alone. Default: every claim is judged after every step. */
  readonly changes?: StateChanges<S>;
}

/** A model's ops listed one kind at a time (`Model.byKind`). */
export interface ActionsByKind<S, A> {
  /** Every kind, in the order `actions` lists them: its list is the ops of `kinds[0]`, then those of `kinds[1]`, and so on (each as `kind` names it). */
  readonly kinds: readonly string[];
  /** The enabled ops of `s`, by kind (what the view computes it may keep while it is used). */
  view(s: S): KindView<A>;
  /**
   * Per kind (in `kinds` order), the `changes.parts` whose contents decide
   * whether the kind has an enabled op (`undefined`: any part may). A
   * generator that asked `has(k)` of a state asks it again of the next
   * only when the step changed one of these parts; otherwise it keeps the
   * answer. Absent, or without `changes`: every kind is asked in every
   * state. A list that leaves out a part the kind reads gives other runs;
   * one naming a part `changes` does not name is an error.
   */
  readonly reads?: readonly (readonly string[] | undefined)[];
}

/** One state's enabled ops by kind index (into `ActionsByKind.kinds`). */
export interface KindView<A> {
  /** Whether the state enables an op of kind `k`: exactly when `of(k)` is not empty. */
  has(k: number): boolean;
  /** The state's enabled ops of kind `k`, in the order `actions` lists them. */
  of(k: number): readonly A[];
}

/** The named parts of a model's state, and which of them a step changed. */
export interface StateChanges<S> {
  /** The part names properties may list in `reads` (at most 31). */
  readonly parts: readonly string[];
  /** Bit `i` set when the step from `before` to `after` may have changed `parts[i]` (set too many, never too few). */
  changed(before: S, after: S): number;
}

/** A claim's verdict as data. */
export type Verdict =
  /** Held everywhere the engine looked, and it looked everywhere it claims to (every reachable state; every generated run). */
  | { readonly kind: 'holds' }
  /** Broken: what is wrong (`message` for the claim the counterexample reports; others broken by its last step carry none). */
  | { readonly kind: 'violated'; readonly message?: string }
  /** Not broken where the engine looked, but the search ended first (a limit, or another claim's violation): no claim about the rest. */
  | { readonly kind: 'bounded' };
