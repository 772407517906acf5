/**
 * Guest page tables: what each guest OS maps, GVA page -> GPA page.
 * The hypervisor never writes them; it only walks them on a TLB miss.
 */

/** A guest's page table: GVA page -> GPA page. */
/** GVA page where every guest's boot page table starts (so GVAs and GPAs differ in reports). */
export const GVA_BASE = 0x10;

export type PageTable = Readonly<Record<number, number>>;

/**
 * The page table a guest builds at boot over `gpaPages` GPAs: GVA page
 * `base + i` maps GPA page `gpaPages - 1 - i`, so a GVA and its GPA differ
 * and a report shows both halves of the walk.
 */
export function bootPageTable(gpaPages: number, base: number): PageTable {
  const out: Record<number, number> = {};
  for (let i = 0; i < gpaPages; i++) out[base + i] = gpaPages - 1 - i;
  return out;
}

/** The GPA behind `gva`, if the guest maps it. */
export const walkPageTable = (pt: PageTable, gva: number): number | undefined => pt[gva];
