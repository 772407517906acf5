/** Rebuilding a search's path (op indices from the initial state) into the ops and outcomes it took. */
import type { Model, StateCodec } from '../engine/model.js';
import { ByteWriter } from '../engine/bytes.js';
import type { ModelTraceStep } from './run.js';

/**
 * Rebuilds the ops and outcomes of a path of op indices by replaying it.
 * With the search's codec the indices are into the ops of each state's
 * decoded form (what the search expanded); the ops are taken on the
 * states themselves, which behave alike, so the steps keep every note.
 */
export function replayPath<S, A, O>(model: Model<S, A, O>, path: readonly number[], codec?: StateCodec<S>): ModelTraceStep<A, O>[] {
  let s = model.initial();
  const steps: ModelTraceStep<A, O>[] = [];
  const w = new ByteWriter();
  const view = (x: S): S => {
    if (!codec) return x;
    w.reset();
    codec.write(w, x);
    return codec.read(w.copy());
  };
  for (const idx of path) {
    const op = model.actions(view(s))[idx];
    const r = op === undefined ? undefined : model.next(s, op);
    if (op === undefined || r === undefined) throw new Error('explorer path does not replay: the model is not deterministic');
    steps.push({ op, outcome: r.outcome });
    s = r.state;
  }
  return steps;
}

