/**
 * The verdict of one command as the reports state it: holds, violated
 * (with the counterexample's first lines and how to replay it) or bounded
 * (with what was not proved), and the exit status. Pure data, no clock:
 * the same run gives the same verdict.
 */
import type { CheckResult, Counterexample } from '../check/result.js';
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
