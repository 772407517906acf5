/**
 * Where a step happens on the swimlanes: the lane of the op (from its
 * arguments: a logical processor, a VP, the VM worker, a VSP, else its
 * partition) and a message to every other lane whose machines the step
 * moved, labelled with the events those machines took.
 */
import type { Op } from '../system/ops.js';
import type { StepOutcome } from '../system/outcome.js';
import { type MachineInstance, WORKER_LANE, lpLane, vpLane, vspLane } from './instances.js';

/** A message drawn from one lane to another. */
export interface LaneMessage {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** One step on the swimlanes. */
export interface StepLanes {
  /** The lane the op is drawn on. */
  readonly lane: string;
  /** Lanes whose instances changed state. */
  readonly changed: readonly string[];
  readonly messages: readonly LaneMessage[];
}

/** The lane an op is taken on. */
export function opLane(op: Op): string {
  const o = op as { readonly type: string; readonly lp?: number; readonly pid?: string; readonly vp?: number };
  if (o.type === 'workerTake' || o.type === 'workerReply') return WORKER_LANE;
  if (o.pid !== undefined && (o.type.startsWith('vsp') || o.type === 'dmDeliver' || o.type === 'deviceComplete')) return vspLane(o.pid);
  if (o.lp !== undefined) return lpLane(o.lp);
  if (o.pid !== undefined && o.vp !== undefined) return vpLane(o.pid, o.vp);
  return o.pid ?? 'root';
}

/** The lanes of a step from the instances before and after it. */
export function stepLanes(op: Op, outcome: StepOutcome, before: readonly MachineInstance[], after: readonly MachineInstance[]): StepLanes {
  const lane = opLane(op);
  const was = new Map(before.map((i) => [i.instance, i.state]));
  const moved = after.filter((i) => was.get(i.instance) !== i.state);
  const changed = [...new Set(moved.map((i) => i.lane))];
  const messages = changed
    .filter((l) => l !== lane)
    .map((to) => {
      const machines = new Set(moved.filter((i) => i.lane === to).map((i) => i.machine));
      const events = [...new Set(outcome.transitions.filter((t) => machines.has(t.machine)).map((t) => t.event))];
      const created = moved.every((i) => i.lane !== to || !was.has(i.instance));
      return { from: lane, to, label: events.join(', ') || (created ? 'created' : 'state change') };
    });
  return { lane, changed, messages };
}
