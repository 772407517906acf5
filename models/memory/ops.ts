/**
 * The memory's op record: the root reading or writing one of its own
 * guest physical pages (identity-mapped to a frame), which is how a frame
 * that changed hands is seen from the root.
 */
import { defineOp } from '../../src/system/op-record.js';
import { lookupSlat } from '../../src/substrate/slat.js';
import { writeFrame } from '../../src/substrate/memory.js';
import { ROOT, hex, at } from '../../src/substrate/ids.js';

/** RootAccess: the root reads or writes its gpa (the frame of the same number). */
export const rootAccess = defineOp({
  type: 'rootAccess',
  args: (f) => ({ gpa: f.gpa('root'), write: f.bool() }),
  weight: 1,
  enabled: (e, out) => {
    // Only frames that changed hands are worth reading: the root's own untouched memory proves nothing.
    const s = e.s;
    const slat = at(s.slat, ROOT)!;
    for (const f of Object.keys(slat).map(Number)) if (s.memory.content[f] !== 'root') out.push({ type: 'rootAccess', gpa: f, write: false });
  },
  apply: (st, o, system) => {
    const e = lookupSlat(at(system.substrate.slat, ROOT)!, o.gpa);
    if (!e) return st.skip(`the root does not map gpa ${hex(o.gpa)}`);
    const content = system.substrate.memory.content[e.frame]!;
    st.observations.push({ kind: 'access', pid: ROOT, gpa: o.gpa, frame: e.frame, write: o.write, content, via: 'identity' });
    if (o.write) {
      st.sys = { ...st.sys, substrate: { ...system.substrate, memory: writeFrame(system.substrate.memory, e.frame, ROOT) } };
    }
    st.notes.push(`root ${o.write ? 'write' : 'read'} gpa ${hex(o.gpa)} -> frame ${hex(e.frame)}`);
    return st.done();
  },
  describe: (o) => `rootAccess ${o.write ? 'write' : 'read'} gpa ${hex(o.gpa)}`,
});
