/**
 * Advancing XState machines as plain data.
 *
 * A machine instance inside the System is a `MachineState` (state value and
 * context, nothing else), so the System stays serialisable and cheap to
 * fingerprint. `advance` resolves it, runs XState's pure `transition`, and
 * returns the next plain state with the actions the machine emitted, which
 * the system interprets. Results are memoised per machine variant: the
 * transition function is pure, so the memo changes speed, never results.
 */
import { type AnyStateMachine, type StateValue, transition } from 'xstate';

/** A machine instance as plain data. */
export interface MachineState<C = unknown> {
  readonly value: StateValue;
  readonly context: C;
}

/** An action a machine emitted: its name and resolved parameters. */
export interface EmittedAction {
  readonly type: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** What one event did to one machine. */
export interface Advance<C = unknown> {
  readonly state: MachineState<C>;
  readonly actions: readonly EmittedAction[];
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
  const taken = machine.getTransitionData(snap, event as never)[0];
  if (!taken) return undefined;
  const candidates = taken.source.transitions.get(taken.eventType) ?? [];
  return transitionId(nodePath(taken.source), taken.eventType, candidates.indexOf(taken));
}

const memo = new WeakMap<AnyStateMachine, Map<string, Advance>>();
const MEMO_LIMIT = 200_000;
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

/** The initial state of `machine`, as plain data. */
export function initialState<C>(machine: AnyStateMachine): MachineState<C> {
  const cfg = machine.config as { initial?: string; context?: C };
  const snap = machine.resolveState({ value: cfg.initial as StateValue, context: cfg.context as C });
  return { value: snap.value, context: snap.context as C };
}

/** Sends `event` to the machine instance `state` and returns what happened, without side effects. */
export function advance<C, E extends { type: string }>(machine: AnyStateMachine, state: MachineState<C>, event: E): Advance<C> {
  let instances = byInstance.get(machine);
  if (!instances) byInstance.set(machine, (instances = new WeakMap()));
  let events = instances.get(state);
  if (!events) instances.set(state, (events = new Map()));
  const node = eventNode(events, event);
  const known = node.get(RESULT);
  if (known) return known as Advance<C>;
  const result = advanceMemo(machine, state, event);
  node.set(RESULT, result as Advance);
  return result;
}

function advanceMemo<C, E extends { type: string }>(machine: AnyStateMachine, state: MachineState<C>, event: E): Advance<C> {
  let table = memo.get(machine);
  if (!table) memo.set(machine, (table = new Map()));
  const key = JSON.stringify([state.value, state.context, event]);
  const hit = table.get(key);
  if (hit) return hit as Advance<C>;
  const snap = machine.resolveState({ value: state.value, context: state.context });
  const accepted = snap.can(event);
  let result: Advance<C>;
  if (!accepted) {
    result = { state, actions: [], accepted: false };
  } else {
    const [next, actions] = transition(machine, snap, event);
    result = {
      state: { value: next.value, context: next.context as C },
      actions: actions
        .filter((a) => !a.type.startsWith('xstate.'))
        .map((a) => (a.params === undefined ? { type: a.type } : { type: a.type, params: a.params as Record<string, unknown> })),
      accepted: true,
      branch: branchOf(machine, snap, event),
    };
  }
  if (table.size >= MEMO_LIMIT) table.clear();
  table.set(key, result as Advance);
  return result;
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
