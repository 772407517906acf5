/**
 * A swarm member's verdict (src/report/verdict.ts): never holds; bounded
 * with what a bit-state search cannot prove, each scope a limit or a stop
 * cut short and each scope not searched; a deadlock; or its counterexample,
 * said not to be a shortest one.
 */
import { describe, expect, it } from 'vitest';
import { verdictOfSwarm } from '../../../src/report/verdict.js';
import type { Counterexample } from '../../../src/check/result.js';

const scope = (name: string, reason: 'searched' | 'max-states' | 'stopped', states = 10, deadlockCount = 0) => ({ scope: name, result: { kind: 'bounded' as const, reason, states, deadlockCount } });
const base = { command: 'hvspec explore --swarm 2/4', member: '2/4', properties: [] };

describe('verdictOfSwarm', () => {
  it('without a violation is bounded, and names what it did not prove', () => {
    const v = verdictOfSwarm({ ...base, exitStatus: 3, scopes: [scope('memory', 'searched', 40), scope('tlb', 'max-states', 2), scope('synic', 'stopped', 1)], notSearched: ['vmbus'] });
    expect(v.verdict).toBe('bounded');
    expect(v.summary).toBe('swarm member 2/4: 3 scopes searched depth-first, 43 states taken as new: every invariant and bounded-liveness property holds in every state visited');
    expect(v.notProved).toEqual([
      'a bit-state search proves nothing: states a collision in its table or its depth limit hid were not visited',
      'scope tlb: the member stopped at the --max-states limit',
      "scope synic: a stop ended the member's search",
      'scope vmbus: not searched',
    ]);
    expect(v.counterexample).toBeUndefined();
  });

  it('a deadlock met is named by scope', () => {
    const v = verdictOfSwarm({ ...base, exitStatus: 1, scopes: [scope('memory', 'searched'), scope('tlb', 'searched', 5, 2)], notSearched: [] });
    expect([v.verdict, v.summary]).toEqual(['violated', 'swarm member 2/4: a deadlock in tlb (the command prints the path that met it)']);
  });

  it('a counterexample is quoted, with how to replay it, and said not to be a shortest one', () => {
    const cx = { engine: 'swarm', property: 'no-frame-owned-twice', message: 'frame 0x5 is held by p1 and p2', alsoViolated: [], ops: [], steps: [], config: {}, faults: [] } as unknown as Counterexample;
    const v = verdictOfSwarm({ ...base, exitStatus: 1, scopes: [], notSearched: [], counterexample: cx, file: '.hvspec/failures/x.json' });
    expect(v.summary).toBe('no-frame-owned-twice violated (found depth-first by swarm member 2/4: not a shortest counterexample): frame 0x5 is held by p1 and p2');
    expect(v.counterexample?.replay).toContain('hvspec replay .hvspec/failures/x.json');
  });
});
