/**
 * Builds the paths file (paths-file.ts): for each driven machine, one
 * `xstate/graph` path through every transition of the specification
 * (cover.ts: the shortest path to its source after which hvspec's system
 * can take it, or the specification's shortest when there is none; a path
 * that is a prefix of another is dropped), each step with the state and context the
 * specification reaches, and the ops the machine's driver issues on
 * hvspec's system to produce the event. The system is run alongside to
 * find those ops: a step it cannot take is marked undrivable, with the
 * reason, and so are the steps after it.
 */
import type { AnyStateMachine, EventObject, StateValue } from 'xstate';
import { createTestModel } from 'xstate/graph';
import { type World, type MachineSet, STANDARD_MACHINES } from '../../system/system.js';
import { initialState, stateName, type MachineState } from '../../system/machine-runtime.js';
import { machineUniverse } from '../../coverage/universe.js';
import type { Driver } from './driver.js';
import { NO_DRIVER } from './drivers.js';
import { driverWorld, eventsFor, filterFor } from './walk.js';
import { type AnyPath, branchOf, coverPaths, driveEvent, drivenOps, setUp } from './cover.js';
import { PATHS_FORMAT, PATHS_VERSION, type MachinePathsExport, type PathStep, type PathsFile } from './paths-file.js';

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

/**
 * The steps of one path, with the ops that drive each on `world`'s system
 * (those the path search found, or, for a path it did not find, the
 * driver's, run step by step until one is undrivable).
 */
function exportPath(world: World, def: AnyStateMachine, driver: Driver, path: AnyPath): PathStep[] {
  // Found by the search: every step carries its ops, and the system is not run again.
  const found = path.steps.every((s) => drivenOps(s) !== undefined);
  let sys = found ? undefined : setUp(world, driver);
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
    const carried = drivenOps(s);
    if (found && carried) out.push({ ...base, ops: plain<PathStep['ops']>(carried) });
    else if (stuck === undefined && sys) {
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

/** One machine's part of the paths file (on the driver's own host configuration, when it has one). */
export function exportMachine(fileWorld: World, def: AnyStateMachine, driver: Driver): MachinePathsExport {
  const world = driverWorld(fileWorld, driver);
  const events = eventsFor(driver);
  const model = createTestModel(def, { events, filterEvents: filterFor(driver) });
  const paths = dropPrefixes(coverPaths(world, def, driver, model, events).map((p) => exportPath(world, def, driver, p)));
  const transitions = machineUniverse(driver.machine, def).transitions.map((t) => t.id);
  const start = def.resolveState(initialState(def));
  return {
    machine: driver.machine,
    ...(driver.variant ? { variant: driver.variant } : {}),
    ...(driver.config ? { config: plain<PathsFile['config']>(driver.config) } : {}),
    instance: { ...driver.at },
    contextCompared: driver.contextCompared ?? 'not described by the driver: compare the state only',
    setup: plain<MachinePathsExport['setup']>(driver.setup),
    initial: { state: stateName(start.value), value: plain<PathStep['value']>(start.value), context: plain<PathStep['context']>(start.context) },
    transitions,
    paths: paths.map((steps) => ({ steps })),
  };
}

/**
 * Of a machine with several drivers, each entry keeps only its paths that
 * its system follows to the end, or that end with a transition no other
 * entry of the machine drives (each driver reaches part of the machine).
 */
function withoutOthersPaths(entries: readonly MachinePathsExport[]): MachinePathsExport[] {
  const driven = (m: MachinePathsExport) => new Set(m.paths.flatMap((p) => p.steps.filter((s) => s.ops !== null).map((s) => s.transition)));
  const drivenBy = entries.map(driven);
  return entries.map((m, i) => {
    const others = entries.flatMap((o, j) => (j !== i && o.machine === m.machine ? [drivenBy[j]!] : []));
    if (!others.length) return m;
    const keep = (steps: readonly PathStep[]) => steps.every((s) => s.ops !== null) || !others.some((o) => o.has(steps.at(-1)!.transition));
    return { ...m, paths: m.paths.filter((p) => keep(p.steps)) };
  });
}

/** The paths file of `drivers`' machines: paths from `spec`, ops found on `world`'s system. */
export function exportPaths(world: World, drivers: readonly Driver[], spec: MachineSet = STANDARD_MACHINES): PathsFile {
  return {
    format: PATHS_FORMAT,
    version: PATHS_VERSION,
    config: plain<PathsFile['config']>(world.config),
    machines: withoutOthersPaths(drivers.map((d) => exportMachine(world, spec[d.machine] as AnyStateMachine, d))),
    withoutDriver: Object.fromEntries(Object.entries(NO_DRIVER).filter(([m]) => !drivers.some((d) => d.machine === m))),
  };
}
