import { describe, expect, it } from 'vitest';
import { defineFault, FaultDefinitionError, type Fault } from '../../../src/faults/fault.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { initialSystem, standardWorld } from '../../../src/system/system.js';
import type { OpOverride } from '../../../src/system/step.js';
import { STANDARD_SUBSTRATE } from '../../../src/substrate/fns.js';
import { step } from '../../../src/system/step.js';

/** A fault that replaces `tick` with the apply in force plus a note `mark`. */
const marking = (name: string, mark: string): Fault => {
  const tick: OpOverride<'tick'> = (s, o, next) => {
    const r = next(s, o);
    return { ...r, outcome: { ...r.outcome, notes: [...r.outcome.notes, mark] } };
  };
  return defineFault({ name, description: `adds ${mark} to every tick`, breaks: ['none'], ops: { tick } });
};

describe('defineFault', () => {
  it('rejects a definition that is not a fault, with the reason', () => {
    const base = { name: 'a-fault', description: 'd', breaks: ['p'], balancer: () => [] };
    expect(() => defineFault({ ...base, name: 'Not Kebab' })).toThrow(FaultDefinitionError);
    expect(() => defineFault({ ...base, breaks: [] })).toThrow(/at least one property/);
    expect(() => defineFault({ ...base, description: ' ' })).toThrow(/description is empty/);
    expect(() => defineFault({ name: 'a-fault', description: 'd', breaks: ['p'] })).toThrow(/changes nothing/);
    expect(() => defineFault({ ...base, weights: { tick: 2 } })).toThrow(/own config/);
    expect(defineFault(base)).toBe(base);
  });
});

describe('buildWorld', () => {
  it('a correct world uses the standard substrate and replaces no op', () => {
    expect(standardWorld(DEFAULT_CONFIG).substrateFns).toBe(STANDARD_SUBSTRATE);
    const w = buildWorld(DEFAULT_CONFIG);
    expect(w.substrateFns).toBe(STANDARD_SUBSTRATE);
    expect(w.ops).toBeUndefined();
  });

  it("stacks op replacements in the order the faults are named: a later one gets the earlier one as its next", () => {
    const catalogue = [marking('mark-a', 'A'), marking('mark-b', 'B')];
    const notes = (names: string[]) => step(initialSystem(buildWorld(DEFAULT_CONFIG, names, catalogue)), { type: 'tick' }).outcome.notes.filter((n) => n.length === 1);
    expect(notes([])).toEqual([]);
    expect(notes(['mark-a'])).toEqual(['A']);
    expect(notes(['mark-a', 'mark-b'])).toEqual(['A', 'B']);
    expect(notes(['mark-b', 'mark-a'])).toEqual(['B', 'A']);
  });

  it('a substrate replacement is what the system calls', () => {
    let calls = 0;
    const counting = defineFault({
      name: 'count-deposits',
      description: 'counts DepositMemory calls',
      breaks: ['none'],
      substrate: (f) => ({ deposit: (s, pid, n) => (calls++, f.deposit(s, pid, n)) }),
    });
    let sys = initialSystem(buildWorld(DEFAULT_CONFIG, ['count-deposits'], [counting]));
    sys = step(sys, { type: 'createPartition', pid: 'p1' }).system;
    sys = step(sys, { type: 'depositMemory', pid: 'p1', pages: 2 }).system;
    expect(calls).toBe(1);
    expect(sys.substrate.pools.p1).toHaveLength(2);
  });
});
