import { describe, expect, it } from 'vitest';
import { exploreModel } from '../../../src/check/explore.js';
import type { Model } from '../../../src/engine/model.js';
import { keyIdentity } from '../../../src/engine/key-identity.js';

/**
 * A request/reply toy built to have a stuck state: a client sends a
 * request and waits; a correct server answers it, a lossy one drops it.
 * Time (`tick`) is always enabled and changes nothing, so the lossy
 * client's wait has no deadlock (an op always applies) but is stuck: every
 * op leads back to the same state.
 */
interface Toy {
  readonly client: 'idle' | 'waiting' | 'done';
  readonly inFlight: boolean;
}
type ToyOp = { readonly type: 'send' } | { readonly type: 'serve' } | { readonly type: 'tick' };

function toy(lossy: boolean, quiescent?: (s: Toy) => boolean): Model<Toy, ToyOp, undefined> {
  return {
    initial: () => ({ client: 'idle', inFlight: false }),
    actions: (s) => [
      ...(s.client === 'idle' ? [{ type: 'send' } as const] : []),
      ...(s.inFlight ? [{ type: 'serve' } as const] : []),
      { type: 'tick' } as const,
    ],
    next: (s, op) => {
      if (op.type === 'tick') return { state: s, outcome: undefined };
      if (op.type === 'send') return { state: { client: 'waiting', inFlight: true }, outcome: undefined };
      // The lossy server drops the request: the client goes on waiting.
      return { state: lossy ? { client: 'waiting', inFlight: false } : { client: 'done', inFlight: false }, outcome: undefined };
    },
    properties: [],
    describe: (op) => op.type,
    identity: keyIdentity((s) => `${s.client} ${s.inFlight}`),
    ...(quiescent ? { isQuiescent: quiescent } : {}),
  };
}

describe('the explorer reports stuck states (every enabled op leads back to the same state)', () => {
  it('finds the lossy server\'s stuck wait, with the shortest path to it, though no state is a deadlock', () => {
    const r = exploreModel(toy(true), { symmetry: false });
    expect(r.kind).toBe('complete');
    expect(r.deadlockCount).toBe(0);
    expect(r.stuckCount).toBe(1);
    expect(r.stuck[0]!.ops.map((o) => o.type)).toEqual(['send', 'serve']);
  });

  it('a correct server leaves only its finished state, which the model declares quiescent', () => {
    // Without the declaration, the finished client (only `tick` applies, and it changes nothing) is reported too.
    expect(exploreModel(toy(false), { symmetry: false }).stuck.map((d) => d.ops.map((o) => o.type))).toEqual([['send', 'serve']]);
    const r = exploreModel(toy(false, (s) => s.client === 'done'), { symmetry: false });
    expect([r.stuckCount, r.deadlockCount]).toEqual([0, 0]);
  });

  it('a quiescent declaration covers only the states it names: the lossy wait is still reported', () => {
    const r = exploreModel(toy(true, (s) => s.client === 'done'), { symmetry: false });
    expect(r.stuckCount).toBe(1);
  });
});
