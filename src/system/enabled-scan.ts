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

  /** The partition machine takes this call in its state (whatever its guards then decide). */
  accepts(pid: PartitionId, event: PartitionEvent): boolean {
    return advance(this.sys.world.machines.partition, at(this.sys.partitions, pid)!.machine, event).accepted;
  }
}
