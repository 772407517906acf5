/**
 * One worker of a search over threads: it holds a share of the current
 * breadth-first level (encoded with its own codec) and expands it exactly
 * as the single-threaded explorer (`explore.ts`) expands a state, with
 * the visited set shared by every worker (`shared-visited.ts`).
 *
 * A new state is kept by the least worker that reached it in the level:
 * shares are runs of consecutive state numbers, the lesser worker's first,
 * and each expands its share in order, so that worker's first transition
 * to it is the one the single-threaded search takes first (its parent
 * link). The claims a state's first transition judges (every `always`
 * claim whose reads it changed, and the `transition` claims) differ from
 * those a later one judges (only the `transition` claims): a worker that
 * may be first judges both and keeps the right one once the level is
 * settled. It answers each request of protocol.ts with one reply.
 */
import type { Model, StateCodec, Transition } from '../../engine/model.js';
import type { StepObserver } from '../../engine/observer.js';
import type { Fingerprint } from '../../engine/hash-mix.js';
import { type ModelViolation, type PropertySets, propertySets, violationsOf, violationsAfter, advanceCountdowns, eventuallyViolation } from '../../engine/judge.js';
import { CodecKeys } from '../codec-key.js';
import { LevelList } from './level-list.js';
import { SharedVisited, NEW, LOWERED } from './shared-visited.js';
import { loadThreadModel, type ThreadModel } from './model-source.js';
import { getHeapStatistics } from 'node:v8';
import { CONTROL_HEAP, CONTROL_STOP, type ExpandStatus, type LevelEvent, type MovedState, type Reply, type Request } from './protocol.js';

/** Expanded states between two looks at the caller's event loop, for a worker in the caller's thread. */
const SLICE = 256;

/** A violation found by a transition that may be its target's first (settled later), with what it judges otherwise. */
interface Pending {
  readonly event: LevelEvent;
  /** Index of the candidate state among the level's new ones. */
  readonly candidate: number;
  /** What the transition judges when it is not the first: the `transition` claims alone. */
  readonly later: readonly ModelViolation[];
}

/** A worker's state between requests. */
export class LevelWorker<S, A, O> {
  private tm!: ThreadModel<S, A, O>;
  private model!: Model<S, A, O>;
  private codec!: StateCodec<S>;
  private keys!: CodecKeys<S>;
  private sets!: PropertySets<S, A, O>;
  private changes: Model<S, A, O>['changes'];
  private observers: readonly StepObserver<S, A, O>[] = [];
  private same: (a: S, b: S) => boolean = () => false;
  private isFinal: (s: S) => boolean = () => false;
  private isQuiescent: (s: S) => boolean = () => false;
  private visited!: SharedVisited;
  private control!: Int32Array;
  private thread = 0;
  private keepDeadlocks = 5;
  /** The share being expanded, and the new states reached first (perhaps) by this worker. */
  private cur!: LevelList;
  private next!: LevelList;
  private nextParent: number[] = [];
  private nextVia: number[] = [];
  private level = 0;
  private base = 0;
  private pos = 0;
  private events: LevelEvent[] = [];
  private pending: Pending[] = [];
  private transitions = 0;
  private goalHits: number[] = [];
  private deadlocks: number[] = [];
  private deadlockCount = 0;
  private stuck: number[] = [];
  private stuckCount = 0;
  /** Where a parent paused halfway goes on: its next op, and what its ops before it did. */
  private opAt = 0;
  private partApplied = 0;
  private partSelfOnly = true;
  /** An exact search's stop: the properties found, how many more to find, and the state limit. */
  private exact: { maxStates: number; found: Set<string>; left: number } | undefined;

  constructor(private readonly inCallerThread: boolean) {}

  /** Answers one request. */
  async handle(req: Request): Promise<Reply> {
    try {
      switch (req.t) {
        case 'init':
          await this.init(req);
          return { t: 'ready' };
        case 'seed': {
          const s = this.model.initial();
          this.keys.key(s, req.countdowns);
          const f = this.keys.frontierBytes(s);
          this.cur.push(f.buf, f.length, req.countdowns, req.hi, req.lo);
          return { t: 'ready' };
        }
        case 'expand':
          this.level = req.level;
          this.base = req.base;
          this.pos = 0;
          this.opAt = 0;
          this.exact = req.exact && { maxStates: req.exact.maxStates, found: new Set(req.exact.found), left: req.exact.left };
          this.startLevel();
          return { t: 'expanded', status: this.expand() };
        case 'continue':
          return { t: 'expanded', status: this.expand() };
        case 'table':
          this.visited = new SharedVisited(req.table);
          return { t: 'ready' };
        case 'resume':
          this.visited = new SharedVisited(req.table);
          return { t: 'expanded', status: this.expand() };
        case 'settle':
          return this.settle();
        case 'give':
          return { t: 'gave', runs: req.runs.map(([from, to]) => this.give(from, to)) };
        case 'take':
          this.take(req.front, req.keep, req.back);
          return { t: 'took' };
        case 'finish':
          return { t: 'finished', collected: this.tm.collect?.() };
      }
    } catch (e) {
      return { t: 'failed', message: (e as Error).message };
    }
  }

  private async init(req: Extract<Request, { t: 'init' }>): Promise<void> {
    this.tm = await loadThreadModel<S, A, O>(req.source);
    this.model = this.tm.model;
    this.codec = this.model.codec!(req.symmetry, true);
    this.keys = new CodecKeys(this.codec);
    this.sets = propertySets(this.model.properties, req.incremental ? this.model.changes : undefined);
    this.changes = this.sets.safetyReads ? this.model.changes : undefined;
    this.observers = this.tm.observers ?? [];
    const ident = this.model.identity.fingerprinter(req.symmetry);
    if (ident.same) this.same = (a, b) => ident.same!(a, b);
    if (this.model.isFinal) this.isFinal = (s) => this.model.isFinal!(s);
    if (this.model.isQuiescent) this.isQuiescent = (s) => this.model.isQuiescent!(s);
    this.visited = new SharedVisited(req.table);
    this.control = new Int32Array(req.control);
    this.thread = req.thread;
    this.keepDeadlocks = req.keepDeadlocks;
    this.goalHits = new Array<number>(this.sets.goals.length).fill(0);
    this.cur = new LevelList(this.sets.eventually.length);
    this.next = new LevelList(this.sets.eventually.length);
  }

  private startLevel(): void {
    this.next = new LevelList(this.sets.eventually.length);
    this.nextParent = [];
    this.nextVia = [];
    this.events = [];
    this.pending = [];
    this.transitions = 0;
    this.goalHits.fill(0);
    this.deadlocks = [];
    this.deadlockCount = 0;
    this.stuck = [];
    this.stuckCount = 0;
  }

  /** Expands the share from `pos` until it ends, the table fills, a stop is raised, or (in the caller's thread) a slice is done. */
  private expand(): ExpandStatus {
    const { safety, transitions: stepParts, goals, eventually: liveness } = this.sets;
    const safetyReads = this.sets.safetyReads;
    const changes = this.changes;
    const cur = this.cur;
    const target = this.level + 1;
    let slice = 0;
    while (this.pos < cur.size) {
      if (Atomics.load(this.control, CONTROL_STOP) !== 0) return 'stopped';
      if ((this.pos & 255) === 0) this.tellHeap();
      // A parent paused halfway (the table was nearly full) goes on from its next op.
      if (this.opAt === 0 && this.visited.full) return 'paused';
      if (this.inCallerThread && ++slice > SLICE) return 'yield';
      cur.read(this.pos);
      const s = this.codec.read(cur.state);
      const cd = cur.countdowns.slice();
      const hiNow = cur.hi;
      const loNow = cur.lo;
      const parent = this.base + this.pos;
      const ops = this.model.actions(s);
      const from = this.opAt;
      let applied = from > 0 ? this.partApplied : 0;
      let selfOnly = from > 0 ? this.partSelfOnly : true;
      this.opAt = 0;
      for (let i = from; i < ops.length; i++) {
        // Room for one more state per worker is left in the table at every op: a state with many ops pauses halfway.
        if (this.visited.nearlyFull) {
          this.opAt = i;
          this.partApplied = applied;
          this.partSelfOnly = selfOnly;
          return 'paused';
        }
        const op = ops[i]!;
        const r = this.model.next(s, op);
        if (r === undefined) {
          for (const o of this.observers) o.skipped?.(s, op);
          continue;
        }
        applied++;
        this.transitions++;
        const nx = r.state;
        const last: Transition<S, A, O> = { before: s, op, after: nx, outcome: r.outcome };
        for (const o of this.observers) o.applied(last);
        const nc = advanceCountdowns(liveness, cd, nx, last);
        let candidate = false;
        let fp: Fingerprint | undefined;
        if (typeof nc === 'number') selfOnly = false;
        else if (!(nc === cd && this.same(nx, s))) {
          fp = this.keys.key(nx, nc);
          if (fp.hi !== hiNow || fp.lo !== loNow) selfOnly = false;
          const found = this.visited.insert(fp.hi, fp.lo, target, this.thread);
          candidate = found === NEW || found === LOWERED;
        }
        const first = candidate || typeof nc === 'number' ? violationsAfter(safety, safetyReads, changes ? changes.changed(s, nx) : 0, nx, last) : violationsOf(stepParts, nx, last);
        if (first.length > 0) {
          const event = { parent, op: i, vs: first };
          // Alone (exact), a new state's first transition is known at once.
          if (candidate && !this.exact) this.pending.push({ event, candidate: this.next.size, later: violationsOf(stepParts, nx, last) });
          else if (this.happened(event)) return this.cut();
        }
        if (typeof nc === 'number') {
          if (this.happened({ parent, op: i, vs: [eventuallyViolation(liveness[nc]!, nx)] })) return this.cut();
          continue;
        }
        for (let g = 0; g < goals.length; g++) if (goals[g]!.reached(nx, last)) this.goalHits[g]!++;
        if (candidate) {
          const b = this.keys.frontierBytes(nx);
          this.next.push(b.buf, b.length, nc, fp!.hi, fp!.lo);
          this.nextParent.push(parent);
          this.nextVia.push(i);
          if (this.exact && this.visited.size >= this.exact.maxStates) return this.cut();
        }
      }
      if (applied === 0 && !this.isFinal(s)) {
        this.deadlockCount++;
        if (this.deadlocks.length < this.keepDeadlocks) this.deadlocks.push(parent);
      } else if (applied > 0 && selfOnly && !this.isFinal(s) && !this.isQuiescent(s)) {
        this.stuckCount++;
        if (this.stuck.length < this.keepDeadlocks) this.stuck.push(parent);
      }
      this.pos++;
    }
    return 'done';
  }

  /** Tells the leader how full this thread's heap is (it stops the search before a thread runs out of memory). */
  private tellHeap(): void {
    const h = getHeapStatistics();
    Atomics.store(this.control, CONTROL_HEAP + this.thread, Math.round((1000 * h.total_heap_size) / h.heap_size_limit));
  }

  /** Records a violation found; true when an exact search stops at it (it finds the last property it looks for). */
  private happened(e: LevelEvent): boolean {
    this.events.push(e);
    const x = this.exact;
    if (!x) return false;
    for (const v of e.vs) {
      if (x.left === 0 || x.found.has(v.property)) continue;
      x.found.add(v.property);
      x.left--;
    }
    return x.left === 0;
  }

  private cut(): ExpandStatus {
    this.pos = this.cur.size;
    return 'cut';
  }

  /** Keeps the new states this worker reached first, and the violations as their transitions judge them. */
  private settle(): Reply {
    const n = this.next.size;
    const kept = new Uint8Array(n);
    const keptList = new LevelList(this.sets.eventually.length);
    const parents: number[] = [];
    const vias: number[] = [];
    for (let i = 0; i < n; i++) {
      this.next.read(i);
      if (this.visited.owner(this.next.hi, this.next.lo) !== this.thread) continue;
      kept[i] = 1;
      keptList.push(this.next.state, this.next.state.length, this.next.countdowns, this.next.hi, this.next.lo);
      parents.push(this.nextParent[i]!);
      vias.push(this.nextVia[i]!);
    }
    const events = [...this.events];
    for (const p of this.pending) {
      if (kept[p.candidate] === 1) events.push(p.event);
      else if (p.later.length > 0) events.push({ ...p.event, vs: p.later });
    }
    // One transition's events stay in the order found (its claims, then its countdown's).
    events.sort((a, b) => a.parent - b.parent || a.op - b.op);
    this.next = keptList;
    return {
      t: 'settled',
      parents: Int32Array.from(parents),
      vias: Int32Array.from(vias),
      events,
      transitions: this.transitions,
      goals: [...this.goalHits],
      deadlocks: this.deadlocks,
      deadlockCount: this.deadlockCount,
      stuck: this.stuck,
      stuckCount: this.stuckCount,
      bytes: this.cur.bytes + keptList.bytes,
    };
  }

  /** The kept states `from..to` as plain data. */
  private give(from: number, to: number): MovedState[] {
    const out: MovedState[] = [];
    for (let i = from; i < to; i++) {
      this.next.read(i);
      const s = this.codec.read(this.next.state);
      out.push({ hi: this.next.hi, lo: this.next.lo, countdowns: [...this.next.countdowns], state: this.tm.toThread ? this.tm.toThread(s) : s });
    }
    return out;
  }

  /** Makes the next share: `front`, the kept states `keep[0]..keep[1]`, then `back`. */
  private take(front: readonly MovedState[], keep: readonly [number, number], back: readonly MovedState[]): void {
    const list = new LevelList(this.sets.eventually.length);
    const add = (m: MovedState): void => {
      const s = this.tm.fromThread ? this.tm.fromThread(m.state) : (m.state as S);
      this.keys.key(s, m.countdowns);
      const b = this.keys.frontierBytes(s);
      list.push(b.buf, b.length, m.countdowns, m.hi, m.lo);
    };
    for (const m of front) add(m);
    list.append(this.next, keep[0], keep[1]);
    for (const m of back) add(m);
    this.cur = list;
    this.next = new LevelList(this.sets.eventually.length);
  }
}
