/**
 * The System value: everything one simulated host is at one instant.
 *
 * `world` is fixed for a run (config, machine variants, substrate quirks)
 * and never part of a state's identity; `counters` are statistics and not
 * part of it either. Everything else is plain data.
 */
import type { Config } from './config.js';
import { type PartitionId, ROOT } from '../substrate/ids.js';
import { type Substrate, bootSubstrate } from '../substrate/substrate.js';
import { type MachineState, initialState } from './machine-runtime.js';
import { partitionMachine, type PartitionContext } from '../../models/partition/machine.js';
import { vpMachine, type VpContext } from '../../models/virtual-processor/machine.js';
import { lpMachine, type LpContext } from '../../models/scheduler/machine.js';
import { type Counters, emptyCounters } from './counters.js';
import { interruptMachine } from '../../models/interrupt/machine.js';
import { ioMachine } from '../../models/vmbus/machine.js';
import { readerMachine } from '../../models/vmbus/reader.js';
import { type Channel, type InterruptState, noChannels, noInterrupts, newPartitionInterrupts } from './io-state.js';
import { interceptMachine } from '../../models/intercept/machine.js';
import { vmWorkerMachine } from '../../models/vm-worker/machine.js';
import { type InterceptState, initialInterceptState } from './intercepts.js';
import { guestDriverMachine } from '../../models/dynamic-memory/guest-driver.js';
import { dmHostMachine } from '../../models/dynamic-memory/host.js';
import type { DmGuest } from '../dynamic-memory/record.js';
import type { BalancerPolicy } from '../dynamic-memory/balancer.js';

/**
 * The machine definitions a run uses, each with its own machine's type, so
 * a variant made with `machine.provide(...)` is checked against the names
 * and parameters that machine declares.
 */
export interface MachineSet {
  readonly partition: typeof partitionMachine;
  readonly vp: typeof vpMachine;
  readonly lp: typeof lpMachine;
  /** The guest's Dynamic Memory driver (VSC). */
  readonly dmGuest: typeof guestDriverMachine;
  /** The root's Dynamic Memory VSP. */
  readonly dmHost: typeof dmHostMachine;
  /** The intercept handshake of one VP. */
  readonly intercept: typeof interceptMachine;
  /** The root's VM worker process (intercept message queue). */
  readonly vmWorker: typeof vmWorkerMachine;
  /** Deferral and delivery of synthetic interrupts, per partition. */
  readonly interrupt: typeof interruptMachine;
  /** The lifecycle of one synthetic I/O. */
  readonly io: typeof ioMachine;
  /** The VSP reading a channel's outbound ring. */
  readonly ringReader: typeof readerMachine;
}

/** The correct machines. */
export const STANDARD_MACHINES: MachineSet = {
  partition: partitionMachine,
  vp: vpMachine,
  lp: lpMachine,
  intercept: interceptMachine,
  vmWorker: vmWorkerMachine,
  dmGuest: guestDriverMachine,
  dmHost: dmHostMachine,
  interrupt: interruptMachine,
  io: ioMachine,
  ringReader: readerMachine,
};

/**
 * Substrate defects a fault can switch on. Each is documented where the
 * fault catalogue defines it; all are off in a correct run.
 */
export interface Quirks {
  readonly unmapKeepsSlatEntry?: boolean;
  readonly unmapForgetsFreeList?: boolean;
  readonly unmapSkipsTlbFlush?: boolean;
  readonly mapSkipsScrub?: boolean;
  readonly mapSkipsHolderUpdate?: boolean;
  readonly depositKeepsRootMapping?: boolean;
  readonly withdrawSkipsScrub?: boolean;
  readonly deleteKeepsMemory?: boolean;
  /** An intercept sets intercept-suspend on every VP of the partition, not just the one that hit it. */
  readonly interceptSuspendsPartition?: boolean;
  /** The hypercall gate lets a child partition call MapGpaPages. */
  readonly childMayMapGpaPages?: boolean;
  /** Ballooned frames go to the free list while the guest's SLAT entries stay. */
  readonly dmReleaseKeepsSlatEntry?: boolean;
  /** Ballooned frames go to the free list without flushing the TLB entries that cached them. */
  readonly dmReleaseSkipsTlbFlush?: boolean;
  /** Deflate and hot-add map frames into the guest without zeroing them. */
  readonly dmMapSkipsScrub?: boolean;
  /** The host takes the guest's pages when it posts a balloon request, without waiting for the response. */
  readonly dmReclaimOnRequest?: boolean;
  /** The pressure counter adds the guest's available pages to its committed pages. */
  readonly dmPressureCountsAvailable?: boolean;
  /** VMBus ring: accept a write that fills the data area completely. */
  readonly ringAcceptsFullWrite?: boolean;
  /** VMBus ring: the writer signals only on every second write that should signal. */
  readonly ringSignalsEverySecondWrite?: boolean;
  /** VMBus ring: the reader advances read_index by the unpadded payload length. */
  readonly ringReadIgnoresPadding?: boolean;
  /** SynIC: queue a message behind a full slot without setting MessagePending. */
  readonly synicForgetsMessagePending?: boolean;
  /** SynIC: PostMessage overwrites a full slot. */
  readonly synicOverwritesFullSlot?: boolean;
  /** SynIC: PostMessage puts a message into an emptied slot ahead of the messages queued for it. */
  readonly synicPostOvertakesQueue?: boolean;
  /** UnmapGpaPages unmaps GPAs pinned for an in-flight I/O's DMA. */
  readonly unmapIgnoresDmaPins?: boolean;
  /** Dispatching a VP does not deliver its partition's deferred interrupts. */
  readonly dispatchSkipsDeferredDelivery?: boolean;
}

/** What stays fixed during a run. */
export interface World {
  readonly config: Config;
  readonly machines: MachineSet;
  readonly quirks: Quirks;
  /** Names of the faults switched on, for reports and traces. */
  readonly faults: readonly string[];
  /** The Dynamic Memory Balancer's policy (absent: `defaultBalancer`). */
  readonly balancer?: BalancerPolicy;
}

/** A child partition: its lifecycle machine and its virtual processors. */
export interface PartitionRecord {
  readonly machine: MachineState<PartitionContext>;
  readonly vps: readonly MachineState<VpContext>[];
}

/** One simulated host at one instant. */
export interface System {
  readonly world: World;
  readonly substrate: Substrate;
  /** The root and the child partitions that have been created (deleted ones stay, in state `deleted`). */
  readonly partitions: Readonly<Record<PartitionId, PartitionRecord>>;
  /** The scheduler machine of each logical processor. */
  readonly lps: readonly MachineState<LpContext>[];
  /** Installed intercepts, the handshake of every VP, and the root's VM worker. */
  readonly intercepts: InterceptState;
  /** Dynamic Memory guests, by partition id (only partitions configured for it, once started). */
  readonly dm: Readonly<Record<PartitionId, DmGuest>>;
  /** The VMBus channel of each active child partition (one synthetic device). */
  readonly vmbus: Readonly<Record<PartitionId, Channel>>;
  /** Synthetic interrupts: deferral machines, per-VP SynICs, the ledger of raised interrupts. */
  readonly interrupts: InterruptState;
  readonly counters: Counters;
}

/** The System at boot for `world`. */
export function initialSystem(world: World): System {
  const c = world.config;
  return {
    world,
    substrate: bootSubstrate(c),
    // The root partition exists from boot, Active, with its own VPs; the hypervisor created it.
    partitions: {
      [ROOT]: {
        machine: { value: 'active', context: {} },
        vps: Array.from({ length: c.rootVps }, () => initialState(world.machines.vp)),
      },
    },
    lps: Array.from({ length: c.logicalProcessors }, () => initialState(world.machines.lp)),
    intercepts: initialInterceptState(world.machines, c),
    dm: {},
    vmbus: noChannels(),
    // The root's VPs have SynICs too (it has no VMBus channel of its own: it is the VSP side).
    interrupts: { ...noInterrupts(), partitions: { [ROOT]: newPartitionInterrupts(world.machines.interrupt, c.rootVps) } },
    counters: emptyCounters(),
  };
}

/** A World for `config` with no fault switched on. */
export const standardWorld = (config: Config): World => ({ config, machines: STANDARD_MACHINES, quirks: {}, faults: [] });
