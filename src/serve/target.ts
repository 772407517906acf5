/**
 * What the explorer page explores: a model (the Model seam, so any model
 * works) and, for hvspec's own System, what the page draws besides the
 * ops and properties: each machine instance's state, the machine
 * transitions a step took, and the trace view of the path so far.
 */
import type { Model } from '../engine/model.js';
import type { MachineInstance } from '../report/instances.js';
import type { TraceView } from '../report/trace-view.js';

/** A machine transition a step took, as the statecharts mark it. */
export interface TakenTransition {
  readonly machine: string;
  readonly from: string;
  readonly event: string;
  readonly to: string;
  /** The transition definition (`source:event:index`), when known. */
  readonly branch?: string;
}

/** A model the page explores, with the views the page draws when the model offers them. */
export interface ServeTarget<S, A, O> {
  /** What the page's header says it explores. */
  readonly title: string;
  readonly model: Model<S, A, O>;
  /** Every machine instance of a state (absent: the page draws no statechart highlight). */
  instances?(s: S): readonly MachineInstance[];
  /** The machine transitions a step took. */
  taken?(outcome: O): readonly TakenTransition[];
  /** The trace view of a path of ops from the initial state (absent: the page shows the state as text). */
  trace?(ops: readonly A[]): TraceView;
  /** A state as text, for a model without a trace view. */
  show?(s: S): string;
}

/** Any target (the session does not need its types). */
export type AnyTarget = ServeTarget<any, any, any>;
