import { describe, expect, it } from 'vitest';
import { searchFindings } from '../../../src/report/search-findings.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';

const words = { holdIn: 'in every state visited', unreached: 'not reached here', deadlocks: 'states where no op applies; the first met', noDeadlocks: 'no deadlocks met' };

describe('searchFindings', () => {
  it('says which claims hold, each goal, and the path to the first deadlock, in the words given', () => {
    const lines = searchFindings(
      { invariants: [1, 2], liveness: [1], goals: [{ name: 'a-goal', reachedIn: 3 }, { name: 'b-goal', reachedIn: 0 }], deadlockCount: 2, deadlocks: [{ ops: [{ type: 'createPartition', pid: 'p1' }] }] },
      DEFAULT_CONFIG,
      words,
    );
    expect(lines).toEqual([
      '  ✓ 2 invariants and 1 bounded-liveness property hold in every state visited',
      '  ✓ sometimes a-goal  reached on 3 transitions',
      '  ✗ sometimes b-goal  not reached here',
      '  ✗ 2 deadlocks: states where no op applies; the first met:',
      expect.stringMatching(/^ {4}1\. createPartition p1/),
    ]);
  });

  it('ends with the no-deadlock line when there is none', () => {
    const lines = searchFindings({ invariants: [], liveness: [1, 2], goals: [], deadlockCount: 0, deadlocks: [] }, DEFAULT_CONFIG, words);
    expect(lines).toEqual(['  ✓ 0 invariants and 2 bounded-liveness properties hold in every state visited', '  ✓ no deadlocks met']);
  });
});
