/**
 * Dynamic Memory's op records (reference dynamic-memory.md): only for
 * partitions configured for it, so configs without it keep their state
 * space. The VM worker starts a guest's Dynamic Memory; messages cross
 * the channel; the guest driver's work item runs; an operator or the
 * Balancer asks for pages; the guest's workload commits and releases.
 * The host VSP and guest driver machines' actions are interpreted in
 * src/system/handlers/dynamic-memory.ts and dm-channel.ts.
 */
import { z } from 'zod';
import { defineOp, type OpBase, type OpSink } from '../../src/system/op-record.js';
import type { EnabledScan } from '../../src/system/enabled-scan.js';
import type { Config } from '../../src/system/config.js';
import type { System } from '../../src/system/system.js';
import * as dm from '../../src/system/handlers/dynamic-memory.js';
import * as hostile from '../../src/system/handlers/dm-hostile.js';
import { isLiveDm, hostState } from '../../src/system/handlers/dm-channel.js';
import { type PartitionId, at } from '../../src/substrate/ids.js';
import { MIN_POOL_PAGES } from '../partition/machine.js';
import { createPartition, depositMemory, initializePartition } from '../partition/ops.js';

const pages = (n: number) => `${n} page${n === 1 ? '' : 's'}`;

/** The partitions each config gives Dynamic Memory (asked by every Dynamic Memory kind in every state). */
const DM_PIDS = new WeakMap<Config, readonly PartitionId[]>();

/** The partitions configured for Dynamic Memory, and those of them whose guest is live (none configured: null). */
function dmGuests(sys: System): { readonly dmPids: readonly PartitionId[]; readonly live: PartitionId[] } | null {
  const config = sys.world.config;
  let dmPids = DM_PIDS.get(config);
  if (dmPids === undefined) DM_PIDS.set(config, (dmPids = config.partitions.filter((p) => p.dynamicMemory).map((p) => p.id)));
  if (dmPids.length === 0) return null;
  return { dmPids, live: dmPids.filter((pid) => isLiveDm(sys, pid)) };
}

/** Page counts worth trying for a request limited to `limit` pages: 1 up to `limit`, at most `maxPagesPerCall`. */
const counts = (sys: System, limit: number) => Array.from({ length: Math.min(limit, sys.world.config.maxPagesPerCall) }, (_, i) => i + 1);

/**
 * The enumerator of an operator's request, on each ready live guest that
 * the VM worker would take one for: every count the VSP has room for; for
 * a balloon, every count up to what the guest still has as the host counts
 * it (visible minus ballooned), which the VM worker's check then keeps
 * within the guest's minimum (`dm.dmRequest`).
 */
const request =
  <T extends 'dmBalloon' | 'dmUnballoon' | 'dmHotAdd'>(t: T, kind: 'balloon' | 'unballoon' | 'hotAdd') =>
  (e: EnabledScan, out: OpSink<{ type: T; pid: PartitionId; pages: number }>) => {
    const sys = e.sys;
    for (const pid of dmGuests(sys)?.live ?? []) {
      if (!hostState(at(sys.dm, pid)!).startsWith('ready.')) continue;
      const room = dm.dmRequestRoom(sys, pid, kind, true);
      if (room <= 0) continue;
      for (const n of counts(sys, kind === 'balloon' ? dm.dmBalloonAsk(sys, pid) : room)) out.push({ type: t, pid, pages: n });
    }
  };

/** One op the VM worker makes on its own, and how it reads. */
const nested = <O extends OpBase>(record: { readonly describe: (op: O) => string }, op: O) => ({ op, text: record.describe(op) });

/** The ops the VM worker makes to create a Dynamic Memory partition before starting it: CreatePartition, DepositMemory, InitializePartition. */
const bootOps = (pid: PartitionId) => [
  nested(createPartition, { type: 'createPartition', pid }),
  nested(depositMemory, { type: 'depositMemory', pid, pages: MIN_POOL_PAGES }),
  nested(initializePartition, { type: 'initializePartition', pid }),
];

/** DmStart: the VM worker starts the guest's Dynamic Memory (creating the partition first if need be): startup memory is mapped, the driver loads and offers a version. */
export const dmStart = defineOp({
  type: 'dmStart',
  args: (f) => ({ pid: f.pid('dynamicMemory') }),
  weight: 4,
  reads: ['dm', 'memory', 'partitions'],
  enabled: (e, out) => {
    for (const pid of dmGuests(e.sys)?.dmPids ?? []) if (!dm.dmStartBlocked(e.sys, pid)) out.push({ type: 'dmStart', pid });
  },
  apply: (st, o, system) => {
    if (!at(system.partitions, o.pid) && st.dmManaged(o.pid)) {
      // The VM worker creates the partition first: CreatePartition, DepositMemory, InitializePartition.
      for (const b of bootOps(o.pid)) {
        const r = st.route(st.sys, b.op);
        if (r.outcome.status === 'skipped' || (r.outcome.hypercall && r.outcome.hypercall.status !== 'SUCCESS')) return st.skip(`${o.pid} could not be created: ${r.outcome.reason ?? r.outcome.hypercall?.status}`);
        st.sys = r.system;
        st.notes.push(...r.outcome.notes.map((n) => `${b.text}: ${n}`));
        st.transitions.push(...r.outcome.transitions);
        st.counts.push(...r.outcome.counts);
        st.hypercall = r.outcome.hypercall;
      }
    }
    return st.dm(dm.dmStart(st, o.pid));
  },
  describe: (o) => `dmStart ${o.pid}`,
});

/** DmDeliver: the oldest message waiting in one direction of the guest's Dynamic Memory channel is delivered. */
export const dmDeliver = defineOp({
  type: 'dmDeliver',
  args: (f) => ({ pid: f.pid('dynamicMemory'), to: z.enum(['host', 'guest']) }),
  weight: 2,
  reads: ['dm', 'partitions'],
  enabled: (e, out) => {
    const sys = e.sys;
    for (const pid of dmGuests(sys)?.live ?? []) {
      if (at(sys.dm, pid)!.toHost.length > 0) out.push({ type: 'dmDeliver', pid, to: 'host' });
      if (at(sys.dm, pid)!.toGuest.length > 0) out.push({ type: 'dmDeliver', pid, to: 'guest' });
    }
  },
  apply: (st, o) => st.dm(dm.dmDeliver(st, o.pid, o.to)),
  describe: (o) => `dmDeliver ${o.pid} -> ${o.to}`,
});

/** DmSettle: the channel drains: messages are delivered both ways, oldest first, until none is waiting (a run of dmDeliver ops). */
export const dmSettle = defineOp({
  type: 'dmSettle',
  args: (f) => ({ pid: f.pid('dynamicMemory') }),
  weight: 8,
  reads: ['dm', 'partitions'],
  enabled: (e, out) => {
    const sys = e.sys;
    for (const pid of dmGuests(sys)?.live ?? []) if (at(sys.dm, pid)!.toHost.length + at(sys.dm, pid)!.toGuest.length > 0) out.push({ type: 'dmSettle', pid });
  },
  apply: (st, o) => st.dm(dm.dmSettle(st, o.pid)),
  describe: (o) => `dmSettle ${o.pid}`,
});

/** DmGuestWork: the guest driver's work item runs once: one balloon response, or onlining hot-added memory. */
export const dmGuestWork = defineOp({
  type: 'dmGuestWork',
  args: (f) => ({ pid: f.pid('dynamicMemory') }),
  weight: 8,
  reads: ['dm', 'partitions'],
  enabled: (e, out) => {
    for (const pid of dmGuests(e.sys)?.live ?? []) if (dm.dmWorkPending(e.sys, pid)) out.push({ type: 'dmGuestWork', pid });
  },
  apply: (st, o) => st.dm(dm.dmGuestWork(st, o.pid)),
  describe: (o) => `dmGuestWork ${o.pid}`,
});

/** DmBalloon: an operator (or VMMS) asks the VSP to balloon pages out of the guest. */
export const dmBalloon = defineOp({
  type: 'dmBalloon',
  args: (f) => ({ pid: f.pid('dynamicMemory'), pages: f.pages('gpaSpace') }),
  weight: 4,
  reads: ['dm', 'memory', 'partitions'],
  enabled: request('dmBalloon', 'balloon'),
  apply: (st, o) => st.dm(dm.dmRequest(st, o.pid, 'balloon', o.pages, true)),
  describe: (o) => `dmBalloon ${o.pid} ${pages(o.pages)}`,
});

/** DmUnballoon: an operator asks the VSP to give ballooned pages back. */
export const dmUnballoon = defineOp({
  type: 'dmUnballoon',
  args: (f) => ({ pid: f.pid('dynamicMemory'), pages: f.pages('gpaSpace') }),
  weight: 16,
  reads: ['dm', 'memory', 'partitions'],
  enabled: request('dmUnballoon', 'unballoon'),
  apply: (st, o) => st.dm(dm.dmRequest(st, o.pid, 'unballoon', o.pages, true)),
  describe: (o) => `dmUnballoon ${o.pid} ${pages(o.pages)}`,
});

/** DmHotAdd: an operator asks the VSP to hot-add pages. */
export const dmHotAdd = defineOp({
  type: 'dmHotAdd',
  args: (f) => ({ pid: f.pid('dynamicMemory'), pages: f.pages('gpaSpace') }),
  weight: 3,
  reads: ['dm', 'memory', 'partitions'],
  enabled: request('dmHotAdd', 'hotAdd'),
  apply: (st, o) => st.dm(dm.dmRequest(st, o.pid, 'hotAdd', o.pages, true)),
  describe: (o) => `dmHotAdd ${o.pid} ${pages(o.pages)}`,
});

/** DmBalance: the Dynamic Memory Balancer runs its policy over every Dynamic Memory guest. */
export const dmBalance = defineOp({
  type: 'dmBalance',
  args: () => ({}),
  weight: 1,
  reads: ['dm', 'memory', 'partitions'],
  enabled: (e, out) => {
    if (dmGuests(e.sys) && dm.balancerInput(e.sys).guests.length > 0) out.push({ type: 'dmBalance' });
  },
  apply: (st) => st.dm(dm.dmBalance(st)),
  describe: () => 'dmBalance',
});

/** DmCommit: the guest's workload commits pages (up to its commit limit). */
export const dmCommit = defineOp({
  type: 'dmCommit',
  args: (f) => ({ pid: f.pid('dynamicMemory'), pages: f.pages('commitLimit') }),
  weight: 1,
  reads: ['dm', 'partitions'],
  enabled: (e, out) => {
    const sys = e.sys;
    for (const pid of dmGuests(sys)?.live ?? []) for (const n of counts(sys, dm.commitLimit(sys, pid) - at(sys.dm, pid)!.mm.committed)) out.push({ type: 'dmCommit', pid, pages: n });
  },
  apply: (st, o) => st.dm(dm.dmWorkload(st, o.pid, o.pages)),
  describe: (o) => `dmCommit ${o.pid} ${pages(o.pages)}`,
});

/** DmDecommit: the guest's workload releases committed pages. */
export const dmDecommit = defineOp({
  type: 'dmDecommit',
  args: (f) => ({ pid: f.pid('dynamicMemory'), pages: f.pages('commitLimit') }),
  weight: 1,
  reads: ['dm', 'partitions'],
  enabled: (e, out) => {
    const sys = e.sys;
    for (const pid of dmGuests(sys)?.live ?? []) for (const n of counts(sys, at(sys.dm, pid)!.mm.committed)) out.push({ type: 'dmDecommit', pid, pages: n });
  },
  apply: (st, o) => st.dm(dm.dmWorkload(st, o.pid, -o.pages)),
  describe: (o) => `dmDecommit ${o.pid} ${pages(o.pages)}`,
});

/** DmForge: a hostile guest writes a forged Dynamic Memory message onto its channel (only guests configured `hostile`). */
export const dmForge = defineOp({
  type: 'dmForge',
  args: (f) => ({ pid: f.pid('dynamicMemory'), forgery: z.enum(hostile.FORGERIES) }),
  weight: 3,
  reads: ['dm', 'partitions'],
  enabled: (e, out) => {
    const sys = e.sys;
    for (const pid of dmGuests(sys)?.live ?? []) {
      if (hostile.forgeBlocked(sys, pid)) continue;
      for (const forgery of hostile.FORGERIES) if (hostile.forgedBody(sys, pid, forgery)) out.push({ type: 'dmForge', pid, forgery });
    }
  },
  apply: (st, o) => st.orSkip(hostile.dmForge(st, o.pid, o.forgery)),
  describe: (o) => `dmForge ${o.pid} ${o.forgery}`,
});
