/**
 * A second model on hvspec's Model interface: two processes share one
 * lock. Each requests it, enters its critical section when the lock is
 * free, and exits. With `atomic` the test of the lock and taking it are one
 * step (correct); without, a process that saw the lock free takes it a
 * step later, and both can be inside at once (the bug).
 */
import { keyIdentity, type Model } from 'hvspec';

/** Where a process is: `ready` only in the non-atomic variant (it saw the lock free). */
export type Pc = 'idle' | 'waiting' | 'ready' | 'critical';

/** Both processes and the lock. */
export interface MutexState {
  readonly pc: readonly [Pc, Pc];
  readonly locked: boolean;
}

/** What a process does next. */
export interface MutexOp {
  readonly type: 'request' | 'enter' | 'test' | 'set' | 'exit';
  readonly p: 0 | 1;
}

const withPc = (s: MutexState, p: 0 | 1, pc: Pc, locked = s.locked): MutexState => ({ pc: p === 0 ? [pc, s.pc[1]] : [s.pc[0], pc], locked });

/** The op process `p` may take in `s`, if any. */
function opOf(s: MutexState, p: 0 | 1, atomic: boolean): MutexOp | undefined {
  const pc = s.pc[p];
  if (pc === 'idle') return { type: 'request', p };
  if (pc === 'waiting') return s.locked ? undefined : { type: atomic ? 'enter' : 'test', p };
  if (pc === 'ready') return { type: 'set', p };
  return { type: 'exit', p };
}

/** The next state, or undefined when `op` is not what process `op.p` can do now. */
function nextOf(s: MutexState, op: MutexOp, atomic: boolean): MutexState | undefined {
  const now = opOf(s, op.p, atomic);
  if (now?.type !== op.type) return undefined;
  if (op.type === 'request') return withPc(s, op.p, 'waiting');
  if (op.type === 'enter') return withPc(s, op.p, 'critical', true);
  if (op.type === 'test') return withPc(s, op.p, 'ready');
  if (op.type === 'set') return withPc(s, op.p, 'critical', true);
  return withPc(s, op.p, 'idle', false);
}

/** The two-process lock as a model; `release` is the liveness bound on holding the lock. */
export function mutexModel(opts: { atomic: boolean; release: number }): Model<MutexState, MutexOp> {
  const { atomic } = opts;
  const inside = (s: MutexState) => s.pc[0] === 'critical' && s.pc[1] === 'critical';
  return {
    initial: () => ({ pc: ['idle', 'idle'], locked: false }),
    actions: (s) => [opOf(s, 0, atomic), opOf(s, 1, atomic)].filter((o): o is MutexOp => o !== undefined),
    next: (s, op) => {
      const state = nextOf(s, op, atomic);
      return state && { state, outcome: undefined };
    },
    properties: [
      { kind: 'always', name: 'mutual-exclusion', description: 'At most one process is in its critical section.', check: (s) => (inside(s) ? 'both processes are in their critical sections' : null) },
      {
        kind: 'transition',
        name: 'enters-only-when-free',
        description: 'A process takes the lock only when it was free before the step.',
        check: (t) => (t.after.locked && t.before.locked && t.after.pc[t.op.p] === 'critical' && t.before.pc[t.op.p] !== 'critical' ? `p${t.op.p} took a lock that was already held` : null),
      },
      { kind: 'sometimes', name: 'both-waiting', description: 'Both processes wait for the lock at once.', reached: (s) => s.pc[0] === 'waiting' && s.pc[1] === 'waiting' },
      { kind: 'sometimes', name: 'both-inside', description: 'Both processes are inside at once.', reached: inside },
      {
        kind: 'eventually',
        name: 'lock-released',
        description: 'A process that holds the lock releases it.',
        trigger: (s, t) => s.locked && t !== undefined && !t.before.locked,
        satisfied: (s) => !s.locked,
        within: opts.release,
      },
    ],
    describe: (op) => `p${op.p} ${op.type}`,
    // The processes are interchangeable: a state and its mirror are one state under symmetry.
    identity: keyIdentity(
      (s) => `${s.pc[0]} ${s.pc[1]} ${s.locked ? 'locked' : 'free'}`,
      (s) => (s.pc[0] <= s.pc[1] ? s : { pc: [s.pc[1], s.pc[0]], locked: s.locked }),
    ),
    kind: (op) => op.type,
    size: (op) => op.p,
  };
}
