/**
 * The TLB's op record: a guest's memory access, translated through its
 * page table, the logical processor's TLB and the partition's SLAT.
 */
import { defineOp } from '../../src/system/op-record.js';
import type { EnabledScan } from '../../src/system/enabled-scan.js';
import { dmAccessGate, dmAfterAccess } from '../../src/system/handlers/dynamic-memory.js';
import { lookupSlat } from '../../src/substrate/slat.js';
import { hex, at } from '../../src/substrate/ids.js';
import { swapInForTouch } from '../../src/system/handlers/hypervisor-swap.js';
import { slotOf } from '../hypervisor-swap/swap-file.js';

/**
 * Calls `visit` with each guest virtual page of the VP running on `lp`
 * worth accessing, in page-table order, until it returns true; whether it
 * did. Only GVAs whose GPA is mapped: faulting accesses change nothing and
 * would crowd out the rest. A Dynamic Memory guest's balloon pages stay in
 * its page table: touching one is worth trying even once reclaimed. A page
 * the hypervisor swapped out is unmapped too, and worth trying: the access
 * faults it back in.
 */
function gvasWorthAccessing(e: EnabledScan, lp: number, visit: (gva: number) => boolean): boolean {
  const { sys, s } = e;
  const running = s.lps[lp]!.running;
  if (!running) return false;
  const pt = at(s.pageTables, running.pid) ?? {};
  const slat = at(s.slat, running.pid) ?? {};
  for (const key in pt) {
    const gva = Number(key);
    const gate = dmAccessGate(sys, lp, running.pid, gva);
    if (gate.skip) continue;
    const dmg = gate.gpa === undefined ? undefined : at(sys.dm, running.pid);
    if (!lookupSlat(slat, pt[gva]!) && !(dmg && (dmg.mm.balloon.includes(gate.gpa!) || slotOf(dmg.swap, gate.gpa!)))) continue;
    if (visit(gva)) return true;
  }
  return false;
}

/** GuestAccess: the VP running on `lp` reads or writes a guest virtual page. */
export const guestAccess = defineOp({
  type: 'guestAccess',
  args: (f) => ({ lp: f.lp(), gva: f.gva(), write: f.bool() }),
  weight: 5,
  reads: ['dm', 'pageTables', 'partitions', 'slat', 'tlbs'],
  enabled: (e, out) => {
    for (let lp = 0; lp < e.s.lps.length; lp++)
      gvasWorthAccessing(e, lp, (gva) => {
        out.push({ type: 'guestAccess', lp, gva, write: false });
        out.push({ type: 'guestAccess', lp, gva, write: true });
        return false;
      });
  },
  any: (e) => {
    for (let lp = 0; lp < e.s.lps.length; lp++) if (gvasWorthAccessing(e, lp, () => true)) return true;
    return false;
  },
  apply: (st, o, system) => {
    const running = system.substrate.lps[o.lp]!.running;
    if (!running) return st.skip(`lp${o.lp} runs no VP`);
    const pid = running.pid;
    const gate = dmAccessGate(system, o.lp, pid, o.gva);
    if (gate.skip) return st.skip(gate.skip);
    // A page the hypervisor swapped out faults into it first, and is read back in.
    const blocked = gate.gpa === undefined ? null : swapInForTouch(st, pid, [gate.gpa], 'access');
    if (blocked) return st.skip(blocked);
    const before = st.sys.substrate.memory;
    const r = system.world.substrateFns.guestAccess(st.sys.substrate, o.lp, pid, o.gva, o.write, system.world.config.tlbEntries);
    st.sys = { ...st.sys, substrate: r.s };
    st.count('guestAccesses');
    if (gate.gpa !== undefined) dmAfterAccess(st, pid, gate.gpa);
    const res = r.result;
    const what = o.write ? 'write' : 'read';
    if (res.kind === 'fault') {
      st.notes.push(`${pid} ${what} gva ${hex(o.gva << 12)} faults: ${res.reason}${res.gpa === undefined ? '' : ` (gpa ${hex(res.gpa)})`}`);
      return st.done();
    }
    st.count(res.kind === 'hit' ? 'tlbHits' : 'tlbMisses');
    st.observations.push({ kind: 'access', pid, gva: o.gva, gpa: res.gpa, frame: res.frame, write: o.write, content: before.content[res.frame]!, via: res.kind });
    st.notes.push(`${pid} ${what} gva ${hex(o.gva << 12)} -> gpa ${hex(res.gpa)} -> frame ${hex(res.frame)} (TLB ${res.kind === 'hit' ? 'hit' : 'miss'})`);
    return st.done();
  },
  describe: (o) => `guestAccess lp${o.lp} ${o.write ? 'write' : 'read'} gva ${hex(o.gva << 12)}`,
});
