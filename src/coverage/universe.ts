/**
 * The universe of a machine: every state node and every transition
 * definition it declares, read from XState's own structure (`xstate/graph`
 * lists the state nodes; each node's `transitions` map holds every
 * candidate for an event, guarded branches included, in the order XState
 * tries them).
 *
 * A transition is identified by the node that declares it, the event and
 * its index among that node's candidates (`transitionId`), the same id
 * `advance` records when the machine takes it. A transition declared on
 * the root (`*`) applies in every state that does not handle the event.
 */
import type { AnyStateMachine } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import type { MachineSet } from '../system/system.js';
import { nodePath, transitionId } from '../system/machine-runtime.js';

/** One state node of a machine. */
export interface UniverseState {
  /** Dotted path from the root (`suspended`, `running.fetching`). */
  readonly id: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** What the state promises (its `meta.promise`), if declared. */
  readonly promise?: string;
}

/** One transition definition of a machine. */
export interface UniverseTransition {
  /** `source:event:index`. */
  readonly id: string;
  /** Dotted path of the declaring node, `*` for the root. */
  readonly source: string;
  readonly event: string;
  /** Index among the source's candidates for the event. */
  readonly index: number;
  /** The guard's name, when the branch is guarded. */
  readonly guard?: string;
  /** Dotted path of the target; the source itself when the transition has no target. */
  readonly target: string;
  /** True when the transition has no target (the state does not change). */
  readonly targetless: boolean;
  /** Names of the actions it emits. */
  readonly actions: readonly string[];
}

/** Everything one machine declares. */
export interface MachineUniverse {
  readonly machine: string;
  /** The initial state's path. */
  readonly initial: string;
  readonly states: readonly UniverseState[];
  readonly transitions: readonly UniverseTransition[];
  /**
   * Its eventless (`always`) transitions, which the machine takes at once
   * on entering their source (a step records the state they lead to, so
   * they are not counted among `transitions`): where a state may settle.
   */
  readonly eventless?: readonly { readonly source: string; readonly target: string }[];
}

/** The universe of every machine of a run, keyed like `MachineSet`. */
export type Universe = Readonly<Record<string, MachineUniverse>>;

type AnyNode = ReturnType<typeof getStateNodes>[number];

const guardName = (g: unknown): string | undefined => {
  if (g === undefined || g === null) return undefined;
  if (typeof g === 'string') return g;
  if (typeof g === 'function') return (g as { name?: string }).name || 'inline';
  const t = (g as { type?: unknown }).type;
  return typeof t === 'string' ? t : 'inline';
};

const actionName = (a: unknown): string => {
  if (typeof a === 'string') return a;
  if (typeof a === 'function') return (a as { type?: string; name?: string }).type ?? ((a as { name?: string }).name || 'inline');
  return String((a as { type?: unknown }).type ?? 'inline');
};

function transitionsOf(node: AnyNode): UniverseTransition[] {
  const out: UniverseTransition[] = [];
  const source = nodePath(node);
  for (const [event, defs] of node.transitions) {
    defs.forEach((t, index) => {
      const target = t.target?.[0];
      out.push({
        id: transitionId(source, event, index),
        source,
        event,
        index,
        ...(guardName(t.guard) === undefined ? {} : { guard: guardName(t.guard) }),
        target: target ? nodePath(target) : source,
        targetless: !target,
        actions: t.actions.map(actionName),
      });
    });
  }
  return out;
}

/** The universe of one machine definition. */
export function machineUniverse(name: string, machine: AnyStateMachine): MachineUniverse {
  const nodes = getStateNodes(machine.root);
  const states: UniverseState[] = nodes.map((n) => {
    const promise = (n.meta as { promise?: unknown } | undefined)?.promise;
    return { id: nodePath(n), type: n.type, ...(typeof promise === 'string' ? { promise } : {}) };
  });
  const transitions = [machine.root as AnyNode, ...nodes].flatMap(transitionsOf);
  const initial = machine.root.initial?.target?.[0];
  const eventless = nodes.flatMap((n) => (n.always ?? []).flatMap((t) => (t.target?.[0] ? [{ source: nodePath(n), target: nodePath(t.target[0]) }] : [])));
  return { machine: name, initial: initial ? nodePath(initial) : '*', states, transitions, ...(eventless.length ? { eventless } : {}) };
}

/** The universe of every machine in `machines` (all of them: the list comes from the set). */
export function universeOf(machines: MachineSet): Universe {
  const out: Record<string, MachineUniverse> = {};
  for (const [name, def] of Object.entries(machines) as [string, AnyStateMachine][]) out[name] = machineUniverse(name, def);
  return out;
}
