import { describe, expect, it } from 'vitest';
import { dmWorld, bootP1, run, runTo } from '../../helpers/dm-fixture.js';
import { applyOp } from '../../../src/system/step.js';
import { countersOf } from '../../helpers/world.js';
import { runTrace } from '../../../src/check/run.js';
import { INVARIANTS } from '../../../properties/index.js';
import { enabledOps } from '../../../src/system/enabled.js';
import { validateConfig, DEFAULT_CONFIG } from '../../../src/system/config.js';
import type { Op } from '../../../src/system/ops.js';
import { GVA_BASE } from '../../../src/substrate/page-table.js';

const balloon2: Op[] = [
  { type: 'dmBalloon', pid: 'p1', pages: 2 },
  { type: 'dmDeliver', pid: 'p1', to: 'guest' },
  { type: 'dmGuestWork', pid: 'p1' },
];
/** The GVA the fixture's guest uses for `gpa` (its boot page table maps GVA base + i to GPA 31 - i). */
const gvaOf = (gpa: number) => GVA_BASE + 31 - gpa;

describe('Dynamic Memory on the substrate', () => {
  it('keeps frames with the guest while the response is in flight, then unmaps, flushes and frees them', () => {
    const world = dmWorld();
    const ops: Op[] = [...bootP1, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }, { type: 'guestAccess', lp: 0, gva: gvaOf(4), write: false }, ...balloon2];
    const inFlight = runTo(world, ops);
    const frame = inFlight.substrate.slat.p1![4]!.frame;
    expect(inFlight.dm.p1!.mm.balloon).toEqual([4, 5]);
    expect(inFlight.substrate.memory.holder[frame]).toBe('partition:p1');
    expect(inFlight.substrate.lps[0]!.tlb.some((e) => e.tag === 'p1' && e.gpa === 4)).toBe(true);
    const delivered = applyOp(inFlight, { type: 'dmDeliver', pid: 'p1', to: 'host' });
    const done = delivered.system;
    expect(done.substrate.slat.p1![4]).toBeUndefined();
    expect(done.substrate.lps[0]!.tlb.some((e) => e.tag === 'p1' && e.gpa === 4)).toBe(false);
    expect(done.substrate.memory.holder[frame]).toBe('free');
    expect(done.substrate.memory.free).toContain(frame);
    expect(countersOf([delivered]).dmRemoveOperations).toBe(1);
    const trace = runTrace(world, [...ops, { type: 'dmDeliver', pid: 'p1', to: 'host' }], INVARIANTS);
    expect(trace.violation).toBeUndefined();
    expect(trace.skippedCount).toBe(0);
  });

  it('maps deflated pages back zeroed and frees them in the guest when it takes the request', () => {
    const world = dmWorld();
    const s = runTo(world, [...bootP1, ...balloon2, { type: 'dmDeliver', pid: 'p1', to: 'host' }, { type: 'dmUnballoon', pid: 'p1', pages: 2 }]);
    const e = s.substrate.slat.p1![4]!;
    expect(s.substrate.memory.content[e.frame]).toBe('zero');
    expect(s.dm.p1!.mm.balloon).toEqual([4, 5]);
    const toGuest = applyOp(s, { type: 'dmDeliver', pid: 'p1', to: 'guest' });
    const toHost = applyOp(toGuest.system, { type: 'dmDeliver', pid: 'p1', to: 'host' });
    const after = toHost.system;
    expect(after.dm.p1!.mm.balloon).toEqual([]);
    expect(after.dm.p1!.host.value).toEqual({ ready: 'idle' });
    expect(countersOf([toGuest, toHost]).dmAddOperations).toBe(1);
  });

  // QEMU hw/hyperv/hv-balloon.c, hv_balloon_handle_balloon_response: a response is accounted in the reply wait, which has
  // no timer. hvspec's VSP may give the wait up (a host policy); the late response is then accounted all the same.
  it('takes nothing without the response; a response that comes after the VSP gave the transaction up is accounted, once', () => {
    const world = dmWorld();
    const s = runTo(world, [...bootP1, ...balloon2, { type: 'tick' }]);
    expect(s.dm.p1!.host.value).toEqual({ ready: 'idle' });
    expect(s.substrate.slat.p1![4]).toBeDefined();
    // The given-up balloon's pages may still come: no new balloon request until its last response has.
    expect(enabledOps(s).some((o) => o.type === 'dmBalloon')).toBe(false);
    const r = applyOp(s, { type: 'dmDeliver', pid: 'p1', to: 'host' });
    expect(r.outcome.observations).toContainEqual({ kind: 'dmHostMessage', pid: 'p1', message: 'BALLOON_RESPONSE', state: 'ready.idle', expected: true, acted: true });
    expect(r.system.substrate.slat.p1![4]).toBeUndefined();
    expect(r.system.dm.p1!.reclaimed).toEqual([{ startPage: 4, pageCnt: 2 }]);
    expect(enabledOps(r.system).some((o) => o.type === 'dmBalloon')).toBe(true);
    const trace = runTrace(world, [...bootP1, ...balloon2, { type: 'tick' }, { type: 'dmDeliver', pid: 'p1', to: 'host' }], INVARIANTS);
    expect([trace.violation, trace.skippedCount]).toEqual([undefined, 0]);
  });

  it('counts unballoon answers per guest sequence: a given-up deflate followed by another is answered once each, not flagged', () => {
    const world = dmWorld([], { largeUnitPages: 1 });
    const ops: Op[] = [
      ...bootP1,
      { type: 'dmBalloon', pid: 'p1', pages: 3 },
      { type: 'dmDeliver', pid: 'p1', to: 'guest' },
      { type: 'dmGuestWork', pid: 'p1' },
      { type: 'dmGuestWork', pid: 'p1' },
      { type: 'dmSettle', pid: 'p1' },
      { type: 'dmUnballoon', pid: 'p1', pages: 2 },
      { type: 'tick' },
      { type: 'dmUnballoon', pid: 'p1', pages: 1 },
      { type: 'dmDeliver', pid: 'p1', to: 'guest' },
      { type: 'dmDeliver', pid: 'p1', to: 'guest' },
      { type: 'dmDeliver', pid: 'p1', to: 'guest' },
      { type: 'dmSettle', pid: 'p1' },
    ];
    const r = runTrace(world, ops, INVARIANTS);
    expect(r.skippedCount).toBe(0);
    expect(r.violation).toBeUndefined();
    expect(r.final.dm.p1!.mm.balloon).toEqual([]);
    // The first answer (to the given-up deflate) closes the open one, as the VSP cannot tell them apart; the second arrives in idle and is ignored.
    const answers = r.steps.at(-1)!.outcome.observations.flatMap((o) => (o.kind === 'dmHostMessage' && o.message === 'UNBALLOON_RESPONSE' ? [[o.state, o.acted]] : []));
    expect(answers).toEqual([
      ['ready.unballoonWaitReply', true],
      ['ready.idle', false],
    ]);
  });

  // QEMU hw/hyperv/hv-balloon.c, hv_balloon_haprot_plug_notify and hv_balloon_idle_state_process_target: the host honours
  // the guest's capability bits, so a guest that reports hot_add = 0 is never sent a hot-add request.
  it('hot-adds zeroed frames, onlined by the guest; a guest that reports hot_add = 0 is never asked', () => {
    const world = dmWorld();
    const s = runTo(world, [...bootP1, { type: 'dmHotAdd', pid: 'p1', pages: 3 }, { type: 'dmDeliver', pid: 'p1', to: 'guest' }, { type: 'dmGuestWork', pid: 'p1' }, { type: 'dmDeliver', pid: 'p1', to: 'host' }]);
    expect(s.dm.p1!.mm.visible).toBe(19);
    expect(s.dm.p1!.hostVisible).toBe(19);
    expect(s.substrate.memory.content[s.substrate.slat.p1![18]!.frame]).toBe('zero');
    const off = dmWorld([], {}, { hotAdd: false });
    const t = runTo(off, bootP1);
    expect(t.dm.p1!.host.context).toMatchObject({ guestBalloon: true, guestHotAdd: false });
    expect(enabledOps(t).filter((o) => o.type === 'dmHotAdd')).toEqual([]);
    expect(applyOp(t, { type: 'dmHotAdd', pid: 'p1', pages: 1 }).outcome.status).toBe('skipped');
    expect(enabledOps(t).some((o) => o.type === 'dmBalloon')).toBe(true);
  });

  it('keeps operator requests within min and max, and Dynamic Memory ops off static partitions', () => {
    const s = runTo(dmWorld(), bootP1);
    const balloons = enabledOps(s).filter((o) => o.type === 'dmBalloon');
    expect(balloons.map((o) => (o as { pages: number }).pages)).toEqual([1, 2, 3]);
    expect(applyOp(s, { type: 'mapGpaPages', pid: 'p1', gpa: 20, pages: 1, access: 3 }).outcome.status).toBe('skipped');
    const statics = run(dmWorld(), [{ type: 'createPartition', pid: 'p2' }]).at(-1)!;
    expect(enabledOps(statics).filter((o) => o.type.startsWith('dm') && 'pid' in o && o.pid === 'p2')).toEqual([]);
  });

  it('falls back one version at a time on an older host, with is_last_attempt only on 0.3', () => {
    const s = runTo(dmWorld([], {}, { hostVersion: '0.3' }), bootP1.slice(0, 4));
    const msgs: unknown[] = [];
    let cur = s;
    for (let i = 0; i < 3; i++) {
      msgs.push(cur.dm.p1!.toHost[0]);
      cur = runTo(dmWorld([], {}, { hostVersion: '0.3' }), [{ type: 'dmDeliver', pid: 'p1', to: 'host' }, { type: 'dmDeliver', pid: 'p1', to: 'guest' }], cur);
    }
    expect(msgs.map((m) => [(m as { version: number }).version, (m as { isLastAttempt: number }).isLastAttempt])).toEqual([
      [0x20000, 0],
      [0x10000, 0],
      [0x3, 1],
    ]);
    expect(cur.dm.p1!.driver.value).toEqual({ INITIALIZING: 'capabilities' });
  });

  it('validates Dynamic Memory settings and names every problem', () => {
    const bad = validateConfig({
      ...DEFAULT_CONFIG,
      partitions: [{ id: 'p1', vps: 1, gpaPages: 8, dynamicMemory: { startupPages: 9, minPages: 0, maxPages: 4, hostVersion: '3.0', hostDeclinesCapabilities: 'yes', colour: 1 } }],
      dynamicMemoryTuning: { mibPerPage: 0, bogus: 1 },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.error.problems).toEqual([
        // Unknown fields first, then one problem per field.
        'partitions[0].dynamicMemory has unknown field "colour"',
        'dynamicMemoryTuning has unknown field "bogus"',
        'partitions[0].dynamicMemory.minPages must be an integer from 1 to 8, got 0',
        'partitions[0].dynamicMemory.hostVersion must be one of none, 2.0, 1.0, 0.3, got "3.0"',
        'partitions[0].dynamicMemory.hostDeclinesCapabilities must be true or false, got "yes"',
        'partitions[0].dynamicMemory.startupPages must be an integer from 1 to 8, got 9',
        'dynamicMemoryTuning.mibPerPage must be an integer from 1 to 1048576, got 0',
      ]);
  });
});
