/**
 * The op registry and what is derived from it. Every op kind is one
 * record (models/<mechanism>/ops.ts); the kinds' order, the schemas, the
 * weights, the lister and the describer all come from the same set, so
 * they cannot disagree. The `@ts-expect-error` lines are checked by
 * `tsc --noEmit` (part of `npm test`): if a record missing a part
 * compiled, the directive itself would fail.
 */
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { OP_RECORDS, OP_TYPES, isOpType } from '../../../src/system/op-registry.js';
import { SPINE_OP_TYPES, QUERY_OP_TYPES, INTERCEPT_OP_TYPES, DM_OP_TYPES, IO_OP_TYPES, MESSAGE_OP_TYPES, HOSTILE_OP_TYPES, SWAP_OP_TYPES, type Op } from '../../../src/system/ops.js';
import { defineOp } from '../../../src/system/op-record.js';
import { OpFields } from '../../../src/system/op-schemas.js';
import { opSchemas, OP_FIELDS, validateOp } from '../../../src/system/validate-op.js';
import { OP_WEIGHTS, enabledOps, enabledOfType } from '../../../src/system/enabled.js';
import { describeOp } from '../../../src/system/describe.js';
import { applyOp } from '../../../src/system/step.js';
import { initialSystem, type System } from '../../../src/system/system.js';
import { DEFAULT_CONFIG, type Config } from '../../../src/system/config.js';
import { DM_DEMO_CONFIG } from '../../../src/system/dm-demo-config.js';
import { EnabledScan } from '../../../src/system/enabled-scan.js';
import { world } from '../../helpers/world.js';

/** A well-formed record of a kind the registry does not hold. */
const probe = defineOp({
  type: 'probe',
  args: (f) => ({ lp: f.lp() }),
  weight: 1,
  reads: ['tlbs'],
  enabled: (e, out) => {
    e.s.lps.forEach((_, lp) => out.push({ type: 'probe', lp }));
  },
  apply: (st, o) => (o.lp === 0 ? st.done() : st.skip(`lp${o.lp} is not the probe's`)),
  describe: (o) => `probe lp${o.lp}`,
});

describe('op records', () => {
  it('a record with every part compiles and is the record itself; one missing its describer or its enumerator does not compile', () => {
    expect(probe.describe({ type: 'probe', lp: 1 })).toBe('probe lp1');
    expect(Object.keys(probe.args(new OpFields('probe', DEFAULT_CONFIG)))).toEqual(['lp']);

    // @ts-expect-error a record without `describe` is missing a part.
    const noDescribe = defineOp({
      type: 'noDescribe',
      args: () => ({}),
      weight: 1,
      enabled: () => {},
      apply: (st) => st.done(),
    });
    // @ts-expect-error a record without `enabled` is missing a part.
    const noEnabled = defineOp({
      type: 'noEnabled',
      args: () => ({}),
      weight: 1,
      apply: (st) => st.done(),
      describe: () => 'noEnabled',
    });
    // Nothing checks the parts at run time: only the compiler stands between a record and a missing part.
    expect('describe' in noDescribe).toBe(false);
    expect('enabled' in noEnabled).toBe(false);
  });

  it('an enumerator appends only ops of its own kind (a record typed for another kind does not compile)', () => {
    const sys = initialSystem(world());
    const out: { type: string; lp: number }[] = [];
    probe.enabled(new EnabledScan(sys), out);
    expect(out).toEqual(sys.substrate.lps.map((_, lp) => ({ type: 'probe', lp })));
    defineOp({
      type: 'mistyped',
      args: (f) => ({ pid: f.pid() }),
      weight: 1,
      reads: [],
      enabled: (_e, o) => {
        // @ts-expect-error `mistyped` ops carry a pid, and no other kind may be appended.
        o.push({ type: 'tick' });
      },
      apply: (st) => st.done(),
      describe: (o) => `mistyped ${o.pid}`,
    });
  });
});

describe('argument fields', () => {
  it("take their config-dependent checks from the variant the record names, not from the op's kind", () => {
    const config: Config = { ...DEFAULT_CONFIG, partitions: [...DEFAULT_CONFIG.partitions, { id: 'dm', vps: 1, gpaPages: 8, dynamicMemory: { startupPages: 4, minPages: 2, maxPages: 8 } }] };
    const schema = (build: (f: OpFields<'probe'>) => Record<string, ZodType>) => {
      const f = new OpFields('probe', config);
      return { f, s: f.op(build(f)) };
    };
    const dm = schema((f) => ({ pid: f.pid('dynamicMemory'), pages: f.pages('commitLimit') }));
    expect(dm.f.kinds).toEqual({ pid: 'dynamicMemory', pages: 'commitLimit' });
    expect(dm.s.safeParse({ type: 'probe', pid: 'dm', pages: 16 }).success).toBe(true);
    expect(dm.s.safeParse({ type: 'probe', pid: 'dm', pages: 17 }).success).toBe(false);
    expect(dm.s.safeParse({ type: 'probe', pid: 'p1', pages: 1 }).success).toBe(false);
    const child = schema((f) => ({ pid: f.pid(), gpa: f.gpa('partition'), pages: f.pages('frames') }));
    expect(child.s.safeParse({ type: 'probe', pid: 'p1', gpa: 15, pages: config.frames }).success).toBe(true);
    expect(child.s.safeParse({ type: 'probe', pid: 'p1', gpa: 16, pages: 1 }).success).toBe(false);
    expect(child.s.safeParse({ type: 'probe', pid: 'root', gpa: 0, pages: 1 }).success).toBe(false);
    const vp = schema((f) => ({ pid: f.pid('childOrRoot'), vp: f.vp() }));
    expect(vp.s.safeParse({ type: 'probe', pid: 'root', vp: 0 }).success).toBe(true);
    expect(vp.s.safeParse({ type: 'probe', pid: 'root', vp: config.rootVps }).success).toBe(false);
  });
});

describe('the op registry', () => {
  it('holds one record per op kind, keyed by its own type, in OP_TYPES order', () => {
    expect(OP_TYPES).toEqual(Object.keys(OP_RECORDS));
    for (const t of OP_TYPES) expect(OP_RECORDS[t].type).toBe(t);
    expect(new Set(OP_TYPES).size).toBe(OP_TYPES.length);
    expect(isOpType('tick')).toBe(true);
    expect(isOpType('toString')).toBe(false);
    expect(isOpType('probe')).toBe(false);
  });

  it("keeps the kinds' order (the random engine's draws and the explorer's state order depend on it)", () => {
    expect(OP_TYPES).toEqual([...SPINE_OP_TYPES, ...QUERY_OP_TYPES, ...INTERCEPT_OP_TYPES, ...DM_OP_TYPES, ...IO_OP_TYPES, ...MESSAGE_OP_TYPES, ...HOSTILE_OP_TYPES, ...SWAP_OP_TYPES]);
  });

  it("derives one schema per record, whose fields are the record's args", () => {
    for (const config of [undefined, DEFAULT_CONFIG]) {
      const schemas = opSchemas(config);
      expect([...schemas.keys()]).toEqual(OP_TYPES);
      for (const t of OP_TYPES) {
        const shape = (schemas.get(t) as unknown as { shape: object }).shape;
        const args = (OP_RECORDS[t].args as (f: OpFields) => object)(new OpFields(t, config));
        expect(Object.keys(shape)).toEqual(['type', ...Object.keys(args)]);
      }
    }
    expect(Object.keys(OP_FIELDS)).toEqual(OP_TYPES);
  });

  it("derives the weights from the records' weights", () => {
    expect(Object.keys(OP_WEIGHTS)).toEqual(OP_TYPES);
    for (const t of OP_TYPES) {
      expect(OP_WEIGHTS[t]).toBe(OP_RECORDS[t].weight);
      expect(Number.isInteger(OP_WEIGHTS[t]) && OP_WEIGHTS[t] > 0).toBe(true);
    }
  });

  /** The states of a walk from boot that takes the enabled op at a fixed rotating index. */
  function walk(config: Config, steps: number): System[] {
    let sys = initialSystem(world(config));
    const states = [sys];
    for (let i = 0; i < steps; i++) {
      const ops = enabledOps(sys);
      if (ops.length === 0) break;
      sys = applyOp(sys, ops[(i * 7) % ops.length]!).system;
      states.push(sys);
    }
    return states;
  }

  it.each([
    ['the default config', DEFAULT_CONFIG],
    ['the Dynamic Memory demo', DM_DEMO_CONFIG],
  ])("lists, on %s, each kind's enabled ops from its record, in OP_TYPES order, each well-formed and described by its record", (_name, config) => {
    const kinds = new Set<string>();
    for (const sys of walk(config, 60)) {
      const all: Op[] = [];
      for (const t of OP_TYPES) {
        const mine = enabledOfType(sys, t);
        for (const op of mine) {
          expect(op.type).toBe(t);
          expect(validateOp(config, op).ok).toBe(true);
          expect(describeOp(op, config)).toBe(OP_RECORDS[t].describe(op as never, config));
          kinds.add(t);
        }
        all.push(...mine);
      }
      expect(enabledOps(sys)).toEqual(all);
    }
    // The walk reaches ops of many kinds, so the checks above are not vacuous.
    expect(kinds.size).toBeGreaterThan(10);
  });
});
