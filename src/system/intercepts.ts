/**
 * The intercept subsystem's part of the System: the intercepts each
 * partition's parent installed, the handshake machine of every VP, and the
 * root's VM worker. Plain, bounded data: tables have a key per installed
 * intercept (sorted, so equal states encode equally), handshakes one per
 * VP, and the worker at most one message per VP.
 */
import type { Config } from './config.js';
import { type PartitionId, ROOT } from '../substrate/ids.js';
import { type MachineState, initialState } from './machine-runtime.js';
import type { InterceptContext, interceptMachine } from '../../models/intercept/machine.js';
import type { WorkerContext, vmWorkerMachine } from '../../models/intercept/vm-worker.js';

/** One partition's installed intercepts: table key (`cpuid:0x1`) -> access mask (never 0). */
export type InterceptTable = Readonly<Record<string, number>>;

/** The intercept subsystem's state. */
export interface InterceptState {
  readonly tables: Readonly<Record<PartitionId, InterceptTable>>;
  /** The handshake machine of each VP of each partition that has VPs. */
  readonly handshakes: Readonly<Record<PartitionId, readonly MachineState<InterceptContext>[]>>;
  readonly worker: MachineState<WorkerContext>;
}

/** Virtual processors of the child partitions: the most intercept messages that can be outstanding at once. */
export const totalVps = (c: Config): number => c.partitions.reduce((n, p) => n + p.vps, 0);

/** Worker steps within which a posted intercept is answered: 2·N for N virtual processors. */
export const answerBound = (c: Config): number => 2 * totalVps(c);

/**
 * The subsystem at boot: nothing installed, handshakes for the root's VPs
 * only (nobody installs intercepts on the root, so the hypervisor completes
 * all its instructions), and an idle worker whose wait counters cap at the bound.
 */
export function initialInterceptState(machines: { intercept: typeof interceptMachine; vmWorker: typeof vmWorkerMachine }, c: Config): InterceptState {
  const w = initialState(machines.vmWorker);
  const rootHandshakes = Array.from({ length: c.rootVps }, () => initialHandshake(machines.intercept));
  return { tables: {}, handshakes: { [ROOT]: rootHandshakes }, worker: { ...w, context: { ...w.context, waitCap: answerBound(c) } } };
}

/** `table` with `key` set to `mask` (0 removes it), keys kept sorted. */
export function setIntercept(table: InterceptTable, key: string, mask: number): InterceptTable {
  const entries = Object.entries(table).filter(([k]) => k !== key);
  if (mask !== 0) entries.push([key, mask]);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/** The initial handshake state of a VP. */
export const initialHandshake = (machine: typeof interceptMachine): MachineState<InterceptContext> => initialState(machine);
