/**
 * A counterexample as the HTML viewer shows it: the trace replayed step by
 * step from the initial system, with the frame ownership map, every
 * partition's SLAT and every logical processor's TLB after each step.
 */
import type { World } from '../system/system.js';
import { initialSystem, type System } from '../system/system.js';
import type { Op } from '../system/ops.js';
import { step } from '../system/step.js';
import { describeOp } from '../system/describe.js';
import { violations, type Invariant } from '../../properties/index.js';
import { type MachineInstance, machineInstances } from './instances.js';
import { type StepLanes, stepLanes } from './step-lanes.js';

/** Columns of one's own in the trace view: a name and what to show for a state (`traceColumns` of a config module). */
export type TraceColumns = Readonly<Record<string, (state: System) => unknown>>;

/** The substrate at one point of the trace, as the viewer draws it. */
export interface SubstrateView {
  /** Holder of each frame (`root`, `free`, `partition:p1`, `pool:p1`, ...). */
  readonly frames: readonly string[];
  /** What each frame holds (`zero`, `hypervisor`, a partition id). */
  readonly contents: readonly string[];
  /** Per partition: [gpa page, frame, access bits], by gpa. */
  readonly slat: Readonly<Record<string, readonly (readonly [number, number, number])[]>>;
  /** Per logical processor: what runs there and its TLB entries. */
  readonly tlb: readonly { readonly lp: number; readonly running: string | null; readonly entries: readonly { tag: string; gva: number; gpa: number; frame: number }[] }[];
  /** Each partition's lifecycle state and its VPs' states. */
  readonly machines: Readonly<Record<string, string>>;
  /** Every machine instance with its lane and state (the swimlanes). */
  readonly instances: readonly MachineInstance[];
  /** The values of the trace columns of one's own, by name (none without them). */
  readonly columns: Readonly<Record<string, string>>;
}

/** One step of the trace. */
export interface TraceStepView {
  readonly index: number;
  readonly op: string;
  readonly status: 'applied' | 'skipped';
  readonly notes: readonly string[];
  /** The invariant violations after this step (the last step holds the counterexample's). */
  readonly violations: readonly { readonly property: string; readonly message: string }[];
  readonly after: SubstrateView;
  /** The step on the swimlanes: the op's lane and the messages to the lanes it moved. */
  readonly lanes: StepLanes;
}

/** A whole trace for the viewer. */
export interface TraceView {
  readonly title: string;
  readonly property?: string;
  readonly faults: readonly string[];
  readonly initial: SubstrateView;
  readonly steps: readonly TraceStepView[];
}

/** A column's value as text (a thrown error reads as one). */
function columnText(f: (state: System) => unknown, sys: System): string {
  try {
    const v = f(sys);
    return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  } catch (e) {
    return `(threw: ${e instanceof Error ? e.message : String(e)})`;
  }
}

/** What the viewer shows of one system, with the values of `columns`. */
export function substrateView(sys: System, columns: TraceColumns = {}): SubstrateView {
  const s = sys.substrate;
  const slat: Record<string, [number, number, number][]> = {};
  for (const [pid, table] of Object.entries(s.slat))
    slat[pid] = Object.entries(table)
      .map(([g, e]) => [Number(g), e.frame, e.access] as [number, number, number])
      .sort((a, b) => a[0] - b[0]);
  const machines: Record<string, string> = {};
  for (const [pid, rec] of Object.entries(sys.partitions)) {
    machines[pid] = String(rec.machine.value);
    rec.vps.forEach((vp, i) => (machines[`${pid} vp${i}`] = JSON.stringify(vp.value).replace(/"/g, '')));
  }
  sys.lps.forEach((lp, i) => (machines[`lp${i}`] = JSON.stringify(lp.value).replace(/"/g, '')));
  return {
    frames: s.memory.holder.slice(),
    contents: s.memory.content.slice(),
    slat,
    tlb: s.lps.map((lp, i) => ({ lp: i, running: lp.running ? `${lp.running.pid} vp${lp.running.vp}` : null, entries: lp.tlb.map((e) => ({ ...e })) })),
    machines,
    instances: machineInstances(sys),
    columns: Object.fromEntries(Object.entries(columns).map(([name, f]) => [name, columnText(f, sys)])),
  };
}

/** Replays `ops` on `world` and records what the viewer shows after each step (with the trace columns `columns`). */
export function traceView(world: World, ops: readonly Op[], invariants: readonly Invariant[], title: string, property?: string, columns: TraceColumns = {}): TraceView {
  let sys = initialSystem(world);
  const initial = substrateView(sys, columns);
  let last = initial;
  const steps: TraceStepView[] = ops.map((op, index) => {
    const before = sys;
    const r = step(sys, op);
    sys = r.system;
    const after = substrateView(sys, columns);
    const lanes = stepLanes(op, r.outcome, last.instances, after.instances);
    last = after;
    return {
      index,
      op: describeOp(op, world.config),
      status: r.outcome.status,
      notes:
        r.outcome.status === 'skipped'
          ? [`skipped: ${r.outcome.reason ?? 'not enabled'}`]
          : [...(r.outcome.hypercall ? [`${r.outcome.hypercall.name} -> HV_STATUS_${r.outcome.hypercall.status}`] : []), ...r.outcome.notes],
      violations: violations(invariants, sys, { before, op, outcome: r.outcome }),
      after,
      lanes,
    };
  });
  return { title, ...(property ? { property } : {}), faults: world.faults, initial, steps };
}
