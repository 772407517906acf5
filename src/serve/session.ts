/**
 * One browser tab's exploration: the path taken from the model's initial
 * state (every state kept, so going back is free) and a cursor on it.
 * Taking an op at the cursor cuts the path there and extends it; going
 * back keeps the rest of the path so it can be stepped again (a loaded
 * trace or a found path is stepped this way).
 */
import type { Transition } from '../engine/model.js';
import type { AnyTarget, TakenTransition } from './target.js';
import { type PropertyStatus, propertyStatus } from './property-status.js';
import { searchFrom, type SearchResult } from './path-search.js';
import type { MachineInstance } from '../report/instances.js';
import type { TraceView } from '../report/trace-view.js';

/** One point of the path: its state and the step into it (none for the initial state). */
interface Point {
  readonly state: unknown;
  readonly transition?: Transition<unknown, unknown, unknown>;
}

/** What the page shows of a session. */
export interface SessionView {
  readonly title: string;
  /** The position on the path (0: the initial state). */
  readonly cursor: number;
  /** Each step of the path as the op reads. */
  readonly crumbs: readonly string[];
  /** The ops enabled at the cursor, in the model's order. */
  readonly ops: readonly string[];
  readonly properties: readonly PropertyStatus[];
  readonly instances?: readonly MachineInstance[];
  /** The machine transitions of the step into the cursor's state. */
  readonly taken?: readonly TakenTransition[];
  readonly trace?: TraceView;
  readonly state?: string;
  /** What the last path search found, in a sentence. */
  readonly search?: string;
}

/** A session over one target. */
export class Session {
  private path: Point[];
  private cursor = 0;
  private searchNote: string | undefined;

  constructor(
    private target: AnyTarget,
    ops: readonly unknown[] = [],
  ) {
    this.path = [{ state: target.model.initial() }];
    this.extend(ops);
  }

  /** Explores another target from its initial state along `ops` (a loaded trace), the cursor at the start. */
  reset(target: AnyTarget, ops: readonly unknown[]): void {
    this.target = target;
    this.path = [{ state: target.model.initial() }];
    this.extend(ops);
    this.cursor = 0;
    this.searchNote = undefined;
  }

  /** Applies `ops` after the cursor (an op not enabled ends it there); returns how many applied. */
  private extend(ops: readonly unknown[]): number {
    this.path.length = this.cursor + 1;
    let n = 0;
    for (const op of ops) {
      const before = this.path[this.path.length - 1]!.state;
      const r = this.target.model.next(before, op);
      if (!r) break;
      this.path.push({ state: r.state, transition: { before, op, after: r.state, outcome: r.outcome } });
      n++;
    }
    return n;
  }

  /** Takes the `index`th op enabled at the cursor; false when there is none. */
  take(index: number): boolean {
    const op = this.target.model.actions(this.path[this.cursor]!.state)[index];
    if (op === undefined || this.extend([op]) === 0) return false;
    this.cursor++;
    this.searchNote = undefined;
    return true;
  }

  /** Moves the cursor to point `k` of the path; false when there is none. */
  goto(k: number): boolean {
    if (!Number.isInteger(k) || k < 0 || k >= this.path.length) return false;
    this.cursor = k;
    return true;
  }

  /** Searches from the cursor for the shortest path to `property` (any violation or goal when absent) and puts it after the cursor. */
  search(property: string | undefined, maxStates?: number): SearchResult<unknown, unknown> {
    const r = searchFrom(this.target.model, this.path[this.cursor]!.state, property, maxStates);
    if (r.kind === 'found') {
      this.extend(r.steps.map((s) => s.op));
      this.searchNote = `${r.goal ? 'goal' : 'violation'} ${r.property} in ${r.steps.length} step${r.steps.length === 1 ? '' : 's'} (${r.states} states searched): ${r.message}`;
    } else this.searchNote = r.kind === 'none' ? `no path: none of the ${r.states} states reachable from here reaches it` : `none within ${r.states} states (the bound)`;
    return r;
  }

  /** What the page shows. */
  view(): SessionView {
    const { model } = this.target;
    const here = this.path.slice(0, this.cursor + 1);
    const cur = here[here.length - 1]!;
    const ops = this.path.slice(1).map((p) => p.transition!.op);
    return {
      title: this.target.title,
      cursor: this.cursor,
      crumbs: ops.map((op) => model.describe(op)),
      ops: model.actions(cur.state).map((op) => model.describe(op)),
      properties: propertyStatus(model, here),
      ...(this.target.instances ? { instances: this.target.instances(cur.state) } : {}),
      ...(this.target.taken ? { taken: cur.transition ? this.target.taken(cur.transition.outcome) : [] } : {}),
      ...(this.target.trace ? { trace: this.target.trace(ops) } : {}),
      ...(this.target.show ? { state: this.target.show(cur.state) } : {}),
      ...(this.searchNote ? { search: this.searchNote } : {}),
    };
  }
}
