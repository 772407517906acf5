import { describe, expect, it } from 'vitest';
import { runOps as runOn } from '../../../helpers/world.js';
import { HOSTILE_EXPLORE_CONFIG } from '../../../../src/check/explore-config.js';
import { HOSTILE_HOST_CONFIG } from '../../../../src/system/hostile-host-config.js';
import { enabledOps } from '../../../../src/system/enabled.js';
import { INVARIANTS } from '../../../../properties/index.js';
import { at } from '../../../../src/substrate/ids.js';
import { rangePages } from '../../../../models/dynamic-memory/messages.js';
import { describeOp } from '../../../../src/system/describe.js';
import type { Op } from '../../../../src/system/ops.js';
import type { System } from '../../../../src/system/system.js';

const P = 'p1';
/** Runs ops on the hostile-guest scope's host (one hostile guest). */
const runOps = (ops: readonly Op[], config = HOSTILE_EXPLORE_CONFIG, faults: string[] = []) => runOn(ops, config, faults);
/** Start p1 and negotiate; a balloon request of one page is out. */
const BALLOONING: Op[] = [
  { type: 'dmStart', pid: P },
  { type: 'dmSettle', pid: P },
  { type: 'dmBalloon', pid: P, pages: 1 },
];
const forge = (forgery: Extract<Op, { type: 'dmForge' }>['forgery']): Op => ({ type: 'dmForge', pid: P, forgery });
const claim = (name: string) => INVARIANTS.find((i) => i.name === name)!;

/** The invariants broken after the last op of `ops`, judged with that step. */
function broken(ops: Op[], config = HOSTILE_EXPLORE_CONFIG, faults: string[] = []): string[] {
  const before = runOps(ops.slice(0, -1), config, faults).system;
  const r = runOps(ops, config, faults);
  const last = { before, op: ops.at(-1)!, outcome: r.results.at(-1)!.outcome };
  return INVARIANTS.filter((i) => i.check(r.system, last) !== null).map((i) => `${i.name}: ${i.check(r.system, last)}`);
}

describe('a hostile Dynamic Memory guest against the honest host', () => {
  it('forges only when configured hostile, and each forgery reads as what it sends', () => {
    const honest = runOps(BALLOONING, { ...HOSTILE_EXPLORE_CONFIG, partitions: [{ ...HOSTILE_EXPLORE_CONFIG.partitions[0]!, hostile: false }] }).system;
    expect(enabledOps(honest).filter((o) => o.type === 'dmForge' || o.type === 'ringPoke')).toEqual([]);
    const sys = runOps(BALLOONING).system;
    const forged = enabledOps(sys).filter((o) => o.type === 'dmForge').map((o) => describeOp(o));
    // No page is in the balloon yet: nothing to name as already ballooned.
    expect(forged).toEqual(['dmForge p1 balloonHeld', 'dmForge p1 balloonHeldMore', 'dmForge p1 balloonOutside', 'dmForge p1 balloonDuplicate', 'dmForge p1 unballoonResponse', 'dmForge p1 hotAddResponse']);
    const r = runOps([...BALLOONING, forge('balloonDuplicate')]);
    const m = at(r.system.dm, P)!.toHost.at(-1)!;
    expect(m).toMatchObject({ type: 'BALLOON_RESPONSE', rangeCount: 2, ranges: [{ startPage: 0, pageCnt: 1 }, { startPage: 0, pageCnt: 1 }], transId: 130 });
    // The guest's own counter stands at 2 (version, capabilities): the forgery's id is half a cycle on, one it never used.
  });

  it.each([
    ['balloonOutside', "gpa 0x2 lies outside p1's 2-page GPA space"],
    ['balloonDuplicate', 'gpa 0x0 is named twice'],
  ] as const)('rejects and counts a balloon response that is %s, reclaiming nothing', (f, reason) => {
    const r = runOps([...BALLOONING, forge(f), { type: 'dmDeliver', pid: P, to: 'host' }]);
    expect(r.results.at(-1)!.outcome.observations).toContainEqual({ kind: 'dmRejected', pid: P, message: 'BALLOON_RESPONSE', reason });
    expect(r.counters.dmMessagesRejected).toBe(1);
    expect(at(r.system.dm, P)!.reclaimed).toEqual([]);
    // The transaction stays open: the reply timer gives it up.
    expect(at(r.system.dm, P)!.host.value).toEqual({ ready: 'balloonWaitReply' });
  });

  it('takes a well-formed forged response to its own request, and rejects a page it already took', () => {
    const ok = runOps([...BALLOONING, forge('balloonHeldMore'), { type: 'dmDeliver', pid: P, to: 'host' }]);
    expect(rangePages(at(ok.system.dm, P)!.reclaimed)).toEqual([0]);
    const more = runOps([...BALLOONING, forge('balloonHeldMore'), { type: 'dmDeliver', pid: P, to: 'host' }, forge('balloonHeld'), { type: 'dmDeliver', pid: P, to: 'host' }]);
    expect(more.results.at(-1)!.outcome.observations).toContainEqual({ kind: 'dmRejected', pid: P, message: 'BALLOON_RESPONSE', reason: 'gpa 0x0 is already ballooned out' });
    expect(rangePages(at(more.system.dm, P)!.reclaimed)).toEqual([0]);
  });

  it('ignores an unsolicited unballoon response (it maps nothing back)', () => {
    const ops: Op[] = [...BALLOONING, forge('balloonHeld'), { type: 'dmDeliver', pid: P, to: 'host' }, forge('unballoonResponse'), { type: 'dmDeliver', pid: P, to: 'host' }];
    expect(broken(ops)).toEqual([]);
    expect(broken(ops, HOSTILE_EXPLORE_CONFIG, ['unsolicited-unballoon-maps-back'])).toEqual([
      "host-maps-back-only-what-it-offers: p1's SLAT gains gpa 0x0 in a step in which its VSP offered no such page (dmDeliver)",
    ]);
  });

  it('host-reclaims-only-requested-held-pages fails when the host takes a page outside the GPA space', () => {
    const ops: Op[] = [...BALLOONING, forge('balloonOutside'), { type: 'dmDeliver', pid: P, to: 'host' }];
    expect(broken(ops, HOSTILE_EXPLORE_CONFIG, ['host-trusts-balloon-response-ranges'])).toEqual([
      "host-reclaims-only-requested-held-pages: p1's VSP counts gpa 0x2 as ballooned out, outside p1's 2-page GPA space",
    ]);
    expect(claim('host-reclaims-only-requested-held-pages').check(runOps(ops).system, undefined)).toBeNull();
  });
});

describe("a hostile guest's ring write index against the honest reader", () => {
  /** p1 running with one request on its outbound ring, then `value` in its write index and the VSP's read. */
  const poked = (value: number, faults: string[] = []) => {
    const ops: Op[] = [
      { type: 'dmStart', pid: P },
      { type: 'dispatchVp', pid: P, vp: 0, lp: 0 },
      { type: 'submitIo', lp: 0, gpa: 0 },
      { type: 'ringPoke', pid: P, value },
      { type: 'vspTakeRequest', pid: P },
    ];
    return { ops, r: runOps(ops, HOSTILE_EXPLORE_CONFIG, faults) };
  };

  it('pokes only a ring with a request on it, with the few values it tries', () => {
    const sys: System = runOps([{ type: 'dmStart', pid: P }, { type: 'dispatchVp', pid: P, vp: 0, lp: 0 }]).system;
    expect(enabledOps(sys).filter((o) => o.type === 'ringPoke')).toEqual([]);
    const after = runOps([{ type: 'dmStart', pid: P }, { type: 'dispatchVp', pid: P, vp: 0, lp: 0 }, { type: 'submitIo', lp: 0, gpa: 0 }]).system;
    expect(enabledOps(after).filter((o) => o.type === 'ringPoke').map((o) => describeOp(o))).toEqual(['ringPoke p1 write_index 0', 'ringPoke p1 write_index 64', 'ringPoke p1 write_index 128']);
  });

  it('refuses a write index past the data area, reads nothing and counts it', () => {
    const { ops, r } = poked(64);
    expect(r.results.at(-1)!.outcome.notes).toContain("VSP refuses p1's outbound ring: write_index 64 lies outside the 64-byte data area or off an 8-byte boundary; nothing is read");
    expect(r.counters.ringIndicesRejected).toBe(1);
    expect(at(r.system.vmbus, P)!.outbound.readIndex).toBe(0);
    expect(broken(ops)).toEqual([]);
  });

  it('ring-reader-stays-in-data-area fails when the reader trusts the write index', () => {
    const { ops } = poked(128, ['ring-reader-trusts-write-index']);
    expect(broken(ops, HOSTILE_EXPLORE_CONFIG, ['ring-reader-trusts-write-index'])).toEqual([
      "ring-reader-stays-in-data-area: the VSP copies 128 bytes from p1's outbound ring at offset 0: the 64-byte data area never holds that many, so the copy runs past the ring",
    ]);
  });

  it('the random engine host puts a well-behaved guest next to a hostile one', () => {
    expect(HOSTILE_HOST_CONFIG.partitions.map((p) => [p.id, p.hostile ?? false])).toEqual([
      ['p1', false],
      ['p2', true],
    ]);
  });
});
