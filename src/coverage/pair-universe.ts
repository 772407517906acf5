/**
 * The universe of transition pairs of a machine, and recorded pairs read
 * against it.
 *
 * A pair (A, B) is in the universe when B can be tried in a state that A
 * leads to: A does not end in a final state, and B is declared on the root
 * (`*`, tried in every state), or on A's target, or on a state that
 * contains A's target or that A's target contains (a compound target
 * enters one of its children). A targetless A declared on the root leaves
 * the machine wherever it was: every B follows it. A target with an
 * eventless (`always`) transition may settle in that transition's target
 * instead, so B may be declared there too. Guards and context are
 * not read, so a pair of the universe may still be one no run can take;
 * the percentage is of pairs the statechart's structure allows.
 */
import type { MachineUniverse } from './universe.js';
import { NO_STATE, splitPairKey } from './data.js';

/** Whether one state path is the other or contains it. */
const related = (x: string, y: string): boolean => x === y || x.startsWith(`${y}.`) || y.startsWith(`${x}.`);

/** The states a machine entering `target` may rest in: the target, and where its eventless transitions (or its ancestors') lead, transitively. */
function settles(u: MachineUniverse, target: string): string[] {
  const out = [target];
  for (let i = 0; i < out.length; i++)
    for (const e of u.eventless ?? []) if ((out[i] === e.source || out[i]!.startsWith(`${e.source}.`)) && !out.includes(e.target)) out.push(e.target);
  return out;
}

/** Every pair (first id, second id) of `u`'s transitions that the universe holds, in declaration order. */
export function pairUniverse(u: MachineUniverse): [string, string][] {
  const final = new Set(u.states.filter((s) => s.type === 'final').map((s) => s.id));
  const out: [string, string][] = [];
  for (const a of u.transitions) {
    const lands = settles(u, a.target).filter((s) => !final.has(s));
    if (lands.length === 0) continue;
    for (const b of u.transitions) if (a.target === '*' || b.source === '*' || lands.some((s) => related(s, b.source))) out.push([a.id, b.id]);
  }
  return out;
}

/** The id of the transition a recorded key names (a definition id, or `from>event>to`); undefined for a creation or an unknown key. */
export function transitionIdOf(u: MachineUniverse, key: string): string | undefined {
  if (u.transitions.some((t) => t.id === key)) return key;
  if (!key.includes('>')) return undefined;
  const [from, event, to] = key.split('>');
  if (from === NO_STATE) return undefined;
  return u.transitions.find((t) => t.event === event && (t.source === from || t.source === '*') && t.target === to)?.id;
}

/** Recorded pairs of one machine read against its transitions. */
export interface ResolvedPairs {
  /** `first id` NUL `second id` -> count per engine. */
  readonly counts: Map<string, Record<string, number>>;
  /** Recorded pair keys naming a transition that is not declared -> times. */
  readonly outside: Map<string, number>;
}

/** Reads each engine's recorded pairs of one machine (pair key -> times) as pairs of transition ids. */
export function resolvePairs(u: MachineUniverse, byEngine: Readonly<Record<string, Readonly<Record<string, number>>>>): ResolvedPairs {
  const counts = new Map<string, Record<string, number>>();
  const outside = new Map<string, number>();
  for (const [engine, table] of Object.entries(byEngine)) {
    for (const [key, n] of Object.entries(table)) {
      const parts = splitPairKey(key);
      // A creation is no transition: the instance's first transition pairs with nothing.
      if (parts?.[0].startsWith(`${NO_STATE}>`)) continue;
      const first = parts && transitionIdOf(u, parts[0]);
      const second = parts && transitionIdOf(u, parts[1]);
      if (first === undefined || second === undefined) {
        outside.set(key, (outside.get(key) ?? 0) + n);
        continue;
      }
      const k = `${first}\u0000${second}`;
      let c = counts.get(k);
      if (!c) counts.set(k, (c = {}));
      c[engine] = (c[engine] ?? 0) + n;
    }
  }
  return { counts, outside };
}
