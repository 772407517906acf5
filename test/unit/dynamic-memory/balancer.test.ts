import { describe, expect, it } from 'vitest';
import { defaultBalancer, targetPages, type GuestView, type BalancerPolicy } from '../../../src/dynamic-memory/balancer.js';
import { dmWorld, bootP1, runTo } from '../../helpers/dm-fixture.js';
import { applyOp } from '../../../src/system/step.js';

const guest = (pid: string, over: Partial<GuestView>): GuestView => ({
  pid,
  minPages: 4,
  maxPages: 32,
  bufferPercent: 20,
  weight: 5000,
  visible: 16,
  ballooned: 0,
  committed: 10,
  pressure: 62,
  busy: false,
  hotAddRefused: false,
  gpaPages: 32,
  ...over,
});

describe('default balancer', () => {
  it('targets committed plus a 20 % buffer, within min and max', () => {
    expect(targetPages(guest('a', { committed: 10 }))).toBe(12);
    expect(targetPages(guest('a', { committed: 30 }))).toBe(32);
    expect(targetPages(guest('a', { committed: 1 }))).toBe(4);
    expect(targetPages(guest('a', { committed: null }))).toBeNull();
  });

  it('hot-adds from Available Memory to a pressured guest, deflating its balloon first', () => {
    expect(defaultBalancer({ guests: [guest('a', { committed: 20, pressure: 125 })], available: 100, totalFrames: 200 })).toEqual([{ kind: 'hotAdd', pid: 'a', pages: 8 }]);
    expect(defaultBalancer({ guests: [guest('a', { committed: 20, pressure: 125, ballooned: 3 })], available: 100, totalFrames: 200 })).toEqual([{ kind: 'unballoon', pid: 'a', pages: 3 }]);
  });

  it('when memory is short, balloons the least pressured guests (lower weight first), never below their own target', () => {
    const d = defaultBalancer({
      guests: [
        guest('hot', { committed: 20, pressure: 125 }),
        guest('cold', { committed: 5, pressure: 31, weight: 9000 }),
        guest('colder', { committed: 5, pressure: 31, weight: 100 }),
      ],
      available: 0,
      totalFrames: 100,
    });
    // hot wants 24 pages (20 committed + 20 %) and has 16; colder (weight 100) gives 8 of its 10 spare pages, cold keeps its own.
    expect(d).toEqual([{ kind: 'balloon', pid: 'colder', pages: 8 }]);
    expect(defaultBalancer({ guests: [guest('hot', { committed: 20, pressure: 125 }), guest('busy', { committed: 1, pressure: 6, busy: true })], available: 0, totalFrames: 100 })).toEqual([]);
  });
});

describe('a replaceable balancer policy', () => {
  it('runs in place of the default when the World carries one', () => {
    const seen: number[] = [];
    const mine: BalancerPolicy = (input) => {
      seen.push(input.available);
      return input.guests.map((g) => ({ kind: 'balloon' as const, pid: g.pid, pages: 2 }));
    };
    const world = { ...dmWorld(), balancer: mine };
    const s = runTo(world, bootP1);
    const r = applyOp(s, { type: 'dmBalance' });
    expect(r.outcome.status).toBe('applied');
    expect(seen).toEqual([s.substrate.memory.free.length]);
    expect(r.system.dm.p1!.toGuest.at(-1)).toMatchObject({ type: 'BALLOON_REQUEST', numPages: 2 });
  });

  it('carries out nothing of a round with a decision for an unknown guest, and observes it as a policy that does not fit', () => {
    const world = { ...dmWorld(), balancer: (() => [{ kind: 'hotAdd', pid: 'p1', pages: 1 }, { kind: 'hotAdd', pid: 'nobody', pages: 1 }]) as BalancerPolicy };
    const s = runTo(world, bootP1);
    const r = applyOp(s, { type: 'dmBalance' });
    expect(r.outcome.observations).toEqual([
      { kind: 'policyThrew', policy: 'balancer', message: 'the balancer policy returned a decision that does not fit: the balancer decided for "nobody", which is not a negotiated Dynamic Memory guest' },
    ]);
    expect(r.system.dm.p1).toEqual(s.dm.p1);
  });
});
