/**
 * Builds the paths file (paths-file.ts): for each driven machine, one
 * `xstate/graph` path through every transition of the specification (the
 * shortest path to its source that hvspec's system can follow, or the
 * specification's shortest when there is none, then the transition; a
 * path that is a prefix of another is dropped), each step with the state and context the
 * specification reaches, and the ops the machine's driver issues on
 * hvspec's system to produce the event. The system is run alongside to
 * find those ops: a step it cannot take is marked undrivable, with the
 * reason, and so are the steps after it.
 */
import { type AnyStateMachine, type EventObject, type SnapshotFrom, type StateValue, getInitialSnapshot, transition } from 'xstate';
import type { Op } from '../../system/ops.js';
import { createTestModel } from 'xstate/graph';
import { type System, type World, type MachineSet, initialSystem, STANDARD_MACHINES } from '../../system/system.js';
import { step } from '../../system/step.js';
import { initialState, selectedBranch, stateName, type MachineState } from '../../system/machine-runtime.js';
import { describeOp } from '../../system/describe.js';
import { machineUniverse } from '../../coverage/universe.js';
import type { Driver } from './drivers.js';
import { NO_DRIVER } from './drivers.js';
import { type AnyPath, eventsFor, transitionPaths } from './walk.js';
import { PATHS_FORMAT, PATHS_VERSION, type MachinePathsExport, type PathStep, type PathsFile } from './paths-file.js';

type AnySnapshot = SnapshotFrom<AnyStateMachine>;

const keyOf = (s: { value: unknown; context: unknown }) => JSON.stringify([s.value, s.context]);

/** A value as JSON reads it back (undefined fields dropped). */
const plain = <T>(v: unknown): T => JSON.parse(JSON.stringify(v)) as T;

/** Drops every path whose events are a prefix of another path's (it takes no transition the longer one does not). */
function dropPrefixes(paths: readonly PathStep[][]): PathStep[][] {
  const keys = paths.map((p) => p.map((s) => JSON.stringify(s.event)));
  const isPrefix = (a: string[], b: string[]) => a.length < b.length && a.every((k, i) => k === b[i]);
  const seen = new Set<string>();
  return paths.filter((_, i) => {
    const whole = keys[i]!.join('\n');
    if (seen.has(whole) || keys.some((k) => isPrefix(keys[i]!, k))) return false;
    seen.add(whole);
    return true;
  });
}

/** The system with the driver's instance created. */
function setUp(world: World, driver: Driver): System {
  let sys: System = initialSystem(world);
  for (const op of driver.setup) sys = step(sys, op).system;
  return sys;
}

/** The branch of `def` that `event` takes in `state` (`source:EVENT:?` when the specification ignores it). */
const branchOf = (def: AnyStateMachine, state: MachineState, event: EventObject): string => selectedBranch(def, state, event) ?? `${stateName(state.value)}:${event.type}:?`;

/**
 * Drives `event` on `sys` through the driver: the ops and the system after
 * them when the system takes `branch` (or, for an event the specification
 * ignores, no transition of the machine), otherwise why not.
 */
function driveEvent(sys: System, driver: Driver, source: MachineState, event: EventObject, branch: string): { readonly ops: readonly Op[]; readonly sys: System } | { readonly reason: string } {
  // An event the system sends itself within the op before (FinalizePartition's CleanupComplete): no op of its own.
  if (driver.internal?.includes(event.type)) return { ops: [], sys };
  const d = driver.drive(sys, event);
  if (d.kind === 'undrivable') return { reason: d.reason };
  let outcome;
  for (const op of d.ops) ({ system: sys, outcome } = step(sys, op));
  const taken = outcome!.status === 'skipped' ? [] : outcome!.transitions.filter((t) => t.machine === driver.machine && t.event === event.type);
  if (branch.endsWith(':?') ? taken.length === 0 : taken.some((t) => t.branch === branch)) return { ops: d.ops, sys };
  return { reason: `in ${stateName(source.value)}, ${describeOp(d.ops.at(-1)!)} does not take ${branch} in hvspec's system` };
}

/** The steps of one path, with the ops that drive each on `world`'s system. */
function exportPath(world: World, def: AnyStateMachine, driver: Driver, path: AnyPath): PathStep[] {
  let sys = setUp(world, driver);
  const start = def.resolveState(initialState(def));
  let prev: MachineState = { value: start.value, context: start.context };
  let stuck: string | undefined;
  const out: PathStep[] = [];
  for (const s of path.steps) {
    const event = s.event as EventObject;
    if (event.type.startsWith('xstate.')) continue;
    const branch = branchOf(def, prev, event);
    const after = { value: s.state.value as StateValue, context: s.state.context as unknown };
    const base = { event: plain<PathStep['event']>(event), transition: branch, state: stateName(after.value), value: plain<PathStep['value']>(after.value), context: plain<PathStep['context']>(after.context) };
    if (stuck === undefined) {
      const r = driveEvent(sys, driver, prev, event, branch);
      if ('ops' in r) {
        sys = r.sys;
        out.push({ ...base, ops: plain<PathStep['ops']>(r.ops) });
      } else {
        stuck = r.reason;
        out.push({ ...base, ops: null, undrivable: stuck });
      }
    } else out.push({ ...base, ops: null, undrivable: `an earlier step is undrivable (${stuck})` });
    prev = after;
  }
  return out;
}

/**
 * The shortest path to each model snapshot that hvspec's system can follow
 * step by step (a breadth-first search over the specification's snapshots,
 * the system run alongside): the way to a transition's source that keeps
 * the transition drivable.
 */
function drivableHeads(world: World, def: AnyStateMachine, driver: Driver, events: (snap: AnySnapshot) => EventObject[]): AnyPath[] {
  const first = getInitialSnapshot(def) as AnySnapshot;
  const seen = new Set([keyOf(first)]);
  const heads: AnyPath[] = [];
  let frontier: { path: AnyPath; sys: System }[] = [{ path: { state: first, steps: [], weight: 0 }, sys: setUp(world, driver) }];
  while (frontier.length) {
    const next: typeof frontier = [];
    for (const { path, sys } of frontier) {
      heads.push(path);
      const snap = path.state as AnySnapshot;
      for (const event of events(snap)) {
        const [after] = transition(def, snap, event);
        const key = keyOf(after);
        if (seen.has(key)) continue;
        const r = driveEvent(sys, driver, { value: snap.value, context: snap.context }, event, branchOf(def, { value: snap.value, context: snap.context }, event));
        if (!('ops' in r)) continue;
        seen.add(key);
        next.push({ path: { state: after, steps: [...path.steps, { event, state: after }], weight: path.weight + 1 }, sys: r.sys });
      }
    }
    frontier = next;
  }
  return heads;
}

/** One machine's part of the paths file. */
export function exportMachine(world: World, def: AnyStateMachine, driver: Driver): MachinePathsExport {
  const events = eventsFor(driver);
  const expand = (snap: { status: string; value: unknown; context: unknown }) => snap.status === 'active' && (!driver.explore || driver.explore(snap));
  const model = createTestModel(def, { events, filterEvents: expand });
  // The way to each source: one the system can follow where there is one, otherwise the specification's shortest.
  const heads = [...(model.getShortestPaths({ allowDuplicatePaths: true }) as AnyPath[]), ...drivableHeads(world, def, driver, events)];
  const paths = dropPrefixes(transitionPaths(def, model, heads, events).map((p) => exportPath(world, def, driver, p)));
  const transitions = machineUniverse(driver.machine, def).transitions.map((t) => t.id);
  const start = def.resolveState(initialState(def));
  return {
    machine: driver.machine,
    instance: { ...driver.at },
    contextCompared: driver.contextCompared ?? 'not described by the driver: compare the state only',
    setup: plain<MachinePathsExport['setup']>(driver.setup),
    initial: { state: stateName(start.value), value: plain<PathStep['value']>(start.value), context: plain<PathStep['context']>(start.context) },
    transitions,
    paths: paths.map((steps) => ({ steps })),
  };
}

/** The paths file of `drivers`' machines: paths from `spec`, ops found on `world`'s system. */
export function exportPaths(world: World, drivers: readonly Driver[], spec: MachineSet = STANDARD_MACHINES): PathsFile {
  return {
    format: PATHS_FORMAT,
    version: PATHS_VERSION,
    config: plain<PathsFile['config']>(world.config),
    machines: drivers.map((d) => exportMachine(world, spec[d.machine] as AnyStateMachine, d)),
    withoutDriver: Object.fromEntries(Object.entries(NO_DRIVER).filter(([m]) => !drivers.some((d) => d.machine === m))),
  };
}
