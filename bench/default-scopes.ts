/**
 * The figures of the whole default search (`hvspec explore` with no flag:
 * every default scope) that `npm run bench` checks: `hvspec bench` runs the
 * search as `hvspec explore` does and names each figure that differs
 * (a change to a machine, an op or a scope that alters the state space),
 * then exits 1. The search takes seconds, so the test suite runs the small
 * default scopes (test/e2e/explore.test.ts) and leaves the whole search
 * to the bench.
 */
import { EXPLORE_SCOPES } from '../src/check/explore-config.js';

/** What `hvspec explore` prints of each pinned scope: its states, transitions and depth when complete. */
export const SCOPE_PINS: Readonly<Record<string, { readonly states: number; readonly transitions: number; readonly depth: number }>> = {
  memory: { states: 7788, transitions: 66306, depth: 23 },
  'intercepts-two-vps': { states: 34535, transitions: 162171, depth: 29 },
  'dynamic-memory': { states: 3088, transitions: 11704, depth: 22 },
  'dynamic-memory-access': { states: 1055, transitions: 5207, depth: 15 },
  vmbus: { states: 3993, transitions: 14552, depth: 53 },
  synic: { states: 1926, transitions: 6056, depth: 19 },
  'tagged-tlb': { states: 1860, transitions: 7839, depth: 17 },
  'hostile-guest': { states: 14337, transitions: 73474, depth: 14 },
  'hypervisor-swap': { states: 18977, transitions: 110543, depth: 18 },
};

/** The states of every default scope together. */
export const DEFAULT_SCOPES_STATES = 89957;

/**
 * Checks the printed report of a whole default search against the pins:
 * exit status 0, the closing line with DEFAULT_SCOPES_STATES, each pinned
 * scope complete with its figures, no deadlock in any scope and no
 * violation. Returns the mismatches, one line each (empty: every pin holds).
 */
export function pinMismatches(status: number, stdout: string): string[] {
  const out: string[] = [];
  if (status !== 0) out.push(`exit status ${status}, expected 0`);
  const closing = `${EXPLORE_SCOPES.length} scopes: ${DEFAULT_SCOPES_STATES} states · every scope complete, every property holds`;
  if (!stdout.split('\n').includes(closing)) out.push(`no line "${closing}"`);
  for (const [scope, p] of Object.entries(SCOPE_PINS)) {
    const want = `complete: every reachable state visited: ${p.states} states, ${p.transitions} transitions, depth ${p.depth} `;
    const block = stdout.split(/\n(?=hvspec explore · )/).find((b) => b.startsWith(`hvspec explore · ${scope}: `));
    if (!block?.split('\n')[1]?.startsWith(want)) out.push(`${scope}: expected "${want.trim()}", got "${block?.split('\n')[1] ?? 'no report'}"`);
  }
  const deadlockFree = stdout.match(/✓ no deadlocks/g)?.length ?? 0;
  if (deadlockFree !== EXPLORE_SCOPES.length) out.push(`"✓ no deadlocks" in ${deadlockFree} of ${EXPLORE_SCOPES.length} scopes`);
  if (stdout.includes('✗')) out.push('a property was violated');
  return out;
}
