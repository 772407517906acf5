/**
 * What the enabled-op enumerators of one state share: the config, the
 * live child partitions, the root's frame count, whether a partition
 * machine takes a call. Each is computed at most once per state, however
 * many op kinds are listed (the explorer lists every kind of its scope in
 * every state).
 */
import type { System } from './system.js';
import type { Config, ChildConfig } from './config.js';
import type { Substrate } from '../substrate/substrate.js';
import { ROOT, type PartitionId, at } from '../substrate/ids.js';
import type { PartitionEvent } from '../../models/partition/machine.js';
import { advance } from './machine-runtime.js';
import { framesHeldBy } from '../substrate/memory.js';

/**
 * Whether a partition machine state takes a probe, by machine, then by the
 * state object (states are shared between Systems: a step that leaves a
 * partition alone keeps its machine state), then by the probe object.
 * Probes are constants (module-level objects, or `poolProbe`), so each is
 * its own key; a probe made afresh for one call is only ever missed, and
 * held weakly.
 */
const ACCEPTS = new WeakMap<object, WeakMap<object, WeakMap<PartitionEvent, boolean>>>();

/** The probes with a page count, one object per (type, count), made on first use. */
const POOL_PROBES = new Map<string, PartitionEvent[]>();

/**
 * The probe `{ type, poolPages }` as one shared object per type and count:
 * `EnabledScan.accepts` remembers its answers by the probe object, so a
 * probe must be the same object each time it is asked.
 */
export function poolProbe(type: 'InitializePartition' | 'DeletePartition', poolPages: number): PartitionEvent {
  let byCount = POOL_PROBES.get(type);
  if (!byCount) POOL_PROBES.set(type, (byCount = []));
  return (byCount[poolPages] ??= { type, poolPages });
}

/** One state as the enumerators see it; derived facts are computed on first use. */
export class EnabledScan {
  readonly cfg: Config;
  readonly s: Substrate;
  private liveList: readonly ChildConfig[] | undefined;
  private vpOwners: readonly PartitionId[] | undefined;
  private rootFrames = -1;

  constructor(readonly sys: System) {
    this.cfg = sys.world.config;
    this.s = sys.substrate;
  }

  /** Child partitions of the config that exist and are not deleted, in config order. */
  get live(): readonly ChildConfig[] {
    if (this.liveList === undefined) {
      const parts = this.sys.partitions;
      this.liveList = this.cfg.partitions.filter((p) => at(parts, p.id) !== undefined && at(parts, p.id)!.machine.value !== 'deleted');
    }
    return this.liveList;
  }

  /** Partitions whose VPs the scheduler handles: the root first, then live children. */
  get withVps(): readonly PartitionId[] {
    if (this.vpOwners === undefined) this.vpOwners = [ROOT, ...this.live.map((p) => p.id)];
    return this.vpOwners;
  }

  /** Frames the root holds. */
  rootHeld(): number {
    if (this.rootFrames < 0) this.rootFrames = framesHeldBy(this.s.memory, 'root').length;
    return this.rootFrames;
  }

  /** Pages in a partition's pool. */
  pool(pid: PartitionId): number {
    return at(this.s.pools, pid)?.length ?? 0;
  }

  /** Page counts worth trying for a call limited to `limit` pages: 1 up to `limit`, at most `maxPagesPerCall`. */
  counts(limit: number): number {
    return Math.min(limit, this.cfg.maxPagesPerCall);
  }

  /**
   * The partition machine takes this call in its state (whatever its
   * guards then decide). `probe` is a constant (a module-level object, or
   * `poolProbe`): the answer is remembered by the probe object.
   */
  accepts(pid: PartitionId, probe: PartitionEvent): boolean {
    const machine = this.sys.world.machines.partition;
    const state = at(this.sys.partitions, pid)!.machine;
    let byState = ACCEPTS.get(machine);
    if (!byState) ACCEPTS.set(machine, (byState = new WeakMap()));
    let byProbe = byState.get(state);
    if (!byProbe) byState.set(state, (byProbe = new WeakMap()));
    let accepted = byProbe.get(probe);
    if (accepted === undefined) byProbe.set(probe, (accepted = advance(machine, state, probe).accepted));
    return accepted;
  }
}
