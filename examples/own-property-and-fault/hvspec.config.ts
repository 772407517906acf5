/**
 * A property of one's own and a fault of one's own that breaks it.
 * `deposit-moves-pages-asked`: a successful DepositMemory moves exactly the
 * pages asked for into the partition's pool. `deposit-takes-one-more`
 * makes the substrate move one page more. Run from this folder:
 * `hvspec check` (holds) and `hvspec check --fault deposit-takes-one-more`.
 */
import { defineConfig, defineFault } from 'hvspec';
import type { Invariant, System } from 'hvspec/system';

const pool = (s: System, pid: string) => s.substrate.pools[pid]?.length ?? 0;

/** A successful DepositMemory grows the pool by exactly the pages asked for. */
const depositMovesPagesAsked: Invariant = {
  kind: 'always',
  name: 'deposit-moves-pages-asked',
  description: 'A successful DepositMemory moves exactly the pages asked for into the partition’s pool.',
  readsStep: true,
  check: (s, last) => {
    if (last?.op.type !== 'depositMemory' || last.outcome.hypercall?.status !== 'SUCCESS') return null;
    const moved = pool(s, last.op.pid) - pool(last.before, last.op.pid);
    return moved === last.op.pages ? null : `DepositMemory of ${last.op.pages} page(s) moved ${moved} into ${last.op.pid}'s pool`;
  },
};

export default defineConfig({
  host: { frames: 96, hypervisorFrames: 8, rootFrames: 24, logicalProcessors: 1, maxIosInFlight: 0, maxMessagesOutstanding: 0, partitions: [{ id: 'p1', vps: 1, gpaPages: 8 }] },
  properties: [depositMovesPagesAsked],
  faults: [
    defineFault({
      name: 'deposit-takes-one-more',
      description: 'DepositMemory moves one page more than asked from the root into the pool.',
      breaks: ['deposit-moves-pages-asked'],
      substrate: (fns) => ({ deposit: (s, pid, n) => fns.deposit(s, pid, n + 1) }),
    }),
  ],
});
