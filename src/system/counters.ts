/**
 * Hypervisor counters, as the seed's charts count them: hypercalls by code,
 * VM switches, TLB purges and flushes, guest memory accesses.
 */

/** The counters of one run. */
export interface Counters {
  /** Hypercalls by name and code, e.g. `DepositMemory 0x48`. */
  readonly hypercalls: Readonly<Record<string, number>>;
  /** Intercepts posted to the root, by kind (`ioPort`, `msr`, `cpuid`, `exception`). */
  readonly intercepts: Readonly<Record<string, number>>;
  readonly vmSwitches: number;
  /** VM-switch purges that removed at least one entry. */
  readonly tlbPurges: number;
  readonly tlbEntriesPurged: number;
  readonly guestAccesses: number;
  readonly tlbHits: number;
  readonly tlbMisses: number;
  readonly ticks: number;
  /** Dynamic Memory: completed hot-add and unballoon transactions that added pages (operations, not pages). */
  readonly dmAddOperations: number;
  /** Dynamic Memory: completed balloon transactions that removed pages. */
  readonly dmRemoveOperations: number;
  /** Dynamic Memory: pages the guests trimmed to their page files (paging). */
  readonly dmPagesPaged: number;
  /** Dynamic Memory: low-memory notifications raised by guests. */
  readonly dmLowMemoryNotifications: number;
  /** Steps that were applied (not skipped). */
  readonly appliedSteps: number;
  /** Virtual interrupts raised, per VP (`p1 vp0`). */
  readonly virtualInterrupts: Readonly<Record<string, number>>;
  /** Interrupts deferred because no VP of their partition was dispatched. */
  readonly deferredInterrupts: number;
  /** How many steps each deferred interrupt waited before delivery: steps -> interrupts. */
  readonly deferredWaitSteps: Readonly<Record<number, number>>;
  /**
   * Always empty: the open latency clocks of deferred interrupts are state
   * (`System.deferralWaits`), not counters; the field keeps the report's shape.
   */
  readonly deferredSince: Readonly<Record<number, number>>;
  /** Phase one: root ISRs run for synthetic I/O completions. */
  readonly rootIsrs: number;
  /** Ring writes that signalled the reader. */
  readonly ringSignals: number;
  /** Ring writes that got "try again". */
  readonly ringFull: number;
  /** Synthetic I/Os completed (completion read by the guest). */
  readonly iosCompleted: number;
  /** Tagged discipline: VM switches that kept the previous VM's entries (at least one) where purge-on-switch would have purged them. */
  readonly tlbPurgesAvoided: number;
  /** Tagged discipline: the entries those switches kept. */
  readonly tlbEntriesRetained: number;
  /** Tagged discipline: hardware tags taken from one VM for another. */
  readonly tlbTagsRecycled: number;
  /** Dynamic Memory messages the host rejected: balloon responses naming pages the guest does not hold or the host did not ask for. */
  readonly dmMessagesRejected: number;
  /** Ring reads the host refused because the guest's write index lies outside the data area or behind the next packet. */
  readonly ringIndicesRejected: number;
}

/** The counters that are plain numbers. */
export type NumericCounter = { [K in keyof Counters]: Counters[K] extends number ? K : never }[keyof Counters];

const addRecords = <K extends string | number>(a: Readonly<Record<K, number>>, b: Readonly<Record<K, number>>): Record<K, number> => {
  const out = { ...a } as Record<K, number>;
  for (const [k, v] of Object.entries(b) as [K, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
};

/** All counters at zero. */
export const emptyCounters = (): Counters => ({
  hypercalls: {},
  intercepts: {},
  vmSwitches: 0,
  tlbPurges: 0,
  tlbEntriesPurged: 0,
  guestAccesses: 0,
  tlbHits: 0,
  tlbMisses: 0,
  ticks: 0,
  dmAddOperations: 0,
  dmRemoveOperations: 0,
  dmPagesPaged: 0,
  dmLowMemoryNotifications: 0,
  appliedSteps: 0,
  virtualInterrupts: {},
  deferredInterrupts: 0,
  deferredWaitSteps: {},
  deferredSince: {},
  rootIsrs: 0,
  ringSignals: 0,
  ringFull: 0,
  iosCompleted: 0,
  tlbPurgesAvoided: 0,
  tlbEntriesRetained: 0,
  tlbTagsRecycled: 0,
  dmMessagesRejected: 0,
  ringIndicesRejected: 0,
});

/** The counters that count by key (hypercalls by label, intercepts by kind, interrupts by VP, waits by length). */
export type KeyedCounter = 'hypercalls' | 'intercepts' | 'virtualInterrupts' | 'deferredWaitSteps';

/**
 * One increment a step reports: a numeric counter grows by `by`, or a keyed
 * counter's entry `key` grows by one. A step lists its increments in its
 * outcome (`StepOutcome.counts`); the counters of a run are their sum.
 */
export type Count = { readonly counter: NumericCounter; readonly by: number } | { readonly counter: KeyedCounter; readonly key: string | number };

/** Adds one step's increments to `c` in place (a counters observer's running totals). */
export function addCounts(c: { -readonly [K in keyof Counters]: Counters[K] }, counts: readonly Count[]): void {
  for (const n of counts) {
    if ('by' in n) c[n.counter] += n.by;
    else {
      const rec = c[n.counter] as Record<string | number, number>;
      rec[n.key] = (rec[n.key] ?? 0) + 1;
    }
  }
}

/** Adds two sets of counters (for totals over many runs). */
export function addCounters(a: Counters, b: Counters): Counters {
  return {
    hypercalls: addRecords(a.hypercalls, b.hypercalls),
    intercepts: addRecords(a.intercepts, b.intercepts),
    vmSwitches: a.vmSwitches + b.vmSwitches,
    tlbPurges: a.tlbPurges + b.tlbPurges,
    tlbEntriesPurged: a.tlbEntriesPurged + b.tlbEntriesPurged,
    guestAccesses: a.guestAccesses + b.guestAccesses,
    tlbHits: a.tlbHits + b.tlbHits,
    tlbMisses: a.tlbMisses + b.tlbMisses,
    ticks: a.ticks + b.ticks,
    dmAddOperations: a.dmAddOperations + b.dmAddOperations,
    dmRemoveOperations: a.dmRemoveOperations + b.dmRemoveOperations,
    dmPagesPaged: a.dmPagesPaged + b.dmPagesPaged,
    dmLowMemoryNotifications: a.dmLowMemoryNotifications + b.dmLowMemoryNotifications,
    appliedSteps: a.appliedSteps + b.appliedSteps,
    virtualInterrupts: addRecords(a.virtualInterrupts, b.virtualInterrupts),
    deferredInterrupts: a.deferredInterrupts + b.deferredInterrupts,
    deferredWaitSteps: addRecords(a.deferredWaitSteps, b.deferredWaitSteps),
    deferredSince: {},
    rootIsrs: a.rootIsrs + b.rootIsrs,
    ringSignals: a.ringSignals + b.ringSignals,
    ringFull: a.ringFull + b.ringFull,
    iosCompleted: a.iosCompleted + b.iosCompleted,
    tlbPurgesAvoided: a.tlbPurgesAvoided + b.tlbPurgesAvoided,
    tlbEntriesRetained: a.tlbEntriesRetained + b.tlbEntriesRetained,
    tlbTagsRecycled: a.tlbTagsRecycled + b.tlbTagsRecycled,
    dmMessagesRejected: a.dmMessagesRejected + b.dmMessagesRejected,
    ringIndicesRejected: a.ringIndicesRejected + b.ringIndicesRejected,
  };
}
