import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { universeOf } from '../../../src/coverage/universe.js';
import { CoverageCollector } from '../../../src/coverage/collector.js';
import { summarize } from '../../../src/coverage/summary.js';
import { type MachineSet, STANDARD_MACHINES, standardWorld } from '../../../src/system/system.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { checkRandom } from '../../../src/check/random.js';
import { OP_TYPES, type OpType } from '../../../src/system/ops.js';
import { vpMachine } from '../../../models/virtual-processor/machine.js';
import { KNOWN_UNREACHED, knownReason } from '../../../src/coverage/reasons.js';

const SEED = 4242;
const DM_MACHINES = ['dmGuest', 'dmHost'];
const onlyKind = (kind: OpType) => Object.fromEntries(OP_TYPES.map((t) => [t, t === kind ? 1 : 0])) as Record<OpType, number>;

function coverageOf(world = standardWorld(DEFAULT_CONFIG), weights?: Partial<Record<OpType, number>>, runs = 100, depth = 40) {
  const c = new CoverageCollector();
  const r = checkRandom(world, { seed: SEED, runs, depth, weights, observers: [c.observer('random')] });
  expect(r.kind, `seed ${SEED}`).not.toBe('violated');
  return summarize(universeOf(world.machines), c.data());
}

describe('coverage is honest', () => {
  it('a run restricted to one op kind reports low coverage; the full vocabulary reports far more', () => {
    const narrow = coverageOf(undefined, onlyKind('createPartition'));
    const full = coverageOf();
    const total = (s: typeof full, k: 'states' | 'transitions') => s.machines.reduce((n, m) => n + m.headline[k].covered, 0);
    console.log(`seed ${SEED}: createPartition only covers ${total(narrow, 'states')} states, ${total(narrow, 'transitions')} transitions; every op kind covers ${total(full, 'states')} states, ${total(full, 'transitions')} transitions`);
    // Creating partitions enters `uninitialized` and nothing else: no declared transition is taken.
    expect(narrow.machines.map((m) => [m.machine, m.headline.states.covered, m.headline.transitions.covered])).toEqual([
      ['partition', 1, 0],
      ['vp', 0, 0],
      ['lp', 0, 0],
      ['intercept', 0, 0],
      ['vmWorker', 0, 0],
      ['dmGuest', 0, 0],
      ['dmHost', 0, 0],
      ['interrupt', 0, 0],
      ['io', 0, 0],
      ['ringReader', 0, 0],
    ]);
    expect(narrow.machines.find((m) => m.machine === 'partition')!.created).toBeGreaterThan(0);
    expect(total(full, 'transitions')).toBeGreaterThanOrEqual(25);
    // The default configuration has no Dynamic Memory guest; its two machines are covered on the Dynamic Memory example (test/e2e/check-coverage.test.ts).
    // A whole synthetic I/O (the io machine's later states) takes more steps than these runs mostly get: see below.
    for (const m of full.machines.filter((x) => !DM_MACHINES.includes(x.machine) && x.machine !== 'io')) expect(m.headline.states.covered, m.machine).toBe(m.headline.states.total);
    expect(full.machines.filter((x) => DM_MACHINES.includes(x.machine)).map((m) => m.headline.states.covered)).toEqual([0, 0]);
  });

  it('runs steered down the I/O path cover every state of the synthetic I/O machine', () => {
    const weights = { submitIo: 10, vspTakeRequest: 10, deviceComplete: 10, rootIsr: 10, vspSignal: 10, guestHandle: 10, eoi: 10, dispatchVp: 8, finalizePartition: 0, deletePartition: 0 };
    const io = coverageOf(undefined, weights, 100, 80).machines.find((m) => m.machine === 'io')!;
    expect(io.headline.states.covered, `seed ${SEED}`).toBe(io.headline.states.total);
  });

  // The Dynamic Memory example covering every state of the driver and the VSP is checked on `npm run check`'s own run: test/e2e/check-coverage.test.ts.

  it('a transition removed from a machine disappears from the universe and from the report', () => {
    const cfg = vpMachine.config as { states: Record<string, { on?: Record<string, unknown> }> };
    const { HALT: _halt, ...runningOn } = cfg.states.running!.on!;
    const noHalt = createMachine({ ...cfg, states: { ...cfg.states, running: { ...cfg.states.running, on: runningOn } } } as never, vpMachine.implementations as never) as MachineSet['vp'];
    const before = universeOf(STANDARD_MACHINES).vp!;
    const after = universeOf({ ...STANDARD_MACHINES, vp: noHalt }).vp!;
    expect(before.transitions.map((t) => t.id)).toContain('running:HALT:0');
    expect(after.transitions.map((t) => t.id)).not.toContain('running:HALT:0');
    expect(after.transitions).toHaveLength(before.transitions.length - 1);
    const s = coverageOf({ ...standardWorld(DEFAULT_CONFIG), machines: { ...STANDARD_MACHINES, vp: noHalt } });
    const vp = s.machines.find((m) => m.machine === 'vp')!;
    expect(vp.transitions.some((t) => t.event === 'HALT')).toBe(false);
    expect(vp.headline.transitions.total).toBe(before.transitions.length - 1);
    // Nothing the variant did is outside its universe.
    expect(vp.outside).toEqual([]);
  });

  it('gives reasons only for transitions that exist', () => {
    const u = universeOf(STANDARD_MACHINES);
    for (const k of KNOWN_UNREACHED) expect(u[k.machine]?.transitions.some((t) => knownReason([k], k.machine, t)), `${k.machine} ${k.event}`).toBe(true);
  });

  it('lists every machine of the machine set, and every guarded branch separately', () => {
    const u = universeOf(STANDARD_MACHINES);
    expect(Object.keys(u)).toEqual(Object.keys(STANDARD_MACHINES));
    const resume = u.vp!.transitions.filter((t) => t.source === 'suspended' && t.event === 'RESUME');
    expect(resume.map((t) => [t.id, t.guard, t.target])).toEqual([
      ['suspended:RESUME:0', 'interceptStillSet', 'suspended'],
      ['suspended:RESUME:1', undefined, 'ready'],
    ]);
    // A transition with neither target nor actions is listed too (XState's own graph leaves it out).
    expect(u.partition!.transitions.map((t) => t.id)).toContain('active:GetMemoryBalance:0');
    // A transition on the root applies in every state.
    expect(u.vp!.transitions.find((t) => t.event === 'DELETE')).toMatchObject({ source: '*', target: 'deleted' });
  });
});
