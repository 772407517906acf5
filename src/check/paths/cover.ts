/**
 * One path through every transition of a machine's specification, each
 * one the system can follow where there is one: a breadth-first search
 * over the specification's snapshots with hvspec's system run alongside
 * (through the machine's driver) finds, for every transition (guarded
 * branches apart), the shortest path to a snapshot after which the driver
 * can produce the event and the system takes that branch. Where the
 * driver has a `systemKey`, two visits of one snapshot with different
 * system keys are searched apart (the rest of the system decides which
 * events the driver can produce there). A transition no such search
 * reaches is taken after the specification's shortest path to its source
 * (the walker and the paths file then report the step undrivable).
 * Each step of a path the search found carries the ops that drove it.
 */
import { type AnyStateMachine, type EventObject, type SnapshotFrom, getInitialSnapshot, transition } from 'xstate';
import type { StatePath, createTestModel } from 'xstate/graph';
import { type System, type World, initialSystem } from '../../system/system.js';
import { step } from '../../system/step.js';
import type { Op } from '../../system/ops.js';
import { type MachineState, selectedBranch, stateName } from '../../system/machine-runtime.js';
import { describeOp } from '../../system/describe.js';
import type { Driver } from './driver.js';

type AnySnapshot = SnapshotFrom<AnyStateMachine>;

/** A path of `xstate/graph` over any machine. */
export type AnyPath = StatePath<any, EventObject>;

/** A step of a path the search found: the ops that drove it, from the system the steps before it left. */
interface DrivenStep {
  readonly ops?: readonly Op[];
}

/** The ops the search drove a step of a path with (none for a step of a path it did not find). */
export const drivenOps = (pathStep: object): readonly Op[] | undefined => (pathStep as DrivenStep).ops;

/** The key of a snapshot: its state value and context. */
export const snapshotKey = (s: { readonly value: unknown; readonly context: unknown }): string => JSON.stringify([s.value, s.context]);

/** The system with the driver's instance created. */
export function setUp(world: World, driver: Driver): System {
  let sys: System = initialSystem(world);
  for (const op of driver.setup) sys = step(sys, op).system;
  return sys;
}

/** The branch of `def` that `event` takes in `state` (`source:EVENT:?` when the specification ignores it). */
export const branchOf = (def: AnyStateMachine, state: MachineState, event: EventObject): string => selectedBranch(def, state, event) ?? `${stateName(state.value)}:${event.type}:?`;

/**
 * Drives `event` on `sys` through the driver: the ops and the system after
 * them when the system takes `branch` (or, for an event the specification
 * ignores, no transition of the machine), otherwise why not.
 */
export function driveEvent(sys: System, driver: Driver, source: MachineState, event: EventObject, branch: string): { readonly ops: readonly Op[]; readonly sys: System } | { readonly reason: string } {
  // An event the system sends itself within the op before (FinalizePartition's CleanupComplete): no op of its own.
  if (driver.internal?.includes(event.type)) return { ops: [], sys };
  const d = driver.drive(sys, event, branch);
  if (d.kind === 'undrivable') return { reason: d.reason };
  let outcome;
  for (const op of d.ops) ({ system: sys, outcome } = step(sys, op));
  const taken = outcome!.status === 'skipped' ? [] : outcome!.transitions.filter((t) => t.machine === driver.machine && t.event === event.type);
  if (branch.endsWith(':?') ? taken.length === 0 : taken.some((t) => t.branch === branch)) return { ops: d.ops, sys };
  return { reason: `in ${stateName(source.value)}, ${describeOp(d.ops.at(-1)!)} does not take ${branch} in hvspec's system` };
}

/**
 * One path through every transition of `def`'s graph under `events` (see
 * the file's comment): for each transition (each guarded branch apart)
 * that some snapshot of the graph takes on an event listed for it, one
 * path ending with it. The search stops once it has a path the system
 * follows for every one.
 */
export function coverPaths(world: World, def: AnyStateMachine, driver: Driver, model: ReturnType<typeof createTestModel>, events: (snap: AnySnapshot) => EventObject[]): AnyPath[] {
  // Every transition of the graph, with the specification's shortest path to a snapshot that takes it.
  const shortest = new Map((model.getShortestPaths({ allowDuplicatePaths: true }) as AnyPath[]).map((p) => [snapshotKey(p.state), p]));
  const wanted = new Map<string, AnyPath>();
  for (const v of Object.values(model.getAdjacencyMap())) {
    const snap = v.state as AnySnapshot;
    const head = shortest.get(snapshotKey(snap));
    if (!head || snap.status !== 'active') continue;
    for (const event of events(snap)) {
      const branch = branchOf(def, { value: snap.value, context: snap.context }, event);
      if (wanted.has(branch)) continue;
      const [after] = transition(def, snap, event);
      wanted.set(branch, { state: after, steps: [...head.steps, { event, state: after }], weight: head.weight + 1 });
    }
  }
  const sysKey = driver.systemKey ?? (() => '');
  const found = new Map<string, AnyPath>();
  const first = getInitialSnapshot(def) as AnySnapshot;
  const start = setUp(world, driver);
  const seen = new Set([`${snapshotKey(first)}\n${sysKey(start)}`]);
  let frontier: { path: AnyPath; sys: System }[] = [{ path: { state: first, steps: [], weight: 0 }, sys: start }];
  while (frontier.length && found.size < wanted.size) {
    const next: typeof frontier = [];
    for (const { path, sys } of frontier) {
      const snap = path.state as AnySnapshot;
      const source = { value: snap.value, context: snap.context };
      for (const event of events(snap)) {
        const [after] = transition(def, snap, event);
        const branch = branchOf(def, source, event);
        // A snapshot already searched needs no second visit when the transition is covered (with a system key, the key is known only after driving).
        if (found.has(branch) && !driver.systemKey && seen.has(`${snapshotKey(after)}\n`)) continue;
        const r = driveEvent(sys, driver, source, event, branch);
        if (!('ops' in r)) continue;
        const driven = { event, state: after, ops: r.ops };
        const extended: AnyPath = { state: after, steps: [...path.steps, driven], weight: path.weight + 1 };
        if (!found.has(branch)) found.set(branch, extended);
        const key = `${snapshotKey(after)}\n${sysKey(r.sys)}`;
        if (seen.has(key) || after.status !== 'active') continue;
        seen.add(key);
        next.push({ path: extended, sys: r.sys });
      }
    }
    frontier = next;
  }
  // A transition the system takes on no path searched: after the specification's shortest path to its source.
  return [...wanted].map(([branch, fallback]) => found.get(branch) ?? fallback);
}
