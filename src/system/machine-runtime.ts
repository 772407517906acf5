/**
 * Advancing XState machines as plain data.
 *
 * A machine instance inside the System is a `MachineState` (state value and
 * context, nothing else), so the System stays serialisable and cheap to
 * fingerprint. `advance` resolves it, runs XState's pure `transition`, and
 * returns the next plain state with the actions the machine emitted, which
 * the system interprets. Results are memoised per machine variant: the
 * transition function is pure, so the memo changes speed, never results.
 *
 * Everything is typed by the machine `M` itself: its instances' context
 * (`StateOf<M>`), the events it takes (`EventOf<M>`), and the actions it
 * emits (`ActionOf<M>`, each name with its own parameters), all derived
 * from the machine's `setup({ types, actions, guards })`, where each name
 * is declared once. An interpreter table (`ActionTable<M, ...>`) is keyed
 * by those names, so it cannot miss one or name one the machine lacks.
 */
import { type AnyStateMachine, type ContextFrom, type EventFromLogic, type StateMachine, type StateValue, transition } from 'xstate';

/** A machine instance as plain data. */
export interface MachineState<C = unknown> {
  readonly value: StateValue;
  readonly context: C;
}

/** The plain state of an instance of machine `M`. */
export type StateOf<M extends AnyStateMachine> = MachineState<ContextFrom<M>>;

/** The events machine `M` takes. */
export type EventOf<M extends AnyStateMachine> = EventFromLogic<M>;

/**
 * The action objects machine `M` declares in its `setup({ actions })`: each
 * name with the type of its parameters (the one place action names are
 * declared; everything keyed by action name derives from this).
 */
export type ActionObjectOf<M> =
  M extends StateMachine<infer _C, infer _E, infer _Ch, infer _Ac, infer A, infer _G, infer _D, infer _V, infer _T, infer _I, infer _O, infer _Em, infer _Me, infer _S, infer _Tm> ? A : never;

/** The guard objects machine `M` declares in its `setup({ guards })`. */
export type GuardObjectOf<M> =
  M extends StateMachine<infer _C, infer _E, infer _Ch, infer _Ac, infer _A, infer G, infer _D, infer _V, infer _T, infer _I, infer _O, infer _Em, infer _Me, infer _S, infer _Tm> ? G : never;

/** The names of the actions machine `M` declares. */
export type ActionName<M> = ActionObjectOf<M>['type'];

/** The names of the guards machine `M` declares. */
export type GuardName<M> = GuardObjectOf<M>['type'];

/** An action some machine emitted: its name and resolved parameters. */
export interface EmittedAction {
  readonly type: string;
  readonly params?: unknown;
}

/** The parameter type of each action machine `M` declares, by name. */
export type ActionParams<M> = { [A in ActionObjectOf<M> as A['type']]: A['params'] };

/**
 * The emitted action of `M` called `K`, with that action's parameters (an
 * action declared without parameters is emitted without them).
 */
export type ActionNamed<M, K extends keyof ActionParams<M>> = { readonly type: K } & (undefined extends ActionParams<M>[K]
  ? { readonly params?: ActionParams<M>[K] }
  : { readonly params: ActionParams<M>[K] });

/** An action machine `M` emitted: one of its declared names, with that action's parameters. */
export type ActionOf<M> = { [K in keyof ActionParams<M>]: ActionNamed<M, K> }[keyof ActionParams<M>];

/**
 * An interpreter table for machine `M`: what the system does for each
 * action `M` declares, keyed by the machine's own action names (a name
 * missing from the table, or one the machine does not declare, does not
 * compile). Each entry gets `Args`, then the action with its typed
 * parameters (an entry that does not need the action leaves it off).
 */
export type ActionTable<M extends AnyStateMachine, Args extends readonly unknown[]> = {
  readonly [K in ActionName<M>]: (...args: [...Args, ActionNamed<M, K>]) => void;
} & {
  /** The machine the table is for (a type-level mark, never set). */
  readonly '~machine'?: M;
};

/** Runs the action `a` machine `M` emitted through its entry of `table`, with `args`. */
export function interpret<M extends AnyStateMachine, K extends ActionName<M>, Args extends readonly unknown[]>(table: ActionTable<M, Args>, a: ActionNamed<M, K>, ...args: Args): void {
  const entry: (...args: [...Args, ActionNamed<M, K>]) => void = table[a.type];
  entry(...args, a);
}

/** What one event did to one machine. */
export interface Advance<M extends AnyStateMachine = AnyStateMachine> {
  readonly state: StateOf<M>;
  readonly actions: readonly ActionOf<M>[];
  /** False when no transition in the current state takes the event. */
  readonly accepted: boolean;
  /**
   * Which transition definition was taken (`source:event:index`, see
   * `transitionId`), so coverage can tell guarded branches apart.
   */
  readonly branch?: string;
}

/**
 * The identity of one transition definition: the dotted path of the state
 * node that declares it (`*` for the machine's root), the event, and its
 * index among that node's candidates for the event (guarded branches are
 * tried in order).
 */
export const transitionId = (source: string, event: string, index: number): string => `${source}:${event}:${index}`;

/** The dotted path of a state node (`*` for the root). */
export const nodePath = (node: { path: readonly string[] }): string => (node.path.length ? node.path.join('.') : '*');

/**
 * The id of the transition definition the machine instance `state` selects
 * for `event` (also one with neither target nor actions, which XState does
 * not count as taken), or undefined when none does.
 */
export const selectedBranch = (machine: AnyStateMachine, state: MachineState, event: { type: string }): string | undefined =>
  branchOf(machine, machine.resolveState({ value: state.value, context: state.context }), event);

function branchOf(machine: AnyStateMachine, snap: ReturnType<AnyStateMachine['resolveState']>, event: { type: string }): string | undefined {
  const taken = machine.getTransitionData(snap, event)[0];
  if (!taken) return undefined;
  const candidates = taken.source.transitions.get(taken.eventType) ?? [];
  return transitionId(nodePath(taken.source), taken.eventType, candidates.indexOf(taken));
}

const memo = new WeakMap<AnyStateMachine, Map<string, Advance>>();
const MEMO_LIMIT = 200_000;

/** How `advance` calls were answered since the last `resetAdvanceStats` (the memo changes speed, never results: these say how much). */
export interface AdvanceStats {
  /** Calls of `advance`. */
  calls: number;
  /** Answered by the instance front (the same instance object and event seen before). */
  instanceHits: number;
  /** Answered by the memo's table (the same state, context and event seen before, in another object). */
  memoHits: number;
  /** Computed by XState's pure transition. */
  computed: number;
  /** Times the memo's table of one machine reached its bound (`MEMO_LIMIT` entries) and was emptied. */
  clears: number;
}

const STATS: AdvanceStats = { calls: 0, instanceHits: 0, memoHits: 0, computed: 0, clears: 0 };

/** The memo's counts since the last reset (a copy). */
export const advanceStats = (): AdvanceStats => ({ ...STATS });

/** Sets the memo's counts to zero (the memo itself is kept). */
export function resetAdvanceStats(): void {
  STATS.calls = STATS.instanceHits = STATS.memoHits = STATS.computed = STATS.clears = 0;
}
/**
 * A front to the memo keyed by the instance object itself: machine states
 * are shared between System values (and the memo hands out the same
 * object for the same result), so most calls skip serialising the state.
 * Per instance, events are looked up in a trie (`EventTrie`).
 */
const byInstance = new WeakMap<AnyStateMachine, WeakMap<object, EventTrie>>();

/**
 * Results by event, as a trie: the event's type, then each other field's
 * name and value, in the event's own key order; the result sits under
 * `RESULT`. Every key is a value already at hand (no key text is built,
 * and names and values are usually interned strings or small integers); an
 * object-valued field is keyed by its JSON text under `OBJECT`, so it never
 * meets a string field of the same text.
 */
type EventTrie = Map<unknown, unknown>;
const RESULT = Symbol('result');
const OBJECT = Symbol('object');

/** The child of `node` under `key`, created when missing. */
function child(node: EventTrie, key: unknown): EventTrie {
  let next = node.get(key) as EventTrie | undefined;
  if (next === undefined) node.set(key, (next = new Map()));
  return next;
}

/** The trie node of `event` under `root`. */
function eventNode(root: EventTrie, event: { type: string }): EventTrie {
  const e = event as unknown as Record<string, unknown>;
  let node = child(root, event.type);
  for (const k in e) {
    if (k === 'type') continue;
    const v = e[k];
    node = child(node, k);
    node = typeof v === 'object' && v !== null ? child(child(node, OBJECT), JSON.stringify(v)) : child(node, v);
  }
  return node;
}

/** The initial state of each machine, resolved once (a state is immutable data, and one object lets the step memo's instance front answer for it). */
const INITIAL = new WeakMap<AnyStateMachine, MachineState>();

/** The initial state of `machine`, as plain data (the same object for every call). */
export function initialState<M extends AnyStateMachine>(machine: M): StateOf<M> {
  const m: AnyStateMachine = machine;
  const known = INITIAL.get(m);
  if (known) return known as StateOf<M>;
  const initial = m.config.initial;
  if (typeof initial !== 'string') throw new Error(`machine ${m.id}: its initial state must be given by name`);
  const snap = m.resolveState({ value: initial, context: m.config.context });
  const state = intern(m, { value: snap.value, context: snap.context } as MachineState);
  INITIAL.set(m, state);
  return state as StateOf<M>;
}

/** Sends `event` to the machine instance `state` and returns what happened, without side effects. */
export function advance<M extends AnyStateMachine>(machine: M, state: StateOf<M>, event: EventOf<M>): Advance<M> {
  let instances = byInstance.get(machine);
  if (!instances) byInstance.set(machine, (instances = new WeakMap()));
  let events = instances.get(state);
  if (!events) instances.set(state, (events = new Map()));
  const node = eventNode(events, event);
  const known = node.get(RESULT);
  STATS.calls++;
  if (known) {
    STATS.instanceHits++;
    return resultOf<M>(known);
  }
  const result = advanceMemo(machine, state, event);
  node.set(RESULT, result);
  return resultOf<M>(result);
}

/**
 * A memoised result of machine `M`, read back: the memo holds the results of
 * every machine, each under its own machine, so an entry found under `M` is
 * one `M` produced (the one place the memo's values regain their type).
 */
const resultOf = <M extends AnyStateMachine>(stored: unknown): Advance<M> => stored as Advance<M>;

function advanceMemo(machine: AnyStateMachine, state: MachineState, event: { type: string }): Advance {
  let table = memo.get(machine);
  if (!table) memo.set(machine, (table = new Map()));
  const key = JSON.stringify([state.value, state.context, event]);
  const hit = table.get(key);
  if (hit) {
    STATS.memoHits++;
    return hit;
  }
  STATS.computed++;
  intern(machine, state);
  const snap = machine.resolveState({ value: state.value, context: state.context });
  const accepted = snap.can(event);
  let result: Advance;
  if (!accepted) {
    result = { state, actions: [], accepted: false };
  } else {
    const [next, actions] = transition(machine, snap, event);
    result = {
      state: intern(machine, { value: next.value, context: next.context }),
      actions: actions
        .filter((a) => !a.type.startsWith('xstate.'))
        .map((a): EmittedAction => (a.params === undefined ? { type: a.type } : { type: a.type, params: a.params })),
      accepted: true,
      branch: branchOf(machine, snap, event),
    };
  }
  if (table.size >= MEMO_LIMIT) {
    table.clear();
    internTable(machine).clear();
    STATS.clears++;
  }
  table.set(key, result);
  return result;
}

/** The states each machine's memo has handed out, by their value and context as JSON (see `intern`). */
const interned = new WeakMap<AnyStateMachine, Map<string, MachineState>>();

function internTable(machine: AnyStateMachine): Map<string, MachineState> {
  let table = interned.get(machine);
  if (!table) interned.set(machine, (table = new Map()));
  return table;
}

/**
 * The one object the memo hands out for a state of `machine` with this
 * value and context: a transition that leaves a machine as it was gives
 * back the very object it started from, so the System parts that hold it
 * stay the same objects and a step that changed nothing changes no part.
 */
function intern(machine: AnyStateMachine, state: MachineState): MachineState {
  const table = internTable(machine);
  const key = JSON.stringify([state.value, state.context]);
  const known = table.get(key);
  if (known) return known;
  table.set(key, state);
  return state;
}

/** True when the emitted actions include one named `type`. */
export const emitted = (actions: readonly EmittedAction[], type: string): EmittedAction | undefined => actions.find((a) => a.type === type);

/** The state value as a dotted path (`suspended`, `running`), for reports and coverage. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([k, v]) => (v === undefined ? k : `${k}.${stateName(v as StateValue)}`))
    .join(',');
}
