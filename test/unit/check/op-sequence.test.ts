/**
 * Generated op sequences drawn through a model's ops by kind
 * (`Model.byKind`): the random engine then lists only the kind it draws,
 * and must draw exactly the op it would draw from the whole list, so a
 * seed gives the same runs (and the same counterexamples) either way.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Op } from '../../../src/system/ops.js';
import type { System } from '../../../src/system/system.js';
import type { Model, KindView } from '../../../src/engine/model.js';
import type { StepOutcome } from '../../../src/system/outcome.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { DM_DEMO_CONFIG } from '../../../src/system/dm-demo-config.js';
import { systemModel } from '../../../src/check/system-model.js';
import { modelSequence, systemWeights } from '../../../src/check/op-sequence.js';
import { world } from '../../helpers/world.js';

type SystemModel = Model<System, Op, StepOutcome>;

const sequences = (model: SystemModel, seed: number, runs = 40, weights: Readonly<Record<string, number>> = systemWeights()) =>
  fc.sample(modelSequence(model, { maxLength: 40, weights }), { seed, numRuns: runs });

/** The model without its ops by kind: the engine lists every op and draws from the list. */
const listingAll = (model: SystemModel): SystemModel => {
  const { byKind: _byKind, ...rest } = model;
  return rest;
};

describe('modelSequence over ops by kind', () => {
  it('draws the same ops from the same seed as from the whole list (default host and the Dynamic Memory demo, two seeds each)', () => {
    for (const config of [DEFAULT_CONFIG, DM_DEMO_CONFIG]) {
      const model = systemModel(world(config));
      for (const seed of [1, 2]) {
        const byKind = sequences(model, seed);
        expect(byKind.flat().length).toBeGreaterThan(500);
        expect(byKind).toEqual(sequences(listingAll(model), seed));
      }
    }
  });

  it('draws the same ops with op kinds left out, an op filter, zero and fractional weights, and a scheduler policy', () => {
    const w = world();
    const cases: { name: string; model: SystemModel; weights?: Record<string, number> }[] = [
      { name: 'memory kinds only', model: systemModel(w, { opTypes: ['createPartition', 'depositMemory', 'initializePartition', 'mapGpaPages', 'unmapGpaPages', 'dispatchVp', 'guestAccess'] }) },
      { name: 'one-page ops only', model: systemModel(w, { opFilter: (op) => !('pages' in op) || op.pages === 1 }) },
      { name: 'weights 0 and 2.5', model: systemModel(w), weights: systemWeights({ mapGpaPages: 0, depositMemory: 2.5, tick: 0 }) },
      { name: 'a scheduler policy', model: systemModel({ ...w, scheduler: (input) => input.runnable[0] ?? null }) },
    ];
    for (const c of cases) {
      const byKind = sequences(c.model, 11, 40, c.weights);
      expect(byKind.flat().length, c.name).toBeGreaterThan(200);
      expect(byKind, c.name).toEqual(sequences(listingAll(c.model), 11, 40, c.weights));
    }
  });

  it('lists only the kind it draws: no whole list, one kind listed per op drawn', () => {
    const model = systemModel(world());
    let listedAll = 0;
    let listedKinds = 0;
    const counted: SystemModel = {
      ...model,
      actions: (s) => (listedAll++, model.actions(s)),
      byKind: {
        kinds: model.byKind!.kinds,
        view: (s): KindView<Op> => {
          const v = model.byKind!.view(s);
          return { has: (k) => v.has(k), of: (k) => (listedKinds++, v.of(k)) };
        },
      },
    };
    const drawn = sequences(counted, 5, 30).flat().length;
    expect(listedAll).toBe(0);
    expect(listedKinds).toBe(drawn);
  });

  it("keeps a kind's answer while the steps leave the parts it reads alone: the same ops, asking has about half as often", () => {
    const model = systemModel(world());
    expect(model.byKind!.reads).toHaveLength(model.byKind!.kinds.length);
    const asking = (m: SystemModel) => {
      let asked = 0;
      const counted: SystemModel = {
        ...m,
        byKind: {
          ...m.byKind!,
          view: (s): KindView<Op> => {
            const v = m.byKind!.view(s);
            return { has: (k) => (asked++, v.has(k)), of: (k) => v.of(k) };
          },
        },
      };
      return { ops: sequences(counted, 3), asked: () => asked };
    };
    const { reads: _reads, ...withoutReads } = model.byKind!;
    const kept = asking(model);
    const everyState = asking({ ...model, byKind: withoutReads });
    expect(kept.ops).toEqual(everyState.ops);
    expect(kept.asked()).toBeLessThan(everyState.asked() * 0.7);
    expect(kept.asked()).toBeGreaterThan(0);
  });

  it('a reads list that leaves out a part its kind reads (mapGpaPages without the partitions) draws other ops; a list of the wrong length, or naming no part, is an error', () => {
    const model = systemModel(world());
    const k = model.byKind!.kinds.indexOf('mapGpaPages');
    const reads = model.byKind!.reads!.map((r, i) => (i === k ? r!.filter((p) => p !== 'partitions') : r));
    expect(sequences({ ...model, byKind: { ...model.byKind!, reads } }, 1)).not.toEqual(sequences(listingAll(model), 1));
    expect(() => sequences({ ...model, byKind: { ...model.byKind!, reads: reads.slice(1) } }, 1, 1)).toThrow(`the model's ops by kind list ${reads.length} kinds but reads for ${reads.length - 1}`);
    const typo = reads.map((r, i) => (i === k ? ['slats'] : r));
    expect(() => sequences({ ...model, byKind: { ...model.byKind!, reads: typo } }, 1, 1)).toThrow(/^the model's ops of kind mapGpaPages: reads names "slats", which is not a part of the state \(parts: memory, slat, /);
  });

  it('a view that hides a kind draws other ops: the comparison above can fail', () => {
    const model = systemModel(world());
    const hidden = model.byKind!.kinds.indexOf('mapGpaPages');
    const wrong: SystemModel = {
      ...model,
      byKind: {
        kinds: model.byKind!.kinds,
        view: (s) => {
          const v = model.byKind!.view(s);
          return { has: (k) => k !== hidden && v.has(k), of: (k) => v.of(k) };
        },
      },
    };
    expect(sequences(wrong, 1)).not.toEqual(sequences(listingAll(model), 1));
  });

  it('a view that says a kind is enabled but lists none of it is an error, not an undefined op', () => {
    const model = systemModel(world());
    const tick = model.byKind!.kinds.indexOf('tick');
    const liar: SystemModel = {
      ...model,
      byKind: { kinds: model.byKind!.kinds, view: () => ({ has: (k) => k === tick, of: () => [] }) },
    };
    expect(() => sequences(liar, 1, 1)).toThrow("the model's ops by kind say kind " + tick + ' has an enabled op, but list none');
  });
});
