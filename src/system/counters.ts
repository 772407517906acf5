/**
 * Hypervisor counters, as the seed's charts count them: hypercalls by code,
 * VM switches, TLB purges and flushes, guest memory accesses.
 */

/** The counters of one run. */
export interface Counters {
  /** Hypercalls by name and code, e.g. `DepositMemory 0x48`. */
  readonly hypercalls: Readonly<Record<string, number>>;
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
}

/** All counters at zero. */
export const emptyCounters = (): Counters => ({
  hypercalls: {},
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
});

/** Adds `by` to one numeric counter. */
export const bump = (c: Counters, key: Exclude<keyof Counters, 'hypercalls'>, by = 1): Counters => (by === 0 ? c : { ...c, [key]: c[key] + by });

/** Counts one hypercall. */
export const countHypercall = (c: Counters, label: string): Counters => ({ ...c, hypercalls: { ...c.hypercalls, [label]: (c.hypercalls[label] ?? 0) + 1 } });

/** Adds two sets of counters (for totals over many runs). */
export function addCounters(a: Counters, b: Counters): Counters {
  const hypercalls: Record<string, number> = { ...a.hypercalls };
  for (const [k, v] of Object.entries(b.hypercalls)) hypercalls[k] = (hypercalls[k] ?? 0) + v;
  return {
    hypercalls,
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
  };
}
