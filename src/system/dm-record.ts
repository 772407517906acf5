/**
 * The Dynamic Memory state of one guest inside the System: its driver and
 * VSP machines, the two directions of their VMBus channel, the guest's
 * memory manager and what the host knows. Plain, bounded data.
 */
import type { MachineState } from './machine-runtime.js';
import type { DriverContext } from '../../models/dynamic-memory/guest-driver.js';
import type { HostContext } from '../../models/dynamic-memory/host.js';
import type { DmMessage, PageRange } from '../../models/dynamic-memory/messages.js';
import type { GuestMemory } from '../dynamic-memory/guest-memory.js';
import type { HvSwap } from '../../models/hypervisor-swap/swap-file.js';

/** A transaction kind of the VSP. */
export type DmTransactionKind = 'balloon' | 'unballoon' | 'hotAdd';

/** One Dynamic Memory guest. */
export interface DmGuest {
  readonly driver: MachineState<DriverContext>;
  readonly host: MachineState<HostContext>;
  /** Messages from the guest, oldest first, not yet delivered to the host. */
  readonly toHost: readonly DmMessage[];
  /** Messages from the host, oldest first, not yet delivered to the guest. */
  readonly toGuest: readonly DmMessage[];
  readonly mm: GuestMemory;
  /** Ranges the host reclaimed from balloon responses and has not given back, oldest first. */
  readonly reclaimed: readonly PageRange[];
  /** Pages visible to the guest as the host counts them (startup plus hot-added). */
  readonly hostVisible: number;
  /** The last status report's figures, or null before the first. */
  readonly status: { readonly numCommitted: number; readonly numAvail: number } | null;
  /** The Memory Pressure counter the host publishes, or null before the first status report. */
  readonly pressure: number | null;
  /** Transactions the VSP has open (one at most, in a correct host). */
  readonly open: readonly DmTransactionKind[];
  /** Pages moved by the open transaction so far (for the Add/Remove operation counters). */
  readonly moved: number;
  /** Pages the open balloon transaction asked for (0 when none is open): a balloon response may name at most this many, less `moved`. */
  readonly requested: number;
  /** The range of the hot-add the host posted and the guest has not answered. */
  readonly hostHotAdd: PageRange | null;
  /** The hot-add range the guest is onlining. */
  readonly guestHotAdd: PageRange | null;
  /** Unballoon responses the guest sent in its current unballoon sequence (requests taken from idle up to more_pages = 0). */
  readonly unballoonAnswers: number;
  /** The guest has taken the request with more_pages = 0 of its current unballoon sequence. */
  readonly unballoonLastTaken: boolean;
  /** The guest once answered an unballoon sequence before its request with more_pages = 0. */
  readonly unballoonEarly: boolean;
  /** Next transaction ids (wrapping), the guest's and the host's. */
  readonly guestTransId: number;
  readonly hostTransId: number;
  /** The hypervisor's swap file and access sampling for this guest (`reclaim: "balloon+swap"` hosts; absent: nothing swapped or sampled). */
  readonly swap?: HvSwap;
}
