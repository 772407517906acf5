/**
 * Whether a kind has an enabled op (`anyOf`): the random engine asks it of
 * every kind in every state, then lists only the kind it draws, so it must
 * say yes exactly when the kind's `enabled` lists something. A record's
 * own `any` is written beside its `enabled`; this compares the two on the
 * states that random runs reach on several configurations.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OP_RECORDS, OP_TYPES, type OpType } from '../../../src/system/op-registry.js';
import { at } from '../../../src/substrate/ids.js';
import { lookupSlat } from '../../../src/substrate/slat.js';
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
import { trackedSystem } from '../../helpers/tracked-system.js';
import { STATE_PARTS } from '../../../src/system/state-parts.js';

/** The states random runs of `config` reach (seeded: the same states every time). */
function reachedStates(w: World, seed: number, runs: number): System[] {
  const model = systemModel(w);
  const states: System[] = [];
  const { byKind: _listsByKind, ...plain } = model;
  const watched = { ...plain, actions: (s: System) => (states.push(s), model.actions(s)) };
  fc.sample(modelSequence(watched, { maxLength: 40, weights: systemWeights() }), { seed, numRuns: runs });
  return states;
}

/** The first state where `any` says otherwise than kind `type`'s `enabled`, described; undefined when they agree on every state. */
function disagreement(any: (scan: EnabledScan) => boolean, type: OpType, states: readonly System[]): string | undefined {
  for (const s of states) {
    const listed = enabledOfType(s, type).length;
    const said = any(new EnabledScan(s));
    if (said !== listed > 0) return `${type}: any says ${said}, enabled lists ${listed} ops`;
  }
  return undefined;
}

describe('anyOf', () => {
  it('says a kind has an enabled op exactly when its enabled lists one, on the states random runs reach (every kind; the own any of a record seen both ways)', () => {
    // The last runs the default host under a scheduler policy (the last runnable VP on every LP), where dispatchVp lists the policy's choice.
    const lastRunnable: SchedulerPolicy = (input) => input.runnable.at(-1) ?? null;
    const worlds = [DEFAULT_CONFIG, DM_DEMO_CONFIG, ...EXPLORE_SCOPES.map((s) => s.config)].map((c) => world(c));
    worlds.push({ ...world(), scheduler: lastRunnable });
    const states = worlds.flatMap((w, i) => reachedStates(w, 100 + i, 12));
    expect(states.length).toBeGreaterThan(2_000);
    const anys = anyOf(OP_TYPES);
    OP_TYPES.forEach((t, k) => expect(disagreement(anys[k]!, t, states)).toBeUndefined());
    // Each record's own any is seen saying yes and saying no.
    for (const t of OP_TYPES) {
      const own = OP_RECORDS[t].any;
      if (!own) continue;
      const said = states.map((s) => own(new EnabledScan(s)));
      expect(said, `${t} seen enabled`).toContain(true);
      expect(said, `${t} seen not enabled`).toContain(false);
    }
    expect(OP_TYPES.filter((t) => OP_RECORDS[t].any).length).toBeGreaterThanOrEqual(10);
  });

  it('a subtly wrong any is caught: mapGpaPages asked without the partition machine taking the call', () => {
    const states = reachedStates(world(), 7, 40);
    const withoutProbe = (e: EnabledScan): boolean => {
      if (e.cfg.maxPagesPerCall < 1 || e.s.memory.free.length < 1) return false;
      for (const p of e.live) {
        if (p.dynamicMemory) continue;
        const slat = at(e.s.slat, p.id) ?? {};
        for (let gpa = 0; gpa < p.gpaPages; gpa++) if (!lookupSlat(slat, gpa)) return true;
      }
      return false;
    };
    expect(disagreement(withoutProbe, 'mapGpaPages', states)).toMatch(/^mapGpaPages: any says true, enabled lists 0 ops$/);
    expect(disagreement(OP_RECORDS.mapGpaPages.any!, 'mapGpaPages', states)).toBeUndefined();
  });
});

/** The parts kind `type`'s `any` and `enabled` read on `states` that `declared` does not list, each with the first state's index where it was read. */
function undeclaredReads(type: OpType, declared: readonly string[], states: readonly System[]): string[] {
  const any = anyOf([type])[0]!;
  const found: string[] = [];
  states.forEach((s, i) => {
    const seen = new Set<string>();
    any(new EnabledScan(trackedSystem(s, seen)));
    enabledOfType(trackedSystem(s, seen), type);
    for (const p of seen) if (!declared.includes(p) && !found.some((f) => f.startsWith(`${p} `))) found.push(`${p} (state ${i})`);
  });
  return found;
}

describe('op records: reads', () => {
  // The worlds of the test above, with two scheduler policies: dispatchVp then reads what the policy's input is made of.
  const lastRunnable: SchedulerPolicy = (input) => input.runnable.at(-1) ?? null;
  const sameTag: SchedulerPolicy = (input) => input.runnable.find((v) => v.pid === input.lastPartition) ?? input.runnable[0] ?? null;
  const worlds = [DEFAULT_CONFIG, DM_DEMO_CONFIG, ...EXPLORE_SCOPES.map((s) => s.config)].map((c) => world(c));
  worlds.push({ ...world(), scheduler: lastRunnable }, { ...world(), scheduler: sameTag });
  const states = worlds.flatMap((w, i) => reachedStates(w, 300 + i, 12));

  it('every kind lists parts of the System, and its enabled and any read no part it does not list, on the states random runs reach', () => {
    expect(states.length).toBeGreaterThan(2_000);
    for (const t of OP_TYPES) {
      const reads = OP_RECORDS[t].reads;
      for (const p of reads) expect(STATE_PARTS, `${t} reads ${p}`).toContain(p);
      expect(undeclaredReads(t, reads, states), t).toEqual([]);
    }
  });

  it('a list that leaves out a part is caught: mapGpaPages without the SLAT, dispatchVp under a policy without the schedulers', () => {
    expect(undeclaredReads('mapGpaPages', ['memory', 'partitions'], states)).toEqual([expect.stringMatching(/^slat \(state \d+\)$/)]);
    expect(undeclaredReads('dispatchVp', ['partitions', 'tlbs'], states)).toEqual([expect.stringMatching(/^schedulers \(state \d+\)$/)]);
  });
});
