/**
 * A System that notes which of its parts (`STATE_PARTS`) are read: each
 * top-level field, and each field of its substrate, is counted when it is
 * fetched. For checking what a function of the state reads.
 */
import type { System } from '../../src/system/system.js';

/** The part each System field is, and each substrate field (`world` is no part: it is the same in every state). */
const TOP: Record<string, string> = { partitions: 'partitions', lps: 'schedulers', intercepts: 'intercepts', dm: 'dm', vmbus: 'vmbus', interrupts: 'interrupts' };
const SUBSTRATE: Record<string, string> = { memory: 'memory', slat: 'slat', pageTables: 'pageTables', pools: 'pools', lps: 'tlbs' };

/** `sys`, with every part read added to `seen` (a field that is no part is added by its own name). */
export function trackedSystem(sys: System, seen: Set<string>): System {
  const substrate = new Proxy(sys.substrate, {
    get(target, key, receiver) {
      if (typeof key === 'string') seen.add(SUBSTRATE[key] ?? `substrate.${key}`);
      return Reflect.get(target, key, receiver);
    },
  });
  return new Proxy(sys, {
    get(target, key, receiver) {
      if (key === 'substrate') return substrate;
      if (typeof key === 'string' && key !== 'world') seen.add(TOP[key] ?? key);
      return Reflect.get(target, key, receiver);
    },
  });
}
