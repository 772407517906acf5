/**
 * The machine set is typed with each machine's own type: `provide` checks
 * the names and parameters of the implementations it is given, and an
 * interpreter table is checked against the machine's action names. The
 * `@ts-expect-error` lines are checked by `tsc --noEmit` (part of
 * `npm test`): if one of them compiled, the directive itself would fail.
 * The runtime assertions show why the check matters: XState ignores an
 * unknown name in `provide`, so a misspelt fault would silently do nothing.
 */
import { describe, expect, it } from 'vitest';
import { enqueueActions } from 'xstate';
import { STANDARD_MACHINES, type MachineSet } from '../../../src/system/system.js';
import { type ActionName, type ActionTable, type GuardName, advance, initialState, interpret } from '../../../src/system/machine-runtime.js';

const lp = STANDARD_MACHINES.lp;

/** The action names the LP machine emits when it switches from p1 to p2. */
function switchActions(machine: MachineSet['lp']): string[] {
  const onP1 = advance(machine, initialState(machine), { type: 'DISPATCH', pid: 'p1', vp: 0 }).state;
  const idle = advance(machine, onP1, { type: 'DESCHEDULE' }).state;
  return advance(machine, idle, { type: 'DISPATCH', pid: 'p2', vp: 0 }).actions.map((a) => a.type);
}

describe('typed machine set', () => {
  it('a provide with the right action name replaces the action; a misspelt one does not compile (and at run time would change nothing)', () => {
    const variant: MachineSet['lp'] = lp.provide({ actions: { purgeTlbTag: enqueueActions(() => {}) } });
    expect(switchActions(lp)).toContain('purgeTlbTag');
    expect(switchActions(variant)).not.toContain('purgeTlbTag');

    // @ts-expect-error `purgeTlbTags` is not an action of the LP machine.
    const misspelt = lp.provide({ actions: { purgeTlbTags: enqueueActions(() => {}) } });
    expect(switchActions(misspelt)).toContain('purgeTlbTag');
  });

  it('a misspelt guard name and a wrongly typed implementation do not compile', () => {
    const guarded = STANDARD_MACHINES.partition.provide({ guards: { poolEmpty: () => true } });
    // A pool with pages in it: the correct machine denies DeletePartition, the variant deletes.
    const event = { type: 'DeletePartition', poolPages: 3 } as const;
    expect(advance(STANDARD_MACHINES.partition, initialState(STANDARD_MACHINES.partition), event).state.value).toBe('uninitialized');
    expect(advance(guarded, initialState(guarded), event).state.value).toBe('deleted');

    // @ts-expect-error `poolIsEmpty` is not a guard of the partition machine.
    STANDARD_MACHINES.partition.provide({ guards: { poolIsEmpty: () => true } });
    // @ts-expect-error `purgeTlbTag` takes `{ tag: PartitionId }`, not a number.
    lp.provide({ actions: { purgeTlbTag: (_: unknown, params: { tag: number }) => void params } });
  });

  it('action and guard names are derived from the machine, and an interpreter table must name exactly those actions', () => {
    const names: readonly ActionName<MachineSet['lp']>[] = ['purgeTlbTag', 'loadTlbTag', 'countVmSwitch', 'preemptCurrent', 'track', 'clearVp'];
    // @ts-expect-error `purge` is not an action of the LP machine.
    const wrong: ActionName<MachineSet['lp']> = 'purge';
    const guard: GuardName<MachineSet['lp']> = 'isVmSwitch';
    const tagged: GuardName<MachineSet['lp']> = 'isTagged';
    expect(Object.keys(lp.implementations.actions).sort()).toEqual([...names].sort());
    expect(Object.keys(lp.implementations.guards)).toEqual([tagged, guard]);
    expect(wrong).toBe('purge');

    const seen: string[] = [];
    const table: ActionTable<MachineSet['lp'], [out: string[]]> = {
      purgeTlbTag: (out, a) => out.push(`purge ${a.params.tag}`),
      loadTlbTag: (out, a) => out.push(`load ${a.params.pid} after ${a.params.previous}`),
      countVmSwitch: (out) => out.push('count'),
      preemptCurrent: (out, a) => out.push(`preempt ${a.params.pid} vp${a.params.vp}`),
      track: () => {},
      clearVp: () => {},
    };
    const onP1 = advance(lp, initialState(lp), { type: 'DISPATCH', pid: 'p1', vp: 0 }).state;
    for (const a of advance(lp, onP1, { type: 'DISPATCH', pid: 'p2', vp: 1 }).actions) interpret(table, a, seen);
    expect(seen).toEqual(['preempt p1 vp0', 'purge p1', 'count']);

    // @ts-expect-error the table leaves out `clearVp`.
    const missing: ActionTable<MachineSet['lp'], []> = { purgeTlbTag: () => {}, loadTlbTag: () => {}, countVmSwitch: () => {}, preemptCurrent: () => {}, track: () => {} };
    const extra: ActionTable<MachineSet['lp'], []> = {
      purgeTlbTag: () => {},
      loadTlbTag: () => {},
      countVmSwitch: () => {},
      preemptCurrent: () => {},
      track: () => {},
      clearVp: () => {},
      // @ts-expect-error `flushTlb` is not an action of the LP machine.
      flushTlb: () => {},
    };
    // @ts-expect-error `purgeTlbTag`'s parameters have no `pid`.
    const badParams: ActionTable<MachineSet['lp'], []> = { ...extra, purgeTlbTag: (a) => void a.params.pid };
    expect(Object.keys(missing)).toHaveLength(5);
    expect(Object.keys(badParams)).toHaveLength(7);
  });
});
