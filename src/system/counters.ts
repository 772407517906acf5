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
  /** Steps that were applied (not skipped): the clock of interrupt latencies. */
  readonly appliedSteps: number;
  /** Virtual interrupts raised, per VP (`p1 vp0`). */
  readonly virtualInterrupts: Readonly<Record<string, number>>;
  /** Interrupts deferred because no VP of their partition was dispatched. */
  readonly deferredInterrupts: number;
  /** How many steps each deferred interrupt waited before delivery: steps -> interrupts. */
  readonly deferredWaitSteps: Readonly<Record<number, number>>;
  /** The step at which each still-deferred interrupt (by ledger id) was deferred. */
  readonly deferredSince: Readonly<Record<number, number>>;
  /** Phase one: root ISRs run for synthetic I/O completions. */
  readonly rootIsrs: number;
  /** Ring writes that signalled the reader. */
  readonly ringSignals: number;
  /** Ring writes that got "try again". */
  readonly ringFull: number;
  /** Synthetic I/Os completed (completion read by the guest). */
  readonly iosCompleted: number;
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
});

/** Adds `by` to one numeric counter. */
export const bump = (c: Counters, key: NumericCounter, by = 1): Counters => {
  if (by === 0) return c;
  const out = copyCounters(c);
  out[key] += by;
  return out;
};

/**
 * A copy of `c` with every field in the order of `emptyCounters`. Written
 * out instead of a spread: counters are copied on every step, and a spread
 * of objects that took many shapes (every hypercall record differs) is the
 * slow generic copy.
 */
export const copyCounters = (c: Counters): { -readonly [K in keyof Counters]: Counters[K] } => ({
  hypercalls: c.hypercalls,
  intercepts: c.intercepts,
  vmSwitches: c.vmSwitches,
  tlbPurges: c.tlbPurges,
  tlbEntriesPurged: c.tlbEntriesPurged,
  guestAccesses: c.guestAccesses,
  tlbHits: c.tlbHits,
  tlbMisses: c.tlbMisses,
  ticks: c.ticks,
  dmAddOperations: c.dmAddOperations,
  dmRemoveOperations: c.dmRemoveOperations,
  dmPagesPaged: c.dmPagesPaged,
  dmLowMemoryNotifications: c.dmLowMemoryNotifications,
  appliedSteps: c.appliedSteps,
  virtualInterrupts: c.virtualInterrupts,
  deferredInterrupts: c.deferredInterrupts,
  deferredWaitSteps: c.deferredWaitSteps,
  deferredSince: c.deferredSince,
  rootIsrs: c.rootIsrs,
  ringSignals: c.ringSignals,
  ringFull: c.ringFull,
  iosCompleted: c.iosCompleted,
});

/** Counts one hypercall. */
export const countHypercall = (c: Counters, label: string): Counters => {
  const out = copyCounters(c);
  out.hypercalls = { ...c.hypercalls, [label]: (c.hypercalls[label] ?? 0) + 1 };
  return out;
};

/** Counts one intercept posted to the root. */
export const countIntercept = (c: Counters, kind: string): Counters => ({ ...c, intercepts: { ...c.intercepts, [kind]: (c.intercepts[kind] ?? 0) + 1 } });

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
  };
}
