/**
 * What the explorer searches by default: scopes, each a small
 * configuration with the op kinds (and arguments) worth exhausting
 * together, small enough to complete in seconds.
 *
 * The whole product of every subsystem's ops on even the smallest host is
 * far beyond seconds (intercept tables alone have hundreds of states per
 * partition), so each scope exhausts one slice: `memory` the partition
 * lifecycle, memory, scheduling and TLBs; `tlb` the root's and a two-VP
 * child's accesses through one LP's TLB; `hypercall-gate` children trying
 * the parent's hypercalls; each `intercepts-<kind>` one
 * intercept kind with one target, one child with one VP;
 * `intercepts-two-vps` two VPs in the round trip at once;
 * `dynamic-memory` the balloon, unballoon and hot-add protocol between a
 * guest's driver and its VSP; `dynamic-memory-access` a running guest
 * touching its memory while it balloons; `synic` synthetic interrupts,
 * their deferral and the SINT message slot; `vmbus` the rings and the I/O
 * path of a synthetic device. A scope names the goals it must reach (goals
 * of other scopes are out of its scope, not unreached) and the catalogued
 * faults it is the one to show. A scope's `complete` means: every state
 * reachable with its ops (and within its budget, for the Dynamic Memory
 * scopes) was visited; nothing is claimed about interleavings with ops
 * outside it.
 */
import type { Config } from '../system/config.js';
import { type Op, type OpType, SPINE_OP_TYPES, INTERCEPT_OP_TYPES, IO_OP_TYPES } from '../system/ops.js';
import type { InterceptKind } from '../../models/intercept/instructions.js';
import type { System } from '../system/system.js';
import { ROOT, at } from '../substrate/ids.js';
import { VMBUS_SINT } from '../system/io-state.js';

/** Two children with one VP and one GPA page each, no root VP, one logical processor, four frames (one reserved, one the root's, two free), no synthetic I/O. */
export const EXPLORE_CONFIG: Config = {
  frames: 4,
  hypervisorFrames: 1,
  rootFrames: 1,
  largePages: false,
  rootVps: 0,
  logicalProcessors: 1,
  tlbEntries: 2,
  maxPagesPerCall: 1,
  // No synthetic I/O or control messages here: the vmbus and synic scopes exhaust those on hosts of their own.
  maxIosInFlight: 0,
  maxMessagesOutstanding: 0,
  partitions: [
    { id: 'p1', vps: 1, gpaPages: 1 },
    { id: 'p2', vps: 1, gpaPages: 1 },
  ],
};

/** A slice of the state space the explorer exhausts. */
export interface ExploreScope {
  readonly name: string;
  readonly description: string;
  readonly config: Config;
  readonly opTypes: readonly OpType[];
  /** Ops kept in a state (default: every enabled op of `opTypes`): arguments, or a budget read from the state. */
  readonly opFilter?: (op: Op, s: System) => boolean;
  /** The `sometimes` goals this scope must reach. */
  readonly goals: readonly string[];
  /** States where nothing left in the scope applies by design (not deadlocks). */
  readonly isFinal: (s: System) => boolean;
  /** The catalogued faults this scope is the one to show (tests pin its shortest counterexample for each). */
  readonly faults: readonly string[];
}

/** Every child that was created is finalized or deleted: with the scope's ops, nothing is left to do. */
export const childrenDone = (s: System): boolean =>
  Object.entries(s.partitions).every(([id, r]) => id === ROOT || r.machine.value === 'finalized' || r.machine.value === 'deleted');

/** The op kinds of the partition lifecycle, memory, scheduling and TLBs. */
export const MEMORY_OPS: readonly OpType[] = SPINE_OP_TYPES;

/** The op kinds of an intercept round trip, with what it interleaves with. */
export const INTERCEPT_OPS: readonly OpType[] = [
  'createPartition',
  'depositMemory',
  'initializePartition',
  'finalizePartition',
  'dispatchVp',
  'descheduleVp',
  'suspendVp',
  'resumeVp',
  ...INTERCEPT_OP_TYPES,
];

/** The memory scope (the default). */
export const MEMORY_SCOPE: ExploreScope = {
  name: 'memory',
  description: 'partition lifecycle, memory, scheduling and TLBs: two children with one VP and one GPA page each',
  config: EXPLORE_CONFIG,
  opTypes: MEMORY_OPS,
  goals: ['partition-active-with-mapped-memory', 'vm-switch-happens', 'guest-access-hits-tlb', 'memory-withdrawn', 'partition-deleted'],
  isFinal: childrenDone,
  faults: [
    'unmap-keeps-slat-entry',
    'unmap-forgets-free-list',
    'map-skips-holder-update',
    'deposit-keeps-root-mapping',
    'skip-tlb-purge-on-vm-switch',
    'unmap-skips-tlb-flush',
    'map-skips-scrub',
    'delete-ignores-pool',
    'finalize-keeps-gpa-mappings',
    'finalize-skips-vp-teardown',
  ],
};

/** One child with two VPs and two GPA pages, and a root VP, on one logical processor with a one-entry TLB: the root's own accesses fill the TLB too. */
export const TLB_EXPLORE_CONFIG: Config = { ...EXPLORE_CONFIG, rootVps: 1, tlbEntries: 1, partitions: [{ id: 'p1', vps: 2, gpaPages: 2 }] };

/**
 * The TLB scope: a child with two VPs and the root's VP sharing one logical
 * processor, read-only and read-write mappings, guest and root accesses
 * through the TLB, VM switches both ways, the root's memory handed to the
 * pool and back.
 */
export const TLB_SCOPE: ExploreScope = {
  name: 'tlb',
  description: "tagged TLBs with the root's VP and a child with two VPs on one LP: guest and root accesses, read-only mappings, VM switches both ways, deposits and withdrawals",
  config: TLB_EXPLORE_CONFIG,
  opTypes: ['createPartition', 'depositMemory', 'withdrawMemory', 'initializePartition', 'mapGpaPages', 'unmapGpaPages', 'finalizePartition', 'dispatchVp', 'descheduleVp', 'guestAccess', 'rootAccess'],
  goals: ['vm-switch-happens', 'guest-access-hits-tlb', 'memory-withdrawn'],
  isFinal: childrenDone,
  faults: ['withdraw-skips-scrub', 'tlb-hit-ignores-access-rights', 'tlb-fill-overflows-capacity', 'withdraw-maps-reserved-frames'],
};

/**
 * The parent-only hypercall gate: two children, each running child trying
 * every parent-only call on each partition (CreatePartition on one not yet
 * created). The gate claims nothing about progress: a state where nothing
 * is left to do is final.
 */
export const GATE_SCOPE: ExploreScope = {
  name: 'hypercall-gate',
  description: 'the parent-only hypercall gate: two children with one VP and one GPA page each, each running child trying every parent-only call',
  config: EXPLORE_CONFIG,
  opTypes: ['createPartition', 'depositMemory', 'initializePartition', 'mapGpaPages', 'childHypercall'],
  goals: [],
  isFinal: () => true,
  faults: [
    'child-may-map-gpa-pages',
    'child-may-create-partition',
    'child-may-initialize-partition',
    'child-may-finalize-partition',
    'child-may-delete-partition',
    'child-may-deposit-memory',
    'child-may-withdraw-memory',
    'child-may-unmap-gpa-pages',
    'child-may-create-vp',
  ],
};

/** One child with one VP: one intercept kind is exhausted at a time. */
export const INTERCEPT_EXPLORE_CONFIG: Config = { ...EXPLORE_CONFIG, partitions: [{ id: 'p1', vps: 1, gpaPages: 1 }] };

/** Keeps the root's InstallIntercept calls for one kind and target (a child's own attempts stay). */
const oneTarget =
  (kind: InterceptKind, target: number) =>
  (op: Op): boolean =>
    op.type !== 'installIntercept' || op.caller !== ROOT || (op.kind === kind && op.target === target);

const interceptScope = (kind: InterceptKind, target: number, goals: readonly string[], faults: readonly string[] = []): ExploreScope => ({
  name: `intercepts-${goals[0]!.replace(/-intercept-taken$/, '')}`,
  description: `intercepts of kind ${kind} on target ${target}: one child with one VP`,
  config: INTERCEPT_EXPLORE_CONFIG,
  opTypes: INTERCEPT_OPS,
  opFilter: oneTarget(kind, target),
  goals,
  isFinal: childrenDone,
  faults,
});

/** One child with two VPs and a root VP: two VPs awaiting the root at once, and VM switches meanwhile. */
export const TWO_VP_EXPLORE_CONFIG: Config = { ...EXPLORE_CONFIG, rootVps: 1, partitions: [{ id: 'p1', vps: 2, gpaPages: 1 }] };

/** Two VPs of one child in the intercept round trip at once (CPUID intercepts only). */
export const TWO_VP_SCOPE: ExploreScope = {
  name: 'intercepts-two-vps',
  description: 'CPUID intercepts with two VPs of one child and a root VP on one LP: concurrent round trips, the worker queue, VM switches',
  config: TWO_VP_EXPLORE_CONFIG,
  opTypes: ['createPartition', 'depositMemory', 'initializePartition', 'dispatchVp', 'descheduleVp', 'installIntercept', 'guestExecute', 'workerTake', 'workerReply'],
  opFilter: oneTarget('cpuid', 0x1),
  goals: ['two-vps-await-the-root-at-once', 'vm-switch-while-intercept-pending'],
  isFinal: childrenDone,
  faults: ['worker-drops-message-when-queue-full', 'intercept-suspends-whole-partition'],
};

/**
 * A Dynamic Memory scope's budget. A guest's trans_id counters (and with
 * them its messages) count on with every message and every transaction,
 * so the protocol's state space is finite only through their wrap at 256,
 * far beyond seconds: the budget makes it small. At most `transactions` VSP transactions are started (balloon,
 * unballoon, hot-add, by an operator or the balancer: the VSP's trans_id
 * counts those it closed, and it starts one only when none is open), and
 * time passes (`tick`) only while each guest has sent fewer than
 * `messages` messages (the guest's trans_id counts them). Everything else
 * (deliveries, the guest's work, accesses) stays enabled.
 */
export interface DmBudget {
  /** Most VSP transactions started per guest. */
  readonly transactions: number;
  /** Time passes while every guest has sent fewer messages than this. */
  readonly messages: number;
}

const DM_REQUESTS: ReadonlySet<OpType> = new Set(['dmBalloon', 'dmUnballoon', 'dmHotAdd', 'dmBalance']);

/** The ops a Dynamic Memory budget keeps in `s`. */
export const withinDmBudget =
  (b: DmBudget) =>
  (op: Op, s: System): boolean => {
    const guests = 'pid' in op ? [at(s.dm, op.pid)] : Object.values(s.dm);
    if (DM_REQUESTS.has(op.type)) return guests.every((g) => g === undefined || g.hostTransId < b.transactions);
    if (op.type === 'tick') return guests.every((g) => g === undefined || g.guestTransId < b.messages);
    return true;
  };

/** Some guest has spent its message budget: time no longer passes, so a state with nothing else to do is final. */
export const dmTicksSpent =
  (b: DmBudget) =>
  (s: System): boolean =>
    Object.values(s.dm).some((g) => g.guestTransId >= b.messages);

/** Waits the Dynamic Memory scopes shorten: the guest reports status from its first tick, the VSP gives a transaction up after one. */
const DM_EXPLORE_TUNING = { statusHoldbackTicks: 0, postInitTicks: 0, replyTimeoutTicks: 1, ringCapacity: 2, largeUnitPages: 1 } as const;

/**
 * One Dynamic Memory guest of 256 MiB (4 model pages of 64 MiB; 1 to 5
 * pages, GPA space 6, nothing committed: 4 free, of which 2 can be ballooned
 * above its 2-page floor) on 8 frames (one the hypervisor's, one
 * the root's that becomes the guest's pool, 2 left free after boot); the
 * host speaks protocol version 1.0, so the guest's first offer (2.0) is
 * refused; single-page allocation units, a channel of 2 messages each way.
 */
export const DM_EXPLORE_CONFIG: Config = {
  ...EXPLORE_CONFIG,
  frames: 8,
  maxPagesPerCall: 2,
  partitions: [{ id: 'p1', vps: 1, gpaPages: 6, dynamicMemory: { startupPages: 4, minPages: 1, maxPages: 5, committedPages: 0, hostVersion: '1.0' } }],
  dynamicMemoryTuning: DM_EXPLORE_TUNING,
};

/** Two transactions; time passes until the guest has sent five messages. */
export const DM_BUDGET: DmBudget = { transactions: 2, messages: 5 };

/** The op kinds of the Dynamic Memory protocol: start, deliveries one at a time or all, the guest's work item, requests, the balancer, time. */
export const DM_PROTOCOL_OPS: readonly OpType[] = ['dmStart', 'dmDeliver', 'dmSettle', 'dmGuestWork', 'dmBalloon', 'dmUnballoon', 'dmHotAdd', 'dmBalance', 'tick'];

/** The Dynamic Memory protocol between one guest's driver and its VSP, within a budget. */
export const DM_SCOPE: ExploreScope = {
  name: 'dynamic-memory',
  description: 'the Dynamic Memory protocol: version fallback, status, balloon, unballoon, hot-add, timeouts, the balancer; one guest, two transactions, time until it has sent five messages',
  config: DM_EXPLORE_CONFIG,
  opTypes: DM_PROTOCOL_OPS,
  opFilter: withinDmBudget(DM_BUDGET),
  // Not low-memory-notification-fires: a balloon takes only what is available (free pages, si_mem_available()), so the
  // guest trims its working set only when its workload commits, and this scope has no workload.
  goals: ['balloon-inflates-and-deflates', 'hot-add-succeeds', 'guest-reaches-maximum', 'version-negotiation-falls-back'],
  isFinal: dmTicksSpent(DM_BUDGET),
  faults: [
    'balloon-release-keeps-slat-entry',
    'guest-ignores-balloon-floor',
    'host-overlaps-transactions',
    'guest-answers-every-unballoon-request',
    'host-trusts-stale-replies',
    'host-reclaims-without-response',
    'pressure-counts-available',
    'balancer-ignores-maximum',
    'dm-maps-back-without-zeroing',
    'driver-drops-request-when-busy',
    'operator-balloon-ignores-ballooned',
    'host-drops-late-balloon-response',
    'host-ends-partial-balloon',
  ],
};

/** One Dynamic Memory guest of 3 pages (1 to 3, none committed: 3 free above a 2-page floor) on 5 frames, nothing free after boot, one page per request. */
export const DM_ACCESS_EXPLORE_CONFIG: Config = {
  ...EXPLORE_CONFIG,
  frames: 5,
  partitions: [{ id: 'p1', vps: 1, gpaPages: 3, dynamicMemory: { startupPages: 3, minPages: 1, maxPages: 3, committedPages: 0 } }],
  dynamicMemoryTuning: DM_EXPLORE_TUNING,
};

/** Two transactions (no time passes in this scope). */
export const DM_ACCESS_BUDGET: DmBudget = { transactions: 2, messages: 0 };

/** A running Dynamic Memory guest touching its memory (TLB, balloon pages) while it balloons and gets pages back. */
export const DM_ACCESS_SCOPE: ExploreScope = {
  name: 'dynamic-memory-access',
  description: 'a running Dynamic Memory guest reads and writes its memory while it balloons and gets pages back (TLB, balloon pages); two transactions, deliveries all at once',
  config: DM_ACCESS_EXPLORE_CONFIG,
  opTypes: ['dmStart', 'dmSettle', 'dmGuestWork', 'dmBalloon', 'dmUnballoon', 'dispatchVp', 'descheduleVp', 'guestAccess'],
  opFilter: withinDmBudget(DM_ACCESS_BUDGET),
  goals: ['balloon-inflates-and-deflates'],
  isFinal: childrenDone,
  faults: ['balloon-release-skips-tlb-flush', 'guest-forgets-to-pin'],
};

/** Whether some VP's VMBus SINT has an interrupt in service (the guest's handler ran, its EOI is still to come). */
const vmbusInterruptInService = (s: System): boolean => Object.values(s.interrupts.partitions).some((p) => p.synic.some((v) => v.sints[VMBUS_SINT]!.inService));

/**
 * The I/O path's scope takes the guest's EOI right after its handler: with
 * no control messages an EOI scans an empty queue, and the interleavings
 * of the SynIC itself (a post or an event between the handler and its EOI)
 * are the synic scope's.
 */
export const eoiFollowsHandler = (op: Op, s: System): boolean => op.type === 'eoi' || !vmbusInterruptInService(s);

/**
 * The SynIC's scope lets only VP 0 mask its VMBus SINT: what masking does
 * (lost interrupts, the guest's own look at its slot on unmask) shows on one
 * VP, and both VPs masking in every order would multiply the states by
 * three without a new behaviour.
 */
export const onlyVp0Masks = (op: Op, s: System): boolean => (op.type !== 'maskSint' && op.type !== 'unmaskSint') || s.substrate.lps[op.lp]?.running?.vp === 0;

/** One child with one VP and one GPA page on one LP; up to two synthetic I/Os in flight, no control messages. */
export const VMBUS_EXPLORE_CONFIG: Config = { ...INTERCEPT_EXPLORE_CONFIG, maxIosInFlight: 2 };

/** The rings and I/O path of one synthetic device: two requests fill the outbound ring. */
export const VMBUS_SCOPE: ExploreScope = {
  name: 'vmbus',
  description: "a synthetic device's VMBus rings and I/O path: the guest's VSC, the root's VSP and ISR, completions, signals, DMA pins; one child with one VP, two I/Os in flight",
  config: VMBUS_EXPLORE_CONFIG,
  opTypes: [
    'createPartition',
    'depositMemory',
    'initializePartition',
    'mapGpaPages',
    'unmapGpaPages',
    'dispatchVp',
    'descheduleVp',
    ...IO_OP_TYPES,
    'guestHandle',
    'eoi',
    'eom',
  ],
  goals: ['ring-full-writer-waits', 'interrupt-deferred-then-delivered'],
  opFilter: eoiFollowsHandler,
  isFinal: childrenDone,
  faults: [
    'ring-accepts-full-write',
    'ring-read-ignores-padding',
    'signal-every-second-write',
    'end-read-skips-recheck',
    'unmap-ignores-dma-pin',
    'ring-signals-every-write',
    'reader-signals-every-read',
  ],
};

/** One child with two VPs and one GPA page on one LP; two control messages outstanding (one more than the SINT slot holds), no I/O. */
export const SYNIC_EXPLORE_CONFIG: Config = { ...EXPLORE_CONFIG, maxMessagesOutstanding: 2, partitions: [{ id: 'p1', vps: 2, gpaPages: 1 }] };

/** Synthetic interrupts: deferral while no VP runs, delivery on dispatch, the SINT message slot, masking. */
export const SYNIC_SCOPE: ExploreScope = {
  name: 'synic',
  description: 'synthetic interrupts and the SynIC: deferral while no VP of the partition runs, delivery on dispatch, the SINT message slot, its queue scanned on a post, an EOI and an EOM, MessagePending, masking (VP 0); one child with two VPs on one LP',
  config: SYNIC_EXPLORE_CONFIG,
  opTypes: ['createPartition', 'depositMemory', 'initializePartition', 'dispatchVp', 'descheduleVp', 'vspPostMessage', 'guestHandle', 'eoi', 'eom', 'maskSint', 'unmaskSint'],
  goals: ['interrupt-deferred-then-delivered', 'synic-slot-overflows-into-message-pending'],
  opFilter: onlyVp0Masks,
  isFinal: childrenDone,
  faults: ['drop-interrupt-while-no-vp-runs', 'deliver-to-last-run-vp', 'redeliver-deferred-interrupts', 'dispatch-skips-deferred-delivery', 'forget-message-pending', 'post-overwrites-full-slot', 'post-overtakes-queued-message', 'eoi-skips-rescan', 'unmask-raises-held-interrupt'],
};

/** Two logical processors with two hardware tags each (tagged discipline), the root's VP and two one-VP children: three VMs, two tags per LP. */
export const TAGGED_TLB_EXPLORE_CONFIG: Config = {
  ...EXPLORE_CONFIG,
  rootFrames: 2,
  rootVps: 1,
  logicalProcessors: 2,
  tlbEntries: 1,
  tlbDiscipline: 'tagged',
  tlbTags: 2,
  partitions: [
    { id: 'p1', vps: 1, gpaPages: 1 },
    { id: 'p2', vps: 1, gpaPages: 2 },
  ],
};

/**
 * The tagged-TLB scope: the root's VP and two children's VPs on two LPs
 * with two tags each, so the third VM on an LP recycles a tag; p1's guest
 * accesses fill the TLBs, a VM switch keeps the previous VM's entries
 * under its tag (also on an LP that no longer runs it), and UnmapGpaPages
 * shoots p1's entries down. p2 maps nothing: it only contends for tags.
 */
export const TAGGED_TLB_SCOPE: ExploreScope = {
  name: 'tagged-tlb',
  description: "tagged TLBs (VPID/ASID), two LPs with two tags each, the root's VP and two one-VP children: tag recycling, entries kept across switches, shootdowns on unmap",
  config: TAGGED_TLB_EXPLORE_CONFIG,
  opTypes: ['createPartition', 'depositMemory', 'initializePartition', 'mapGpaPages', 'unmapGpaPages', 'dispatchVp', 'guestAccess'],
  // p2 only runs (it maps nothing): a third VM contending for the two tags of each LP; each child's pool gets one page;
  // the root's VP runs on LP 0 only.
  opFilter: (op, s) =>
    (op.type !== 'mapGpaPages' || op.pid === 'p1') && (op.type !== 'depositMemory' || !at(s.substrate.pools, op.pid)?.length) && (op.type !== 'dispatchVp' || op.pid !== ROOT || op.lp === 0),
  goals: ['vm-switch-happens', 'guest-access-hits-tlb', 'tagged-vm-switch-purges-nothing'],
  isFinal: childrenDone,
  faults: ['recycle-tag-without-flush', 'shootdown-skips-idle-lp', 'flush-by-tag-local-only'],
};

/** One hostile Dynamic Memory guest of 2 pages (1 to 2, 1 committed) on 6 frames, with a synthetic device (one I/O in flight). */
export const HOSTILE_EXPLORE_CONFIG: Config = {
  ...EXPLORE_CONFIG,
  frames: 6,
  maxIosInFlight: 1,
  partitions: [{ id: 'p1', vps: 1, gpaPages: 2, hostile: true, dynamicMemory: { startupPages: 2, minPages: 1, maxPages: 2, committedPages: 1 } }],
  dynamicMemoryTuning: DM_EXPLORE_TUNING,
};

/** One transaction; time passes until the guest has sent three messages of its own (forgeries are not counted). */
export const HOSTILE_BUDGET: DmBudget = { transactions: 1, messages: 3 };

/** A hostile guest against the host's checks: forged Dynamic Memory messages in every state, ring indices of its choosing. */
export const HOSTILE_SCOPE: ExploreScope = {
  name: 'hostile-guest',
  description:
    "a hostile Dynamic Memory guest against the host's checks: forged balloon, unballoon and hot-add responses in every state, write indices of its choosing on its outbound ring read by the root's VSP; one guest, one balloon transaction, time until it has sent three messages",
  config: HOSTILE_EXPLORE_CONFIG,
  opTypes: ['dmStart', 'dmSettle', 'dmGuestWork', 'dmBalloon', 'tick', 'dmForge', 'dispatchVp', 'submitIo', 'vspTakeRequest', 'ringPoke'],
  opFilter: withinDmBudget(HOSTILE_BUDGET),
  goals: [],
  isFinal: dmTicksSpent(HOSTILE_BUDGET),
  faults: ['ring-reader-trusts-write-index', 'host-trusts-balloon-response-ranges', 'unsolicited-unballoon-maps-back'],
};

/**
 * One Dynamic Memory guest of 4 pages (1 to 4, 1 committed, no hot-add)
 * on a swapping host of 7 frames (one the hypervisor's, one the root's
 * that becomes the guest's pool, one free after boot): the hypervisor
 * swaps while fewer than 2 frames are free; single-page allocation units,
 * balloons of up to 2 pages (so that the guest trims its working set).
 */
export const SWAP_EXPLORE_CONFIG: Config = {
  ...EXPLORE_CONFIG,
  frames: 7,
  maxPagesPerCall: 2,
  partitions: [{ id: 'p1', vps: 1, gpaPages: 4, dynamicMemory: { startupPages: 4, minPages: 1, maxPages: 4, committedPages: 1, hotAdd: false } }],
  dynamicMemoryTuning: DM_EXPLORE_TUNING,
  reclaim: 'balloon+swap',
  hypervisorSwap: { swapBelowFrames: 2 },
};

/**
 * Hypervisor swapping (VMware ESX's) on one guest: swap-outs, swap-ins on
 * the guest's touches and its own paging, a balloon of the swapped pages;
 * one transaction, and the workload commits one page at a time up to 4
 * (one more than the guest has, so that it pages out: double paging).
 */
export const SWAP_SCOPE: ExploreScope = {
  name: 'hypervisor-swap',
  description: "hypervisor swapping (VMware ESX's): pages swapped out under acute shortage by every draw, swapped back in when the guest writes them or pages them out (double paging), a balloon that takes swapped pages; one guest of 3 pages on 6 frames, one transaction, the workload committing one page at a time up to 4",
  config: SWAP_EXPLORE_CONFIG,
  opTypes: ['dmStart', 'dmSettle', 'dmGuestWork', 'dmBalloon', 'hvSwapOut', 'dmTouch', 'dmCommit'],
  opFilter: (op, s) => withinDmBudget({ transactions: 1, messages: 0 })(op, s) && (op.type !== 'dmCommit' || (op.pages === 1 && (at(s.dm, op.pid)?.mm.committed ?? 0) < 4)),
  goals: [],
  isFinal: () => false,
  faults: ['swap-out-leaves-page-mapped', 'swap-in-skips-swap-file', 'swap-in-leaves-frame-on-free-list', 'balloon-reclaim-keeps-swap-slot'],
};

/**
 * Every default scope, `memory` first; each fault's scope is the first
 * that shows it (the SynIC before VMBus, whose I/O also raises interrupts,
 * by longer paths).
 */
export const EXPLORE_SCOPES: readonly ExploreScope[] = [
  MEMORY_SCOPE,
  TLB_SCOPE,
  GATE_SCOPE,
  interceptScope(
    'cpuid',
    0x1,
    ['cpuid-intercept-taken', 'partition-finalized-while-vp-waits'],
    ['hypervisor-resumes-before-root-reply', 'worker-replies-twice', 'child-may-install-intercept', 'intercept-resume-ignores-explicit-suspend', 'reply-skips-register-write', 'worker-simulates-from-reset-registers'],
  ),
  interceptScope('msr', 0, ['msr-intercept-taken']),
  interceptScope('ioPort', 0x60, ['io-port-intercept-taken']),
  interceptScope('exception', 6, ['exception-intercept-taken']),
  TWO_VP_SCOPE,
  DM_SCOPE,
  DM_ACCESS_SCOPE,
  SYNIC_SCOPE,
  VMBUS_SCOPE,
  TAGGED_TLB_SCOPE,
  HOSTILE_SCOPE,
  SWAP_SCOPE,
];

/** The scope called `name`, if any. */
export const scopeByName = (name: string): ExploreScope | undefined => EXPLORE_SCOPES.find((s) => s.name === name);
