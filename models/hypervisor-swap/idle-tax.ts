/**
 * The idle memory tax (Waldspurger, "Memory Resource Management in VMware
 * ESX Server", OSDI 2002, section 5.2): which guest gives memory up. Each
 * guest's shares-per-page ratio is adjusted by the fraction of its memory
 * that is idle,
 *
 *     rho = S / (P * (f + k * (1 - f))),   k = 1 / (1 - tau),
 *
 * with S its shares, P the pages it holds, f the fraction of them it is
 * actively using and tau the tax rate (0.75 by default: an idle page
 * costs four times an active one). The guest with the lowest rho gives up
 * a page. All integer arithmetic (f and tau in percent), so the choice is
 * exact and deterministic; ties go to the guest named first.
 */

/** The default tax rate, in percent (the paper's default tau = 0.75). */
export const DEFAULT_IDLE_TAX_PERCENT = 75;

/** The default acute-shortage threshold: the hypervisor swaps while fewer frames than this are free. */
export const DEFAULT_SWAP_BELOW_FRAMES = 2;

/** What the tax knows of one guest. */
export interface TaxInput {
  readonly pid: string;
  /** Its shares (its memory weight). */
  readonly shares: number;
  /** Machine pages it holds. */
  readonly pages: number;
  /** The active fraction of them at the last sample, in percent. */
  readonly activePercent: number;
}

/**
 * The denominator of rho scaled by 100 * (100 - tau): P * (f * (100 - tau) + 100 * (100 - f)), f and tau in percent.
 * (k * (1 - f) = (100 - f) / (100 - tau), so multiplying P * (f + k(1 - f)) by 100 * (100 - tau) leaves integers.)
 */
export const taxedPages = (g: TaxInput, taxPercent: number): number => g.pages * (g.activePercent * (100 - taxPercent) + 100 * (100 - g.activePercent));

/** rho, as a number (for reports): shares per taxed page. */
export const sharesPerPage = (g: TaxInput, taxPercent: number): number => (g.pages === 0 ? Infinity : (g.shares * 100 * (100 - taxPercent)) / taxedPages(g, taxPercent));

/** The guest with the lowest rho (exact comparison of S_a / D_a < S_b / D_b as S_a * D_b < S_b * D_a); null when none holds a page. */
export function taxVictim(guests: readonly TaxInput[], taxPercent: number): TaxInput | null {
  let best: TaxInput | null = null;
  for (const g of guests) {
    if (g.pages === 0) continue;
    if (!best || g.shares * taxedPages(best, taxPercent) < best.shares * taxedPages(g, taxPercent)) best = g;
  }
  return best;
}
