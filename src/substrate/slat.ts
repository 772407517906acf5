/**
 * Second-level address translation: per partition, GPA page -> machine frame
 * with access rights. The root's SLAT is the identity map over the frames it
 * holds. Pure functions over plain records (integer keys iterate in
 * ascending order, which makes the encoding canonical).
 */

/** MapGpaPages access flags (TLFS): READ 1, WRITE 2, KERNEL_EXEC 4, USER_EXEC 8. */
export const Access = { READ: 1, WRITE: 2, KERNEL_EXEC: 4, USER_EXEC: 8 } as const;

/** All access rights: what the root has over its identity map. */
export const FULL_ACCESS = Access.READ | Access.WRITE | Access.KERNEL_EXEC | Access.USER_EXEC;

/** One SLAT entry: the frame behind a GPA page, and the access allowed. */
export interface SlatEntry {
  readonly frame: number;
  readonly access: number;
}

/** A partition's SLAT: GPA page -> entry. */
export type Slat = Readonly<Record<number, SlatEntry>>;

/** The identity SLAT over `frames` (the root's view of memory). */
export function identitySlat(frames: readonly number[]): Slat {
  const out: Record<number, SlatEntry> = {};
  for (const f of frames) out[f] = { frame: f, access: FULL_ACCESS };
  return out;
}

/** Maps `gpas[i]` to `frames[i]` with `access`. */
export function mapPages(slat: Slat, gpas: readonly number[], frames: readonly number[], access: number): Slat {
  const out: Record<number, SlatEntry> = { ...slat };
  gpas.forEach((g, i) => {
    out[g] = { frame: frames[i]!, access };
  });
  return out;
}

/** Removes the mappings of `gpas`; unmapping an unmapped page is a no-op (TLFS). */
export function unmapPages(slat: Slat, gpas: readonly number[]): Slat {
  // Built without the unmapped entries rather than copied and deleted from (a delete makes the copy a slow dictionary).
  const out: Record<number, SlatEntry> = {};
  const gone = gpas.length > 4 ? new Set(gpas) : undefined;
  const mapped = mappedGpas(slat);
  for (let i = 0; i < mapped.length; i++) {
    const g = mapped[i]!;
    if (!(gone ? gone.has(g) : gpas.includes(g))) out[g] = slat[g]!;
  }
  return out;
}

/** `mappedGpas` of each non-empty SLAT seen (SLATs are never changed once built). */
const MAPPED = new WeakMap<Slat, readonly number[]>();
const NONE: readonly number[] = Object.freeze([]);

/** The GPAs that `slat` maps, ascending (one frozen list per SLAT object). */
export const mappedGpas = (slat: Slat): readonly number[] => {
  let gpas = MAPPED.get(slat);
  if (gpas === undefined) {
    const keys = Object.keys(slat);
    if (keys.length === 0) return NONE;
    MAPPED.set(slat, (gpas = Object.freeze(keys.map(Number))));
  }
  return gpas;
};

/** The entry for `gpa`, if mapped. */
export const lookupSlat = (slat: Slat, gpa: number): SlatEntry | undefined => slat[gpa];
