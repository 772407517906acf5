/**
 * The System value: everything one simulated host is at one instant.
 *
 * `world` is fixed for a run (config, machine variants, substrate functions)
 * and never part of a state's identity; `deferralWaits` is history a
 * trace note reads and not part of it either. Everything else is plain
 * data. Counters are not here: a step reports them in its outcome and a
 * counters observer sums them.
 */
import type { Config } from './config.js';
import { type PartitionId, ROOT } from '../substrate/ids.js';
import { type Substrate, bootSubstrate } from '../substrate/substrate.js';
import { type MachineState, initialState } from './machine-runtime.js';
import { partitionMachine, type PartitionContext } from '../../models/partition/machine.js';
import { vpMachine, type VpContext } from '../../models/virtual-processor/machine.js';
import { lpMachine, type LpContext } from '../../models/virtual-processor/scheduler.js';
import { interruptMachine } from '../../models/interrupt/machine.js';
import { ioMachine } from '../../models/vmbus/machine.js';
import { readerMachine } from '../../models/vmbus/reader.js';
import { type Channel, type InterruptState, noChannels, noInterrupts, newPartitionInterrupts } from './io-state.js';
import { interceptMachine } from '../../models/intercept/machine.js';
import { vmWorkerMachine } from '../../models/intercept/vm-worker.js';
import { type InterceptState, initialInterceptState } from './intercepts.js';
import { guestDriverMachine } from '../../models/dynamic-memory/guest-driver.js';
import { dmHostMachine } from '../../models/dynamic-memory/host.js';
import type { DmGuest } from './dm-record.js';
import type { BalancerPolicy } from '../dynamic-memory/balancer.js';
import type { SchedulerPolicy } from '../scheduler/policy.js';
import { type SubstrateFns, STANDARD_SUBSTRATE } from '../substrate/fns.js';
import type { StepOutcome } from './outcome.js';

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

/** What applying one op gives: the next System and what happened (the shape of `step`'s result). */
export interface Applied {
  readonly system: System;
  readonly outcome: StepOutcome;
}

/**
 * A replacement of one op kind's apply, whatever the kind (step.ts's
 * `OpOverrides` types each by its kind): it gets the System, the op and
 * `next`, the apply it replaces.
 */
export type AnyOpOverride = {
  bivarianceHack(system: System, op: { readonly type: string }, next: (system: System, op: { readonly type: string }) => Applied): Applied;
}['bivarianceHack'];

/** Replacements of op kinds' applies, by op kind. */
export type OpOverrideTable = { readonly [type: string]: AnyOpOverride | undefined };

/** What stays fixed during a run. */
export interface World {
  readonly config: Config;
  readonly machines: MachineSet;
  /** The substrate functions the system calls (`STANDARD_SUBSTRATE` in a correct run). */
  readonly substrateFns: SubstrateFns;
  /** Op kinds whose apply is replaced (none in a correct run). */
  readonly ops?: OpOverrideTable;
  /** Names of the faults switched on, for reports and traces. */
  readonly faults: readonly string[];
  /** The Dynamic Memory Balancer's policy (absent: `defaultBalancer`). */
  readonly balancer?: BalancerPolicy;
  /** The scheduler's policy: which runnable VP gets a logical processor (absent: any runnable VP may get any). */
  readonly scheduler?: SchedulerPolicy;
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
  /**
   * How many applied steps each still-deferred interrupt (by ledger id) has
   * waited since it was deferred: the latency its delivery note tells. It
   * changes no behaviour, so it is not part of a state's identity.
   */
  readonly deferralWaits: Readonly<Record<number, number>>;
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
    deferralWaits: {},
  };
}

/** A World for `config` with no fault switched on. */
export const standardWorld = (config: Config): World => ({ config, machines: STANDARD_MACHINES, substrateFns: STANDARD_SUBSTRATE, faults: [] });
