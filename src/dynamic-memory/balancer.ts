/**
 * The Dynamic Memory Balancer (in the root's VMMS): decides which guest
 * gets memory and which gives it up. The policy is a plain function, so a
 * user can check their own (`World.balancer`); the system carries its
 * decisions out through each guest's VSP, one transaction per guest at a
 * time, and a balloon decision takes effect only when the guest answers.
 */

/** What the balancer knows of one Dynamic Memory guest. */
export interface GuestView {
  readonly pid: string;
  readonly minPages: number;
  readonly maxPages: number;
  /** Memory buffer, percent of committed memory the guest should have on top (default 20). */
  readonly bufferPercent: number;
  /** Memory weight: a higher weight keeps its memory longer when memory is short. */
  readonly weight: number;
  /** Pages visible to the guest (onlined, as the host knows it). */
  readonly visible: number;
  /** Pages ballooned out and reclaimed by the host. */
  readonly ballooned: number;
  /** Committed pages from the last status report, or null before the first. */
  readonly committed: number | null;
  /** Memory Pressure (committed / visible * 100), or null before the first status report. */
  readonly pressure: number | null;
  /** A transaction is open, or the VSP is not idle: no decision for this guest now. */
  readonly busy: boolean;
  /** The guest refused hot-add for good. */
  readonly hotAddRefused: boolean;
  /** Size of the guest physical address space, in pages. */
  readonly gpaPages: number;
}

/** Everything the balancer sees. */
export interface BalancerInput {
  readonly guests: readonly GuestView[];
  /** Available Memory: frames on the free list. */
  readonly available: number;
  /** All machine frames. */
  readonly totalFrames: number;
}

/** One decision: move `pages` pages for one guest. */
export type BalancerDecision =
  | { readonly kind: 'hotAdd'; readonly pid: string; readonly pages: number }
  | { readonly kind: 'unballoon'; readonly pid: string; readonly pages: number }
  | { readonly kind: 'balloon'; readonly pid: string; readonly pages: number };

/** A balancer policy: pure, deterministic, at most one decision per guest. */
export type BalancerPolicy = (input: BalancerInput) => readonly BalancerDecision[];

/** The memory a guest should have: committed plus its buffer, within [min, max]. */
export function targetPages(g: GuestView): number | null {
  if (g.committed === null) return null;
  const want = Math.ceil((g.committed * (100 + g.bufferPercent)) / 100);
  return Math.min(g.maxPages, Math.max(g.minPages, want));
}

/**
 * The default policy. Each guest with a status report should have
 * committed + buffer pages, within its minimum and maximum. The most
 * pressured guests are served first: balloon pages are given back before
 * new memory is hot-added, both from Available Memory. What Available
 * Memory cannot cover is ballooned out of the least pressured guests
 * (lower weight first on a tie) that hold more than their own target; the
 * short guest gets it on a later round, once those guests have answered.
 */
export const defaultBalancer: BalancerPolicy = (input) => {
  const out: BalancerDecision[] = [];
  let available = input.available;
  let shortfall = 0;
  const decided = new Set<string>();
  const assigned = (g: GuestView) => g.visible - g.ballooned;
  const byPressure = [...input.guests].filter((g) => g.pressure !== null).sort((a, b) => b.pressure! - a.pressure! || (a.pid < b.pid ? -1 : 1));
  for (const g of byPressure) {
    const target = targetPages(g)!;
    const need = target - assigned(g);
    if (need <= 0) continue;
    let covered = 0;
    if (!g.busy && g.ballooned > 0 && available > 0) {
      covered = Math.min(need, g.ballooned, available);
      out.push({ kind: 'unballoon', pid: g.pid, pages: covered });
    } else if (!g.busy && !g.hotAddRefused && g.visible < g.maxPages && available > 0) {
      covered = Math.min(need, g.maxPages - g.visible, g.gpaPages - g.visible, available);
      if (covered > 0) out.push({ kind: 'hotAdd', pid: g.pid, pages: covered });
    }
    if (covered > 0) decided.add(g.pid);
    available -= covered;
    shortfall += need - covered;
  }
  if (shortfall > 0) {
    const donors = [...byPressure].reverse().sort((a, b) => a.pressure! - b.pressure! || a.weight - b.weight || (a.pid < b.pid ? -1 : 1));
    for (const g of donors) {
      if (shortfall <= 0) break;
      if (g.busy || decided.has(g.pid)) continue;
      const surplus = assigned(g) - targetPages(g)!;
      if (surplus <= 0) continue;
      const pages = Math.min(surplus, shortfall);
      out.push({ kind: 'balloon', pid: g.pid, pages });
      shortfall -= pages;
      decided.add(g.pid);
    }
  }
  return out;
};
