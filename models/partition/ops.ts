/**
 * The partition lifecycle's op records: the root's partition hypercalls
 * (TLFS §2) and its two read-only queries. Each goes through the
 * partition machine (`hypercall`); the machine's actions are interpreted
 * against the substrate by the table in src/system/handlers/partition.ts.
 */
import { defineOp, type OpSink, type OpStep } from '../../src/system/op-record.js';
import { type EnabledScan, poolProbe } from '../../src/system/enabled-scan.js';
import { setPartition } from '../../src/system/step-context.js';
import { initialState } from '../../src/system/machine-runtime.js';
import { hypercall, childConfig, range } from '../../src/system/handlers/partition.js';
import { pinnedGpas } from '../../src/system/io-state.js';
import { type Slat, lookupSlat } from '../../src/substrate/slat.js';
import type { ChildConfig } from '../../src/system/config.js';
import { framesHeldBy } from '../../src/substrate/memory.js';
import { type PartitionId, hex, hexRanges, at } from '../../src/substrate/ids.js';
import type { PartitionEvent } from './machine.js';

const pages = (n: number) => `${n} page${n === 1 ? '' : 's'}`;
const access = (a: number) => ['R', 'W', 'X', 'U'].filter((_, i) => a & (1 << i)).join('') || 'none';

/** Read and write: the access MapGpaPages ops are generated with. */
const ACCESS_RW = 3;

/** Read only: the access a one-page MapGpaPages is also generated with (a write through it must fault, cached or not). */
const ACCESS_R = 1;

const DEPOSIT_PROBE: PartitionEvent = { type: 'DepositMemory', pages: 1 };
const WITHDRAW_PROBE: PartitionEvent = { type: 'WithdrawMemory', pages: 1 };
const MAP_PROBE: PartitionEvent = { type: 'MapGpaPages', gpa: 0, pages: 1, access: ACCESS_RW };
const UNMAP_PROBE: PartitionEvent = { type: 'UnmapGpaPages', gpa: 0, pages: 1 };
const FINALIZE_PROBE: PartitionEvent = { type: 'FinalizePartition', hasChildren: false };

/** The enumerator of a read-only partition query: every live partition whose machine takes the call. */
const query =
  <T extends string>(type: T, probe: PartitionEvent) =>
  (e: EnabledScan, out: OpSink<{ type: T; pid: PartitionId }>) => {
    for (const p of e.live) if (e.accepts(p.id, probe)) out.push({ type, pid: p.id });
  };

/**
 * Calls `visit` with each live partition whose memory the root maps itself
 * (not its Dynamic Memory VSP) and whose machine takes `probe`, with its
 * SLAT, until `visit` returns true; whether it did. What MapGpaPages and
 * UnmapGpaPages list, and whether they list anything, walk the same way.
 */
function rootMapped(e: EnabledScan, probe: PartitionEvent, visit: (p: ChildConfig, slat: Slat) => boolean): boolean {
  for (const p of e.live) {
    if (p.dynamicMemory || !e.accepts(p.id, probe)) continue;
    if (visit(p, at(e.s.slat, p.id) ?? {})) return true;
  }
  return false;
}

/** Whether some GPA of `p` is mapped in `slat` (`mapped`), or some is not. */
function hasGpa(p: ChildConfig, slat: Slat, mapped: boolean): boolean {
  for (let gpa = 0; gpa < p.gpaPages; gpa++) if ((lookupSlat(slat, gpa) !== undefined) === mapped) return true;
  return false;
}

/** The skip of MapGpaPages and UnmapGpaPages on a partition whose memory its Dynamic Memory VSP manages. */
const dmSkip = (st: OpStep, pid: PartitionId) => st.skip(`${pid}'s memory is managed by its Dynamic Memory VSP`);

/** CreatePartition: the root creates a child partition (Uninitialized). */
export const createPartition = defineOp({
  type: 'createPartition',
  args: (f) => ({ pid: f.pid() }),
  weight: 3,
  reads: ['partitions'],
  enabled: (e, out) => {
    for (const p of e.cfg.partitions) if (!at(e.sys.partitions, p.id)) out.push({ type: 'createPartition', pid: p.id });
  },
  apply: (st, o, system) => {
    if (at(system.partitions, o.pid)) return st.skip(`${o.pid} already exists`);
    st.call('CreatePartition', 'SUCCESS');
    st.sys = setPartition(st.sys, o.pid, { machine: initialState(system.world.machines.partition), vps: [] });
    st.transitions.push({ machine: 'partition', from: '(none)', event: 'CreatePartition', to: 'uninitialized', actions: [] });
    return st.done();
  },
  describe: (o, config) => {
    const c = config?.partitions.find((p) => p.id === o.pid);
    return c ? `createPartition ${o.pid} (${c.vps} VP${c.vps > 1 ? 's' : ''}, ${c.gpaPages} GPA pages)` : `createPartition ${o.pid}`;
  },
});

/** DepositMemory: the root moves frames into a partition's pool. */
export const depositMemory = defineOp({
  type: 'depositMemory',
  args: (f) => ({ pid: f.pid(), pages: f.pages('frames') }),
  weight: 3,
  reads: ['memory', 'partitions'],
  enabled: (e, out) => {
    const held = e.rootHeld();
    for (const p of e.live) if (e.accepts(p.id, DEPOSIT_PROBE)) for (let n = 1, k = e.counts(held); n <= k; n++) out.push({ type: 'depositMemory', pid: p.id, pages: n });
  },
  any: (e) => {
    // The root holds a frame (`rootHeld` would list them all).
    if (e.cfg.maxPagesPerCall < 1 || !e.s.memory.holder.includes('root')) return false;
    for (const p of e.live) if (e.accepts(p.id, DEPOSIT_PROBE)) return true;
    return false;
  },
  apply: (st, o, system) =>
    hypercall(st, o, 'DepositMemory', { type: 'DepositMemory', pages: o.pages }, () =>
      framesHeldBy(system.substrate.memory, 'root').length < o.pages ? 'INSUFFICIENT_MEMORY' : null,
    ),
  describe: (o) => `depositMemory ${o.pid} ${pages(o.pages)}`,
});

/** WithdrawMemory: the root takes frames back from a partition's pool. */
export const withdrawMemory = defineOp({
  type: 'withdrawMemory',
  args: (f) => ({ pid: f.pid(), pages: f.pages('frames') }),
  weight: 1,
  reads: ['partitions', 'pools'],
  enabled: (e, out) => {
    for (const p of e.live) if (e.accepts(p.id, WITHDRAW_PROBE)) for (let n = 1, k = e.counts(e.pool(p.id)); n <= k; n++) out.push({ type: 'withdrawMemory', pid: p.id, pages: n });
  },
  any: (e) => {
    for (const p of e.live) if (e.counts(e.pool(p.id)) >= 1 && e.accepts(p.id, WITHDRAW_PROBE)) return true;
    return false;
  },
  apply: (st, o) => hypercall(st, o, 'WithdrawMemory', { type: 'WithdrawMemory', pages: o.pages }),
  describe: (o) => `withdrawMemory ${o.pid} ${pages(o.pages)}`,
});

/** InitializePartition: the partition becomes Active and gets its VPs. */
export const initializePartition = defineOp({
  type: 'initializePartition',
  args: (f) => ({ pid: f.pid() }),
  weight: 3,
  reads: ['partitions', 'pools'],
  enabled: (e, out) => {
    for (const p of e.live) if (e.accepts(p.id, poolProbe('InitializePartition', e.pool(p.id)))) out.push({ type: 'initializePartition', pid: p.id });
  },
  apply: (st, o, system) => hypercall(st, o, 'InitializePartition', { type: 'InitializePartition', poolPages: at(system.substrate.pools, o.pid)?.length ?? 0 }),
  describe: (o) => `initializePartition ${o.pid}`,
});

/** MapGpaPages: the root maps guest physical pages of a partition to frames. */
export const mapGpaPages = defineOp({
  type: 'mapGpaPages',
  args: (f) => ({ pid: f.pid(), gpa: f.gpa('partition'), pages: f.pages('gpaSpace'), access: f.access() }),
  weight: 4,
  reads: ['memory', 'partitions', 'slat'],
  enabled: (e, out) => {
    const { cfg, s } = e;
    rootMapped(e, MAP_PROBE, (p, slat) => {
      for (let gpa = 0; gpa < p.gpaPages; gpa++) {
        for (let n = 1; n <= cfg.maxPagesPerCall && gpa + n <= p.gpaPages && n <= s.memory.free.length; n++) {
          if (lookupSlat(slat, gpa + n - 1)) break;
          out.push({ type: 'mapGpaPages', pid: p.id, gpa, pages: n, access: ACCESS_RW });
          if (n === 1) out.push({ type: 'mapGpaPages', pid: p.id, gpa, pages: n, access: ACCESS_R });
        }
      }
      return false;
    });
  },
  // A one-page mapping of any unmapped GPA, when a frame is free.
  any: (e) => e.cfg.maxPagesPerCall >= 1 && e.s.memory.free.length >= 1 && rootMapped(e, MAP_PROBE, (p, slat) => hasGpa(p, slat, false)),
  apply: (st, o, system) => {
    if (st.dmManaged(o.pid)) return dmSkip(st, o.pid);
    const c = childConfig(system, o.pid);
    return hypercall(st, o, 'MapGpaPages', { type: 'MapGpaPages', gpa: o.gpa, pages: o.pages, access: o.access }, () => {
      if (!c || o.gpa + o.pages > c.gpaPages) return 'INVALID_PARAMETER';
      const slat = at(system.substrate.slat, o.pid) ?? {};
      if (range(o.gpa, o.pages).some((g) => lookupSlat(slat, g))) return 'INVALID_PARAMETER';
      return system.substrate.memory.free.length < o.pages ? 'INSUFFICIENT_MEMORY' : null;
    });
  },
  describe: (o) => `mapGpaPages ${o.pid} gpa ${hex(o.gpa)} ${pages(o.pages)} ${access(o.access)}`,
});

/** UnmapGpaPages: the root unmaps guest physical pages (denied while an I/O in flight pins one). */
export const unmapGpaPages = defineOp({
  type: 'unmapGpaPages',
  args: (f) => ({ pid: f.pid(), gpa: f.gpa('partition'), pages: f.pages('gpaSpace') }),
  weight: 2,
  reads: ['partitions', 'slat'],
  enabled: (e, out) => {
    const { cfg } = e;
    rootMapped(e, UNMAP_PROBE, (p, slat) => {
      for (let gpa = 0; gpa < p.gpaPages; gpa++) {
        if (!lookupSlat(slat, gpa)) continue;
        for (let n = 1; n <= cfg.maxPagesPerCall && gpa + n <= p.gpaPages; n++) out.push({ type: 'unmapGpaPages', pid: p.id, gpa, pages: n });
      }
      return false;
    });
  },
  // A one-page unmapping of any mapped GPA.
  any: (e) => e.cfg.maxPagesPerCall >= 1 && rootMapped(e, UNMAP_PROBE, (p, slat) => hasGpa(p, slat, true)),
  apply: (st, o, system) => {
    if (st.dmManaged(o.pid)) return dmSkip(st, o.pid);
    const pinned = pinnedGpas(system.vmbus, o.pid);
    return hypercall(st, o, 'UnmapGpaPages', { type: 'UnmapGpaPages', gpa: o.gpa, pages: o.pages }, () => {
      if (!range(o.gpa, o.pages).some((g) => pinned.includes(g))) return null;
      st.notes.push(`gpa in ${hexRanges(range(o.gpa, o.pages))} is pinned for an I/O in flight`);
      return 'OPERATION_DENIED';
    });
  },
  describe: (o) => `unmapGpaPages ${o.pid} gpa ${hex(o.gpa)} ${pages(o.pages)}`,
});

/** FinalizePartition: the partition stops running (its VPs are torn down). */
export const finalizePartition = defineOp({
  type: 'finalizePartition',
  args: (f) => ({ pid: f.pid() }),
  weight: 1,
  reads: ['partitions'],
  enabled: (e, out) => {
    for (const p of e.live) if (e.accepts(p.id, FINALIZE_PROBE)) out.push({ type: 'finalizePartition', pid: p.id });
  },
  apply: (st, o) => hypercall(st, o, 'FinalizePartition', { type: 'FinalizePartition', hasChildren: false }),
  describe: (o) => `finalizePartition ${o.pid}`,
});

/** DeletePartition: the partition's memory goes back and its id is gone. */
export const deletePartition = defineOp({
  type: 'deletePartition',
  args: (f) => ({ pid: f.pid() }),
  weight: 1,
  reads: ['partitions', 'pools'],
  enabled: (e, out) => {
    for (const p of e.live) if (e.accepts(p.id, poolProbe('DeletePartition', e.pool(p.id)))) out.push({ type: 'deletePartition', pid: p.id });
  },
  apply: (st, o, system) => hypercall(st, o, 'DeletePartition', { type: 'DeletePartition', poolPages: at(system.substrate.pools, o.pid)?.length ?? 0 }),
  describe: (o) => `deletePartition ${o.pid}`,
});

/**
 * GetMemoryBalance (0x4A, read-only): the pages in the partition's pool
 * and the pages it has in use. Accepted in every state but Deleted.
 */
export const getMemoryBalance = defineOp({
  type: 'getMemoryBalance',
  args: (f) => ({ pid: f.pid() }),
  weight: 1,
  reads: ['partitions'],
  enabled: query('getMemoryBalance', { type: 'GetMemoryBalance' }),
  apply: (st, o) => hypercall(st, o, 'GetMemoryBalance', { type: 'GetMemoryBalance' }),
  describe: (o) => `getMemoryBalance ${o.pid}`,
});

/**
 * GetNextChildPartition (0x47, read-only): the next child of the partition
 * as a parent, always none (no partition but the root creates partitions
 * in this model).
 */
export const getNextChildPartition = defineOp({
  type: 'getNextChildPartition',
  args: (f) => ({ pid: f.pid() }),
  weight: 1,
  reads: ['partitions'],
  enabled: query('getNextChildPartition', { type: 'GetNextChildPartition' }),
  apply: (st, o) => hypercall(st, o, 'GetNextChildPartition', { type: 'GetNextChildPartition' }),
  describe: (o) => `getNextChildPartition of ${o.pid}`,
});
