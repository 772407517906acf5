/**
 * The machine instances of a System, each on its swimlane: every
 * partition, every VP, every logical processor, the root's VM worker and
 * the VSP side of each partition's devices (Dynamic Memory VSP, ring
 * reader, I/Os). The trace view draws a lane per lane name, and the
 * explorer page highlights each instance's state in its machine's
 * statechart.
 */
import type { System } from '../system/system.js';
import { stateName, type MachineState } from '../system/machine-runtime.js';

/** One machine instance: its machine (a key of `MachineSet`), its name, its lane and its state as a dotted path. */
export interface MachineInstance {
  readonly machine: string;
  readonly instance: string;
  readonly lane: string;
  readonly state: string;
}

/** The lane of the root's VM worker. */
export const WORKER_LANE = 'root worker';
/** The lane of a partition's VSP (the root-side device end). */
export const vspLane = (pid: string): string => `vsp ${pid}`;
/** The lane of a VP. */
export const vpLane = (pid: string, vp: number): string => `${pid} vp${vp}`;
/** The lane of a logical processor. */
export const lpLane = (lp: number): string => `lp${lp}`;

/** Every machine instance of `sys`, lanes in a fixed order: partitions and their VPs, logical processors, the worker, the VSPs. */
export function machineInstances(sys: System): MachineInstance[] {
  const out: MachineInstance[] = [];
  const add = (machine: string, instance: string, lane: string, m: MachineState) => out.push({ machine, instance, lane, state: stateName(m.value) });
  for (const [pid, rec] of Object.entries(sys.partitions)) {
    add('partition', pid, pid, rec.machine);
    const ctrl = sys.interrupts.partitions[pid]?.controller;
    if (ctrl) add('interrupt', `${pid} interrupts`, pid, ctrl);
    const dm = sys.dm[pid];
    if (dm) add('dmGuest', `${pid} dm driver`, pid, dm.driver);
    rec.vps.forEach((vp, i) => {
      add('vp', vpLane(pid, i), vpLane(pid, i), vp);
      const hs = sys.intercepts.handshakes[pid]?.[i];
      if (hs) add('intercept', `${vpLane(pid, i)} intercept`, vpLane(pid, i), hs);
    });
  }
  sys.lps.forEach((lp, i) => add('lp', lpLane(i), lpLane(i), lp));
  add('vmWorker', 'vm worker', WORKER_LANE, sys.intercepts.worker);
  for (const [pid, dm] of Object.entries(sys.dm)) add('dmHost', `${pid} dm vsp`, vspLane(pid), dm.host);
  for (const [pid, ch] of Object.entries(sys.vmbus)) {
    add('ringReader', `${pid} ring reader`, vspLane(pid), ch.reader);
    for (const io of ch.ios) add('io', `${pid} io${io.id}`, vspLane(pid), io.machine);
  }
  return out;
}

/** The lanes of `instances`, each once, in first-seen order. */
export const lanesOf = (instances: readonly MachineInstance[]): string[] => [...new Set(instances.map((i) => i.lane))];
