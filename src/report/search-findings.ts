/**
 * The lines a search's text report ends with: the claims that hold, each
 * goal, and the deadlocks found with the path to one of them. The
 * breadth-first explorer and a swarm member report the same findings, in
 * words that fit how much each covered (`FindingsWords`).
 */
import type { Config } from '../system/config.js';
import type { Op } from '../system/ops.js';
import { describeOp } from '../system/describe.js';

/** What a search found, as far as its closing lines tell. */
export interface SearchFindings {
  readonly invariants: readonly unknown[];
  readonly liveness: readonly unknown[];
  readonly goals: readonly { readonly name: string; readonly reachedIn: number }[];
  readonly deadlockCount: number;
  readonly deadlocks: readonly { readonly ops: readonly Op[] }[];
}

/** How a search words its findings. */
export interface FindingsWords {
  /** Where the claims hold, e.g. "in every reachable state". */
  readonly holdIn: string;
  /** After the name of a goal no transition reached, e.g. "never reached". */
  readonly unreached: string;
  /** After the deadlock count, e.g. "reachable states where no op applies; the shallowest". */
  readonly deadlocks: string;
  /** The line when there is none, e.g. "no deadlocks". */
  readonly noDeadlocks: string;
}

/** The claim, goal and deadlock lines of a search's report (ops described against `config`). */
export function searchFindings(r: SearchFindings, config: Config, words: FindingsWords): string[] {
  const lines = [`  ✓ ${r.invariants.length} invariants and ${r.liveness.length} bounded-liveness propert${r.liveness.length === 1 ? 'y' : 'ies'} hold ${words.holdIn}`];
  for (const g of r.goals) lines.push(g.reachedIn > 0 ? `  ✓ sometimes ${g.name}  reached on ${g.reachedIn} transitions` : `  ✗ sometimes ${g.name}  ${words.unreached}`);
  if (r.deadlockCount > 0) {
    lines.push(`  ✗ ${r.deadlockCount} deadlock${r.deadlockCount === 1 ? '' : 's'}: ${words.deadlocks}:`);
    r.deadlocks[0]!.ops.forEach((op, i) => lines.push(`    ${i + 1}. ${describeOp(op, config)}`));
  } else lines.push(`  ✓ ${words.noDeadlocks}`);
  return lines;
}
