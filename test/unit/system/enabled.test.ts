/**
 * Whether a kind has an enabled op (`anyOf`): the random engine asks it of
 * every kind in every state, then lists only the kind it draws, so it must
 * say yes exactly when the kind's `enabled` lists something. A record's
 * own `any` is written beside its `enabled`; this compares the two on the
 * states that random runs reach on several configurations.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OP_RECORDS, OP_TYPES } from '../../../src/system/op-registry.js';
import { anyOf, enabledOfType } from '../../../src/system/enabled.js';
import { EnabledScan } from '../../../src/system/enabled-scan.js';
import type { System, World } from '../../../src/system/system.js';
import type { SchedulerPolicy } from '../../../src/scheduler/policy.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { DM_DEMO_CONFIG } from '../../../src/system/dm-demo-config.js';
import { EXPLORE_SCOPES } from '../../../src/check/explore-config.js';
import { systemModel } from '../../../src/check/system-model.js';
import { modelSequence, systemWeights } from '../../../src/check/op-sequence.js';
import { world } from '../../helpers/world.js';

/** The states random runs of `config` reach (seeded: the same states every time). */
function reachedStates(w: World, seed: number, runs: number): System[] {
  const model = systemModel(w);
  const states: System[] = [];
  const { byKind: _listsByKind, ...plain } = model;
  const watched = { ...plain, actions: (s: System) => (states.push(s), model.actions(s)) };
  fc.sample(modelSequence(watched, { maxLength: 40, weights: systemWeights() }), { seed, numRuns: runs });
  return states;
}

describe('anyOf', () => {
  it('says a kind has an enabled op exactly when its enabled lists one, on the states random runs reach (every kind; the own any of a record seen both ways)', () => {
    // The last runs the default host under a scheduler policy (the last runnable VP on every LP), where dispatchVp lists the policy's choice.
    const lastRunnable: SchedulerPolicy = (input) => input.runnable.at(-1) ?? null;
    const worlds = [DEFAULT_CONFIG, DM_DEMO_CONFIG, ...EXPLORE_SCOPES.map((s) => s.config)].map((c) => world(c));
    worlds.push({ ...world(), scheduler: lastRunnable });
    const anys = anyOf(OP_TYPES);
    const own = OP_TYPES.filter((t) => OP_RECORDS[t].any !== undefined);
    const seen = new Map(own.map((t) => [t, { yes: 0, no: 0 }]));
    let checked = 0;
    worlds.forEach((w, i) => {
      for (const s of reachedStates(w, 100 + i, 20)) {
        const scan = new EnabledScan(s);
        OP_TYPES.forEach((t, k) => {
          const listed = enabledOfType(s, t).length > 0;
          const said = anys[k]!(scan);
          if (said !== listed) expect.fail(`${t}: any says ${said}, enabled lists ${enabledOfType(s, t).length} ops`);
          const tally = seen.get(t);
          if (tally) tally[said ? 'yes' : 'no']++;
          checked++;
        });
      }
    });
    expect(checked).toBeGreaterThan(10_000);
    expect(own.length).toBeGreaterThanOrEqual(6);
    for (const [t, tally] of seen) {
      expect(tally.yes, `${t} seen enabled`).toBeGreaterThan(0);
      expect(tally.no, `${t} seen not enabled`).toBeGreaterThan(0);
    }
  });

  it('a wrong any is caught: one that always says yes disagrees with enabled on some reached state', () => {
    const states = reachedStates(world(), 7, 20);
    const wrong = (_scan: EnabledScan) => true;
    expect(states.some((s) => wrong(new EnabledScan(s)) !== enabledOfType(s, 'withdrawMemory').length > 0)).toBe(true);
  });
});
