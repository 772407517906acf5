/**
 * Where the explorer's time goes, on the default scope: the V8 sampling
 * profiler runs in-process around one whole search, and every sample is
 * charged to the phase of the nearest frame on its stack that belongs to
 * one (built-ins are charged to their caller). Figures are microseconds
 * per transition, next to the budget a target rate of distinct states per
 * second leaves at this scope's transitions per state.
 */
import { Session } from 'node:inspector';
import { explore } from '../src/check/explore.js';
import { MEMORY_SCOPE, type ExploreScope } from '../src/check/explore-config.js';
import { scopeOptions } from '../src/check/scopes.js';
import { buildWorld } from '../src/faults/build-world.js';

/** The explorer's phases, by the source files that implement them (first match wins). */
const PHASES: readonly (readonly [phase: string, files: RegExp])[] = [
  // A state's identity: its canonical bytes (the codec, symmetry by sorted encodings) and their hash, or the fingerprint of a model without a codec.
  ['fingerprint', /\/src\/(check\/(lane-hash|fingerprint|symmetry|system-codec|codec-symmetry)|engine\/(hash-mix|bytes|intern-table))\./],
  ['visited set', /\/src\/check\/(state-store|byte-frontier)\./],
  ['liveness', /\/src\/check\/liveness\./],
  ['op listing', /\/src\/system\/enabled/],
  ['invariants and goals', /\/properties\//],
  ['search loop', /\/src\/check\/explore\./],
  ['step', /\/(src\/system|src\/substrate|src\/dynamic-memory|models)\/|\/node_modules\/xstate\//],
];

export interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}
export interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The sampling profiler's interval, in microseconds. */
const SAMPLING_MICROS = 200;

/**
 * The time a sample stands for: its delta, but at most ten intervals. On a
 * busy machine the thread is sometimes descheduled between two samples,
 * and the next sample's delta then carries that wait, charged to whatever
 * phase it lands in; the search did not spend it.
 */
export const sampleMicros = (delta: number | undefined): number => Math.min(delta ?? 0, 10 * SAMPLING_MICROS);

/** Runs `f` under the sampling profiler (in this thread: the inspector answers synchronously). */
export function profiled(f: () => void): Profile {
  const session = new Session();
  session.connect();
  let profile: Profile | null = null;
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: SAMPLING_MICROS });
  session.post('Profiler.start');
  try {
    f();
  } finally {
    session.post('Profiler.stop', (err, r) => {
      if (!err) profile = r.profile as unknown as Profile;
    });
    session.disconnect();
  }
  if (!profile) throw new Error('the sampling profiler returned no profile');
  return profile;
}

/** The phase a profile node's own time belongs to, walking up to its callers; garbage collection on its own. */
function phaseOf(id: number, byId: Map<number, ProfileNode>, parent: Map<number, number>): string {
  const first = byId.get(id)!.callFrame.functionName;
  if (first === '(garbage collector)') return 'garbage collection';
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const url = byId.get(cur)!.callFrame.url;
    for (const [phase, files] of PHASES) if (files.test(url)) return phase;
  }
  return 'other';
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** One search of `scope` (the bench profiles the memory scope), profiled: microseconds per transition by phase, and the budget `targetStatesPerSecond` leaves. */
export function explorerProfile(targetStatesPerSecond = 300_000, scope: ExploreScope = MEMORY_SCOPE) {
  const world = buildWorld(scope.config);
  const opts = scopeOptions(scope);
  let result: ReturnType<typeof explore> | null = null;
  const t = performance.now();
  const profile = profiled(() => {
    result = explore(world, opts);
  });
  const wall = (performance.now() - t) * 1000;
  const r = result!;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const micros = new Map<string, number>();
  const phase = new Map<number, string>();
  profile.samples.forEach((id, i) => {
    // The profiler's own start and stop (the inspector's native dispatch): not the search. Its one sample can carry a long
    // delta when the machine is busy, which would otherwise be charged to `other`.
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === 'dispatch' && frame.url === '') return;
    let p = phase.get(id);
    if (p === undefined) phase.set(id, (p = phaseOf(id, byId, parent)));
    micros.set(p, (micros.get(p) ?? 0) + sampleMicros(profile.timeDeltas[i]));
  });
  const sampled = [...micros.values()].reduce((a, b) => a + b, 0);
  const perState = r.transitions / r.states;
  const byPhase = Object.fromEntries(
    [...micros].sort((a, b) => b[1] - a[1]).map(([p, us]) => [p, { microsecondsPerTransition: round(us / r.transitions), share: round(us / sampled, 3) }]),
  );
  return {
    scope: scope.name,
    symmetry: true,
    states: r.states,
    transitions: r.transitions,
    transitionsPerState: round(perState),
    /** The whole search under the profiler (a little slower than without it). */
    microsecondsPerTransition: round(wall / r.transitions),
    phases: byPhase,
    targetStatesPerSecond,
    /** Microseconds one transition may take for the target rate at this scope's transitions per state. */
    budgetMicrosecondsPerTransition: round(1e6 / (targetStatesPerSecond * perState), 3),
  };
}
