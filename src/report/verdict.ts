/**
 * The verdict of one command as the reports state it: holds, violated
 * (with the counterexample's first lines and how to replay it) or bounded
 * (with what was not proved), and the exit status. Pure data, no clock:
 * the same run gives the same verdict.
 */
import type { CheckResult, Counterexample } from '../check/result.js';
import type { ExploreResult } from '../check/explore.js';
import { formatCounterexample } from './counterexample.js';
import type { PropertyResult, VerdictKind } from './html.js';

export type { VerdictKind } from './html.js';

/** A counterexample as the reports quote it. */
export interface VerdictCounterexample {
  readonly property: string;
  readonly message: string;
  /** The counterexample block, one string a line (as the terminal prints it). */
  readonly lines: readonly string[];
  /** The command that replays it. */
  readonly replay: string;
}

/** The verdict of one command, and its property results. */
export interface RunVerdict {
  /** The command line, e.g. `hvspec check --seed 2`. */
  readonly command: string;
  readonly verdict: VerdictKind;
  readonly exitStatus: number;
  /** One line saying what was found. */
  readonly summary: string;
  /** For a bounded verdict: what was not proved. */
  readonly notProved?: readonly string[];
  readonly counterexample?: VerdictCounterexample;
  /** With --continue: the counterexamples of the other distinct violated properties. */
  readonly further?: readonly VerdictCounterexample[];
  /** Every property with what this command found about it (empty when the command checks none, a scenario say). */
  readonly properties: readonly PropertyResult[];
}

/** The verdict an exit status stands for (0 holds, 1 violated, 3 bounded, 2 bad usage). */
export const verdictOfStatus = (status: number): VerdictKind => (status === 0 ? 'holds' : status === 1 ? 'violated' : status === 3 ? 'bounded' : 'usage');

/** What `verdictOfCheck` needs beyond the result. */
export interface CheckVerdictInput {
  readonly command: string;
  readonly exitStatus: number;
  readonly result?: CheckResult;
  /** Where the counterexample was saved (for `hvspec replay`). */
  readonly file?: string;
  /** Set when a signal stopped the runs first: what was run. */
  readonly bounded?: string;
  /** The explorer's counterexample, when the explorer found the violation (saved in `file`). */
  readonly explored?: Counterexample;
  /** With --continue: the other distinct violated properties' counterexamples (of the engine that found the first), and where each is saved. */
  readonly further?: readonly { readonly cx: Counterexample; readonly file?: string | undefined }[];
  readonly properties: readonly PropertyResult[];
}

/** A counterexample as the reports quote it: its lines, and the command that replays it (its saved file, or the command again). */
const quote = (cx: Counterexample, file: string | undefined, command: string): VerdictCounterexample => ({
  property: cx.property,
  message: cx.message,
  lines: formatCounterexample(cx, file).split('\n'),
  replay: file ? `hvspec replay ${file}` : command,
});

/**
 * The verdict of `hvspec check`. A violation the explorer found is quoted
 * as the random engine's is. Without a result (a scenario, the explorer's
 * deadlock or bounded search) the verdict follows the exit status and the
 * terminal output carries the details.
 */
export function verdictOfCheck(v: CheckVerdictInput): RunVerdict {
  const one = verdictOfFirst(v);
  if (!one.counterexample || !v.further?.length) return one;
  const further = v.further.map((f) => quote(f.cx, f.file, v.command));
  const names = [one.counterexample.property, ...further.map((f) => f.property)];
  return { ...one, summary: `${names.length} properties violated (${names.join(', ')}); the first: ${one.summary}`, further };
}

/** The verdict of `hvspec check` on its first counterexample. */
function verdictOfFirst(v: CheckVerdictInput): RunVerdict {
  const base = { command: v.command, exitStatus: v.exitStatus, verdict: verdictOfStatus(v.exitStatus), properties: v.properties };
  const r = v.result;
  // The explorer's violation (`--engine explore`, or `all` when the random runs found none): its shortest counterexample.
  if (v.explored && (!r || r.kind !== 'violated')) return { ...base, summary: `${v.explored.property} violated (found by the explorer): ${v.explored.message}`, counterexample: quote(v.explored, v.file, v.command) };
  if (v.bounded !== undefined) return { ...base, summary: `${v.bounded}; the invariants held in the runs made`, notProved: ['the runs not made: nothing is claimed about them'] };
  if (!r) return { ...base, summary: base.verdict === 'holds' ? 'every property checked holds' : base.verdict === 'violated' ? 'a property is violated (the command prints the counterexample)' : base.verdict === 'bounded' ? 'bounded: the command did not prove every property' : 'the command was refused' };
  if (r.kind === 'violated') return { ...base, summary: `${r.counterexample.property} violated: ${r.counterexample.message}`, counterexample: quote(r.counterexample, v.file, v.command) };
  // `--engine all`: the explorer's verdict may be worse than the random engine's, and the terminal printed it.
  if (base.verdict !== 'holds' && r.kind === 'holds') return { ...base, summary: base.verdict === 'violated' ? 'the random runs held, but the explorer found a violation or a deadlock (the command prints it)' : 'the random runs held, but the explorer was bounded' };
  const goals = `${r.goals.filter((g) => g.reachedIn > 0).length} of ${r.goals.length} goals reached`;
  const held = `all ${r.invariants.length} invariants hold over ${r.runs} runs (${r.steps} steps); ${goals}`;
  if (r.kind === 'holds') return { ...base, summary: held };
  return { ...base, summary: held, notProved: r.unreached.map((g) => `sometimes ${g}: never reached, so the runs may not have exercised what the invariants protect`) };
}

/** One scope an `hvspec explore` searched, and what the search gave. */
export interface ExploredScope {
  readonly scope: string;
  readonly result: ExploreResult;
}

/** What `verdictOfExplore` needs. */
export interface ExploreVerdictInput {
  readonly command: string;
  readonly exitStatus: number;
  /** The scopes searched, in order (the last one found the violation, if any). */
  readonly scopes: readonly ExploredScope[];
  /** Scopes a stop left unsearched. */
  readonly notSearched: readonly string[];
  /** Where the counterexample was saved (for `hvspec replay`). */
  readonly file?: string;
  readonly properties: readonly PropertyResult[];
}

const boundWhy = (r: ExploreResult & { kind: 'bounded' }): string => (r.reason === 'max-states' ? 'the --max-states limit' : r.reason === 'max-depth' ? 'the --depth limit' : 'a stop');

/**
 * The verdict of `hvspec explore`: a violation with its shortest
 * counterexample; a deadlock or stuck state (the command prints its path);
 * holds when every scope was searched to the end; otherwise bounded, with
 * each scope a limit or a stop cut short, each goal a complete search
 * found unreachable, and each scope not searched.
 */
export function verdictOfExplore(v: ExploreVerdictInput): RunVerdict {
  const base = { command: v.command, exitStatus: v.exitStatus, verdict: verdictOfStatus(v.exitStatus), properties: v.properties };
  const states = v.scopes.reduce((n, s) => n + s.result.states, 0);
  const scopes = `${v.scopes.length} scope${v.scopes.length === 1 ? '' : 's'}`;
  const last = v.scopes.at(-1)?.result;
  if (last?.kind === 'violated') return { ...base, summary: `${last.counterexample.property} violated (found by the explorer, shortest): ${last.counterexample.message}`, counterexample: quote(last.counterexample, v.file, v.command) };
  const stuck = v.scopes.filter((s) => s.result.deadlockCount > 0 || s.result.stuckCount > 0).map((s) => s.scope);
  if (stuck.length) return { ...base, summary: `a deadlock or stuck state in ${stuck.join(', ')} (the command prints the shallowest path)` };
  const notProved = [
    ...v.scopes.flatMap(({ scope, result: r }) => (r.kind === 'bounded' ? [`scope ${scope}: the search stopped at ${boundWhy(r)} after ${r.states} states; nothing is claimed about the states beyond`] : [])),
    ...v.scopes.flatMap(({ scope, result: r }) => r.unreached.map((g) => `sometimes ${g}: never reached in scope ${scope}${r.kind === 'complete' ? ' (unreachable there)' : ''}`)),
    ...v.notSearched.map((s) => `scope ${s}: not searched`),
  ];
  const summary = `${scopes} searched, ${states} states: every invariant and bounded-liveness property holds in ${notProved.length ? 'every state visited' : 'every reachable state'}`;
  return notProved.length ? { ...base, summary, notProved } : { ...base, summary };
}

/** One scope a swarm member searched, as its verdict reads it. */
export interface SwarmedScopeVerdict {
  readonly scope: string;
  readonly result: { readonly kind: 'violated' | 'bounded'; readonly reason?: 'searched' | 'max-states' | 'stopped'; readonly states: number; readonly deadlockCount: number };
}

/** What `verdictOfSwarm` needs. */
export interface SwarmVerdictInput {
  readonly command: string;
  readonly exitStatus: number;
  /** The member, `K/N`. */
  readonly member: string;
  /** The scopes searched, in order (the last one found the violation, if any). */
  readonly scopes: readonly SwarmedScopeVerdict[];
  /** Scopes a stop left unsearched. */
  readonly notSearched: readonly string[];
  /** The member's counterexample (found depth-first: not a shortest one), and where it was saved. */
  readonly counterexample?: Counterexample;
  readonly file?: string;
  readonly properties: readonly PropertyResult[];
}

/**
 * The verdict of one `hvspec explore --swarm K/N` member: a violation with
 * its counterexample (not a shortest one); a deadlock (the command prints
 * the path that met it); otherwise bounded, never holds: a bit-state search
 * visits only the states its table tells apart, down to its depth limit.
 */
export function verdictOfSwarm(v: SwarmVerdictInput): RunVerdict {
  const base = { command: v.command, exitStatus: v.exitStatus, verdict: verdictOfStatus(v.exitStatus), properties: v.properties };
  const who = `swarm member ${v.member}`;
  const cx = v.counterexample;
  if (cx) return { ...base, summary: `${cx.property} violated (found depth-first by ${who}: not a shortest counterexample): ${cx.message}`, counterexample: quote(cx, v.file, v.command) };
  const dead = v.scopes.filter((s) => s.result.deadlockCount > 0).map((s) => s.scope);
  if (dead.length) return { ...base, summary: `${who}: a deadlock in ${dead.join(', ')} (the command prints the path that met it)` };
  const states = v.scopes.reduce((n, s) => n + s.result.states, 0);
  const summary = `${who}: ${v.scopes.length} scope${v.scopes.length === 1 ? '' : 's'} searched depth-first, ${states} states taken as new: every invariant and bounded-liveness property holds in every state visited`;
  const notProved = [
    'a bit-state search proves nothing: states a collision in its table or its depth limit hid were not visited',
    ...v.scopes.flatMap(({ scope, result: r }) => (r.reason === 'max-states' ? [`scope ${scope}: the member stopped at the --max-states limit`] : r.reason === 'stopped' ? [`scope ${scope}: a stop ended the member's search`] : [])),
    ...v.notSearched.map((s) => `scope ${s}: not searched`),
  ];
  return { ...base, summary, notProved };
}
