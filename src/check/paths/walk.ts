/**
 * The model-based path walker: `xstate/graph`'s `createTestModel` explores
 * each machine and yields its shortest paths (one to every reachable
 * state), its simple paths (every path that visits no state twice) and one
 * path through every transition (cover.ts: the shortest path to its
 * source after which the system can take it, where there is one). Each path is replayed on the substrate-backed system
 * through its driver; after every step the system's instance must be in
 * the model's state, the system must have taken the same transition
 * definition as the model (guarded branches included), and the state's
 * promise must hold.
 */
import type { AnyStateMachine, EventObject } from 'xstate';
import { createTestModel } from 'xstate/graph';
import { type System, type World, type MachineSet, initialSystem, STANDARD_MACHINES } from '../../system/system.js';
import { step, type StepResult } from '../../system/step.js';
import type { Op } from '../../system/ops.js';
import type { StepOutcome } from '../../system/outcome.js';
import type { StepObserver } from '../../engine/observer.js';
import { type MachineState, initialState, selectedBranch, stateName } from '../../system/machine-runtime.js';
import { describeOp } from '../../system/describe.js';
import { statePaths } from '../../coverage/data.js';
import type { Driver } from './driver.js';
import { type AnyPath, coverPaths, drivenOps } from './cover.js';
import { PROMISE_CHECKS } from './promises.js';

/** How the walker walks. */
export interface WalkOptions {
  /** Also walk every simple path (not only shortest paths and one per transition). */
  readonly simple: boolean;
  /** Told every op the walker applies, once. */
  readonly observers?: readonly StepObserver<System, Op, StepOutcome>[];
}

/** A discrepancy between the model and the system on one path. */
export interface PathFailure {
  readonly path: string;
  readonly step: number;
  readonly message: string;
}

/** What the walker found for one machine. */
export interface MachinePaths {
  readonly machine: string;
  /** The driver's variant, when the machine has several drivers. */
  readonly variant?: string;
  /** Paths walked, by kind. */
  readonly paths: { readonly shortest: number; readonly simple: number; readonly transitions: number };
  /** Per transition id: times the model took it, times the system took it too, and why not when it could not. */
  readonly transitions: Readonly<Record<string, { readonly model: number; readonly system: number; readonly undrivable?: string }>>;
  /** Per state path: times reached on the system, and times its promise was checked. */
  readonly states: Readonly<Record<string, { readonly reached: number; readonly promiseChecked: number }>>;
  /** States reached on the system that have no promise check. */
  readonly unchecked: readonly string[];
  readonly failures: readonly PathFailure[];
}

type Snap = MachineState;
export type { AnyPath } from './cover.js';

/**
 * The events to explore in a snapshot: every event some active node declares
 * a transition for (including transitions with neither target nor actions,
 * which XState's own event list leaves out), with the driver's payload
 * variants; none once the machine is done.
 */
export const eventsFor =
  (driver: Driver) =>
  (snap: { status: string; value: unknown; context: unknown; _nodes: readonly { transitions: Map<string, unknown> }[] }): EventObject[] => {
    if (snap.status !== 'active' || (driver.explore && !driver.explore(snap))) return [];
    const types = [...new Set(snap._nodes.flatMap((n) => [...n.transitions.keys()]))].filter((t) => !t.startsWith('xstate.') && (!driver.sends || driver.sends(snap, t)));
    return types.flatMap((t) => {
      const variants = driver.events.filter((e) => e.type === t);
      return variants.length ? variants : [{ type: t }];
    });
  };

/**
 * The `filterEvents` of `xstate/graph` for a driver: only from snapshots the
 * driver explores, only events the system can send there (xstate/graph adds
 * an event without payload for every type the events leave out, so the
 * bounds are a filter as well).
 */
export const filterFor =
  (driver: Driver) =>
  (snap: { status: string; value: unknown; context: unknown }, event: EventObject): boolean =>
    snap.status === 'active' && (!driver.explore || driver.explore(snap)) && (!driver.sends || driver.sends(snap, event.type));

/** The paths, or only the lightest one to each state value when `byState`. */
function perState(paths: readonly AnyPath[], byState: boolean): AnyPath[] {
  if (!byState) return [...paths];
  const best = new Map<string, AnyPath>();
  for (const p of paths) {
    const k = JSON.stringify(p.state.value);
    const b = best.get(k);
    if (!b || p.weight < b.weight) best.set(k, p);
  }
  return [...best.values()];
}

const describePath = (p: AnyPath) => p.steps.map((s) => s.event.type).join(' → ');

/** Walks the paths of `def` (the specification) against the system of `world`. */
export async function walkMachine(world: World, def: AnyStateMachine, driver: Driver, opts: WalkOptions): Promise<MachinePaths> {
  const observers = opts.observers ?? [];
  // Every op the walker applies is told to the observers once.
  const apply = (before: System, op: Op): StepResult => {
    const r = step(before, op);
    if (r.outcome.status === 'skipped') for (const o of observers) o.skipped?.(before, op);
    else for (const o of observers) o.applied({ before, op, after: r.system, outcome: r.outcome });
    return r;
  };
  const model = createTestModel(def, { events: eventsFor(driver), filterEvents: filterFor(driver) });
  const shortest = perState(model.getShortestPaths() as AnyPath[], driver.shortestPaths === 'state');
  const simple = opts.simple && driver.simplePaths !== false ? (model.getSimplePaths() as AnyPath[]) : [];
  const cover = coverPaths(world, def, driver, model, eventsFor(driver));
  const transitions: Record<string, { model: number; system: number; undrivable?: string }> = {};
  const states: Record<string, { reached: number; promiseChecked: number }> = {};
  const unchecked = new Set<string>();
  const failures: PathFailure[] = [];
  const checks = PROMISE_CHECKS[driver.machine] ?? {};

  for (const path of [...shortest, ...simple, ...cover]) {
    let sys: System = initialSystem(world);
    for (const op of driver.setup) sys = apply(sys, op).system;
    let alive = true;
    let prev: Snap | undefined;
    let index = 0;
    // The driven machine's transitions in the last op applied (a state passed through inside it is checked after it).
    let lastTaken: readonly { readonly from: string; readonly to: string; readonly event: string; readonly branch?: string }[] = [];
    const name = describePath(path);
    const fail = (message: string) => {
      failures.push({ path: name, step: index, message });
      alive = false;
    };
    const exec = (s: { event: EventObject }) => {
      if (!prev || s.event.type.startsWith('xstate.')) return;
      const branch = selectedBranch(def, prev, s.event) ?? `${stateName(prev.value)}:${s.event.type}:?`;
      const entry = (transitions[branch] ??= { model: 0, system: 0 });
      entry.model++;
      if (!alive) return;
      if (driver.internal?.includes(s.event.type)) {
        // Sent by the system itself within the op before: taken there, or not at all.
        if (lastTaken.some((t) => t.event === s.event.type && t.branch === branch)) entry.system++;
        else {
          entry.undrivable ??= `the system did not send ${s.event.type} in ${stateName(prev.value)}`;
          alive = false;
        }
        return;
      }
      // A step of a path the search found carries its ops (the same system state gives the same ones).
      const carried = drivenOps(s);
      const d = carried ? { kind: 'ops' as const, ops: carried } : driver.drive(sys, s.event, branch);
      if (d.kind === 'undrivable') {
        entry.undrivable ??= d.reason;
        alive = false;
        return;
      }
      let last;
      for (const op of d.ops) {
        last = apply(sys, op);
        sys = last.system;
      }
      lastTaken = last!.outcome.transitions.filter((t) => t.machine === driver.machine);
      const taken = lastTaken.filter((t) => t.event === s.event.type);
      if (taken.some((t) => t.branch === branch)) entry.system++;
      else if (taken.length) fail(`the model took ${branch} but the system took ${taken.map((t) => t.branch).join(', ')} (${describeOp(d.ops.at(-1)!)})`);
      else {
        entry.undrivable ??= `in ${stateName(prev.value)}, ${describeOp(d.ops.at(-1)!)}: ${last!.outcome.status === 'skipped' ? `skipped, ${last!.outcome.reason}` : `the system did not send ${s.event.type}`}`;
        alive = false;
      }
    };
    const check = (snap: Snap) => {
      prev = { value: snap.value, context: snap.context };
      if (!alive) return;
      const inst = driver.instance(sys);
      const want = stateName(snap.value);
      if (!inst) return fail(`the system has no ${driver.machine} instance`);
      const got = stateName(inst.value);
      // A state the last op passed through (entered, then left on an event the system sends itself) stands for the system after the op.
      const passedThrough = lastTaken.some((t) => t.to === want) && lastTaken.some((t) => t.from === want && driver.internal?.includes(t.event));
      if (got !== want && !passedThrough) return fail(`the model is in ${want} but the system's ${driver.machine} is in ${got}`);
      if (!driver.sameContext(snap.context, inst.context)) return fail(`in ${want}, the model's context ${JSON.stringify(snap.context)} differs from the system's ${JSON.stringify(inst.context)}`);
      for (const sp of statePaths(want)) {
        const st = (states[sp] ??= { reached: 0, promiseChecked: 0 });
        st.reached++;
        const c = checks[sp];
        if (!c) {
          unchecked.add(sp);
          continue;
        }
        st.promiseChecked++;
        const bad = c(sys, driver.at);
        if (bad) return fail(`in ${sp}, the promise does not hold: ${bad}`);
      }
    };
    const start = def.resolveState(initialState(def));
    check({ value: start.value, context: start.context });
    const eventTypes = new Set(path.steps.map((s) => s.event.type));
    await model.testPath(path, {
      events: Object.fromEntries([...eventTypes].map((t) => [t, (s: { event: EventObject }) => exec(s)])),
      states: {
        '*': (snap: Snap) => {
          check(snap);
          index++;
        },
      },
    });
  }
  return {
    machine: driver.machine,
    ...(driver.variant ? { variant: driver.variant } : {}),
    paths: { shortest: shortest.length, simple: simple.length, transitions: cover.length },
    transitions,
    states,
    unchecked: [...unchecked].sort(),
    failures,
  };
}

/**
 * Walks every machine that has a driver: the paths come from `spec` (the
 * correct machines), the system under test is `world`, faults included.
 */
export async function walkPaths(world: World, drivers: readonly Driver[], opts: WalkOptions = { simple: true }, spec: MachineSet = STANDARD_MACHINES): Promise<MachinePaths[]> {
  const out: MachinePaths[] = [];
  for (const d of drivers) {
    const def: AnyStateMachine = spec[d.machine];
    out.push(await walkMachine(driverWorld(world, d), def, d, opts));
  }
  return out;
}

/** The world a driver runs in: `world` (its faults and policy), on the driver's own host configuration when it has one. */
export const driverWorld = (world: World, d: Driver): World => (d.config ? { ...world, config: d.config } : world);

/** Machines of `machines` that no driver drives (the walker skips them; reports should name them). */
export const machinesWithoutDriver = (machines: MachineSet, drivers: readonly Driver[]): string[] =>
  Object.keys(machines).filter((m) => !drivers.some((d) => d.machine === m));
