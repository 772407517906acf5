/**
 * The memory's op record: the root reading or writing one of its own
 * guest physical pages (identity-mapped to a frame), which is how a frame
 * that changed hands is seen from the root. The access is made by the
 * root's VP running on a logical processor and goes through that LP's TLB
 * like any partition's (`guestAccess` of the substrate): a translation the
 * root cached stays in the TLB until a flush or a VM switch purges it.
 */
import { defineOp } from '../../src/system/op-record.js';
import { type Slat, lookupSlat, mappedGpas } from '../../src/substrate/slat.js';
import { type Content, ROOT, hex, at } from '../../src/substrate/ids.js';

/** `rootGpasWorthReading` per root SLAT and frame contents (both immutable; most steps leave them alone). */
const WORTH_READING = new WeakMap<object, WeakMap<object, readonly number[]>>();

/**
 * The root's GPAs worth reading: its lowest mapped page, standing for its
 * own untouched memory, and every mapped page whose frame another owner
 * wrote (frames that changed hands).
 */
function rootGpasWorthReading(slat: Slat, content: readonly Content[]): readonly number[] {
  let byContent = WORTH_READING.get(slat);
  if (byContent === undefined) WORTH_READING.set(slat, (byContent = new WeakMap()));
  let gpas = byContent.get(content);
  if (gpas === undefined) byContent.set(content, (gpas = mappedGpas(slat).filter((g, i) => i === 0 || content[g] !== 'root')));
  return gpas;
}

/** RootAccess: the root's VP running on `lp` reads or writes its gpa (the frame of the same number). */
export const rootAccess = defineOp({
  type: 'rootAccess',
  args: (f) => ({ lp: f.lp(), gpa: f.gpa('root'), write: f.bool() }),
  weight: 1,
  reads: ['memory', 'slat', 'tlbs'],
  enabled: (e, out) => {
    // One access to the lowest page fills the TLB with a root translation, which a VM switch must purge.
    const s = e.s;
    for (let lp = 0; lp < s.lps.length; lp++) {
      if (s.lps[lp]!.running?.pid !== ROOT) continue;
      for (const gpa of rootGpasWorthReading(at(s.slat, ROOT)!, s.memory.content)) out.push({ type: 'rootAccess', lp, gpa, write: false });
    }
  },
  // The root's lowest mapped page is always worth reading.
  any: (e) => e.s.lps.some((l) => l.running?.pid === ROOT) && mappedGpas(at(e.s.slat, ROOT)!).length > 0,
  apply: (st, o, system) => {
    const running = system.substrate.lps[o.lp]?.running;
    if (running?.pid !== ROOT) return st.skip(`lp${o.lp} runs no VP of the root`);
    if (!lookupSlat(at(system.substrate.slat, ROOT)!, o.gpa) && !system.substrate.lps[o.lp]!.tlb.some((e) => e.tag === ROOT && e.gva === o.gpa)) return st.skip(`the root does not map gpa ${hex(o.gpa)}`);
    const before = system.substrate.memory;
    const r = system.world.substrateFns.guestAccess(system.substrate, o.lp, ROOT, o.gpa, o.write, system.world.config.tlbEntries);
    st.sys = { ...st.sys, substrate: r.s };
    const res = r.result;
    const what = o.write ? 'write' : 'read';
    if (res.kind === 'fault') {
      st.notes.push(`root ${what} gpa ${hex(o.gpa)} faults: ${res.reason}`);
      return st.done();
    }
    st.observations.push({ kind: 'access', pid: ROOT, gva: o.gpa, gpa: res.gpa, frame: res.frame, write: o.write, content: before.content[res.frame]!, via: res.kind });
    st.notes.push(`root ${what} gpa ${hex(o.gpa)} -> frame ${hex(res.frame)} (TLB ${res.kind === 'hit' ? 'hit' : 'miss'})`);
    return st.done();
  },
  describe: (o) => `rootAccess lp${o.lp} ${o.write ? 'write' : 'read'} gpa ${hex(o.gpa)}`,
});
