/**
 * The seed's comparison of Hyper-V with VMware ESX, measured: the same
 * workload and the same memory shortage under ballooning alone (Hyper-V)
 * and under ballooning plus hypervisor swapping (ESX).
 *
 * The host is the seed's Figure 9 host before the other guests shut
 * down (TEST5 at 4 GB with 3 GB committed, Memory Pressure 87; two
 * guests at their minimum), with 512 MiB (8 pages) left available. TEST5
 * commits 48 of its 64 pages, not Figure 9's 88: the guest's "available"
 * is its free memory (Linux si_mem_available(); the model's guest has no
 * page cache), and balloon_up gives nothing when that leaves less than the
 * floor, so an overcommitted guest could not be ballooned at all. TEST5's
 * workload keeps a working set of 16 pages that its LRU knows (picked
 * from its committed pages by the seed). Then a new static-memory VM takes
 * the last 8 pages:
 *
 * - `balloon`: the operator balloons 8 pages out of TEST5: the guest
 *   chooses, trimming its least recently used pages to its page file;
 * - `balloon+swap`: the hypervisor, short of memory, swaps 8 pages of the
 *   guest the idle memory tax picks (TEST5: the others are at their
 *   minimum) to its swap file, each chosen by a draw from the seed; it
 *   keeps 8 pages free thereafter, swapping another page out whenever a
 *   swap-in takes one.
 *
 * The workload then touches its working set for four rounds, commits 16
 * more pages (1 GiB: the guest trims 16 pages to its page file: where it trims
 * a page the hypervisor had swapped, the hypervisor reads it back first,
 * double paging) and touches its working set for two rounds more. A
 * status report after each phase gives TEST5's Memory Pressure over time.
 *
 * Each run is driven once to build its ops (the hypervisor's draws and
 * the balloon's round trips depend on the state), then checked as a
 * trace with every invariant after every step. The figures are
 * deterministic for a seed.
 */
import type { Op } from '../system/ops.js';
import { type Config, parseConfig } from '../system/config.js';
import { DEFAULT_DM_TUNING } from '../dynamic-memory/tuning.js';
import { type System, initialSystem, standardWorld } from '../system/system.js';
import type { StepOutcome } from '../system/outcome.js';
import { step } from '../system/step.js';
import { runTrace } from '../check/run.js';
import { at } from '../substrate/ids.js';
import { rangePages } from '../../models/dynamic-memory/messages.js';
import { dmWorkPending } from '../system/handlers/dynamic-memory.js';
import { swapVictim } from '../system/handlers/hypervisor-swap.js';
import type { StepObserver } from '../engine/observer.js';
import type { Invariant } from '../../properties/index.js';
import type { Scenario, ScenarioResult } from './scenario.js';
import { figure9Host } from './seed-figure-9.js';

const GUEST = 'test5';
const OTHERS = ['guest2', 'guest3'] as const;
const DM_GUESTS = [GUEST, ...OTHERS];
const NEW_VM = 'vm4';
/** Pages the shortage takes: the new VM's memory, 512 MiB. */
const SHORTAGE = 8;
/** Pages in TEST5's working set. */
const WORKING_SET = 16;

/** The seed the scenario runs with (`hvspec check --scenario esx-comparison`): the year of Waldspurger's paper. */
export const ESX_COMPARISON_SEED = 2002;

/** The reclaim mechanisms compared. */
export type Mechanism = 'balloon' | 'balloon+swap';

/** The host of one mechanism: the Figure 9 host with 8 pages more (left available), the new VM, and the mechanism. */
export function comparisonConfig(reclaim: Mechanism): Config {
  // TEST5 commits 48 of its 64 visible pages (see the module comment); the new VM comes on 8 frames more.
  const host = figure9Host(48);
  return parseConfig({
    ...host,
    frames: host.frames + SHORTAGE,
    maxIosInFlight: 0,
    maxMessagesOutstanding: 0,
    partitions: [...host.partitions, { id: NEW_VM, vps: 1, gpaPages: SHORTAGE }],
    reclaim,
    hypervisorSwap: { swapBelowFrames: SHORTAGE },
  });
}

/** A xorshift32 stream from `seed` (never 0). */
function draws(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** The working set: `WORKING_SET` distinct pages of TEST5's 48 committed pages, drawn from the seed, in the order the workload touches them. */
export function workingSet(seed: number): number[] {
  const next = draws(seed);
  const out: number[] = [];
  while (out.length < WORKING_SET) {
    const gpa = next() % 48;
    if (!out.includes(gpa)) out.push(gpa);
  }
  return out;
}

/** What one mechanism's run measured. */
export interface MechanismFigures {
  /** Machine pages TEST5 lost by the end (ballooned or swapped out). */
  readonly pagesReclaimed: number;
  /** Accesses that found their page in the guest's page file (the guest read it back). */
  readonly guestPageFaults: number;
  /** Accesses or guest writes that found their page in the hypervisor's swap file (the hypervisor read it back). */
  readonly hypervisorFaults: number;
  /** Pages the guest wrote to its page file. */
  readonly guestPageWrites: number;
  /** Pages the guest read from its page file. */
  readonly guestPageReads: number;
  /** Pages the hypervisor wrote to its swap file. */
  readonly swapOuts: number;
  /** Pages the hypervisor read back from its swap file (faults and double paging). */
  readonly swapIns: number;
  /** Swap-ins only for the guest to write the page to its own page file. */
  readonly doublePaging: number;
  /** TEST5's Memory Pressure at each point of `PRESSURE_POINTS`. */
  readonly pressure: readonly (number | null)[];
}

/** The points the pressure is read at. */
export const PRESSURE_POINTS = ['boot', 'new VM started', 'round 1', 'round 2', 'round 3', 'round 4', 'commit +16', 'round 5', 'round 6'] as const;

/** The comparison for one seed. */
export interface EsxComparison {
  readonly seed: number;
  readonly workingSet: readonly number[];
  readonly balloon: MechanismFigures;
  readonly swap: MechanismFigures;
}

/** One mechanism's run: its config, the ops it took, and the figures. */
interface Driven {
  readonly config: Config;
  readonly ops: readonly Op[];
  readonly figures: MechanismFigures;
}

/** Drives one mechanism's run from `seed`, building its ops and tallying its figures from each step's outcome. */
export function driveMechanism(reclaim: Mechanism, seed: number): Driven {
  const config = comparisonConfig(reclaim);
  let sys: System = initialSystem(standardWorld(config));
  const ops: Op[] = [];
  const hv = draws(seed ^ 0x5eed5eed);
  const t = { guestPageFaults: 0, hypervisorFaults: 0, guestPageWrites: 0, guestPageReads: 0, swapOuts: 0, swapIns: 0, doublePaging: 0 };
  const pressure: (number | null)[] = [];
  const tally = (o: StepOutcome): void => {
    for (const c of o.counts) if (c.counter === 'dmPagesPaged' && 'by' in c) t.guestPageWrites += c.by;
    for (const x of o.observations) {
      if (x.kind === 'dmTouch' && x.guestFault) (t.guestPageFaults++, t.guestPageReads++);
      if (x.kind !== 'hvSwap') continue;
      if (x.event === 'swapOut') t.swapOuts++;
      if (x.event === 'swapIn') t.swapIns++;
      if (x.event === 'swapIn' && x.cause === 'doublePaging') t.doublePaging++;
      if (x.event === 'swapIn' && x.cause !== 'doublePaging') t.hypervisorFaults++;
    }
  };
  const apply = (op: Op): void => {
    const r = step(sys, op);
    ops.push(op);
    if (r.outcome.status !== 'applied') return;
    sys = r.system;
    tally(r.outcome);
    // Under acute shortage the swapping hypervisor swaps pages out until it is over.
    for (let v = swapVictim(sys); v !== null; v = swapVictim(sys)) {
      const o: Op = { type: 'hvSwapOut', pid: v, pick: hv() };
      const s = step(sys, o);
      ops.push(o);
      if (s.outcome.status !== 'applied') return;
      sys = s.system;
      tally(s.outcome);
    }
  };
  const deliver = (pid: string, to: 'host' | 'guest'): Op => ({ type: 'dmDeliver', pid, to });
  const statusRound = (): void => {
    apply({ type: 'tick' });
    for (const pid of DM_GUESTS) apply(deliver(pid, 'host'));
    pressure.push(at(sys.dm, GUEST)?.pressure ?? null);
  };
  const hot = workingSet(seed);
  const round = (): void => {
    for (const gpa of hot) apply({ type: 'dmTouch', pid: GUEST, gpa });
    if (reclaim === 'balloon+swap') apply({ type: 'hvSample' });
    statusRound();
  };

  // Boot as in Figure 9: every guest starts and negotiates; after the status hold-back, the first reports.
  for (const pid of DM_GUESTS) apply({ type: 'dmStart', pid });
  for (const pid of DM_GUESTS) for (const to of ['host', 'guest', 'host', 'guest'] as const) apply(deliver(pid, to));
  for (let i = 0; i < DEFAULT_DM_TUNING.statusHoldbackTicks; i++) apply({ type: 'tick' });
  // The workload makes its working set the most recently used pages.
  for (const gpa of hot) apply({ type: 'dmTouch', pid: GUEST, gpa });
  statusRound();

  // The shortage: a new VM maps the last 8 pages.
  apply({ type: 'createPartition', pid: NEW_VM });
  apply({ type: 'depositMemory', pid: NEW_VM, pages: 1 });
  apply({ type: 'initializePartition', pid: NEW_VM });
  apply({ type: 'mapGpaPages', pid: NEW_VM, gpa: 0, pages: 4, access: 15 });
  apply({ type: 'mapGpaPages', pid: NEW_VM, gpa: 4, pages: 4, access: 15 });
  if (reclaim === 'balloon') {
    // Hyper-V: the operator balloons the 8 pages out of TEST5, and the guest chooses which.
    apply({ type: 'dmBalloon', pid: GUEST, pages: SHORTAGE });
    for (let i = 0; i < 64; i++) {
      const g = at(sys.dm, GUEST)!;
      if (g.toGuest.length > 0) apply(deliver(GUEST, 'guest'));
      else if (dmWorkPending(sys, GUEST)) apply({ type: 'dmGuestWork', pid: GUEST });
      else if (g.toHost.length > 0) apply(deliver(GUEST, 'host'));
      else break;
    }
  }
  statusRound();
  for (let i = 0; i < 4; i++) round();
  apply({ type: 'dmCommit', pid: GUEST, pages: 16 });
  statusRound();
  for (let i = 0; i < 2; i++) round();

  const g = at(sys.dm, GUEST)!;
  return { config, ops, figures: { ...t, pagesReclaimed: rangePages(g.reclaimed).length + (g.swap?.slots.length ?? 0), pressure } };
}

/** The comparison for `seed`, without checking the invariants (the scenario checks them). */
export function esxComparison(seed: number = ESX_COMPARISON_SEED): EsxComparison {
  return { seed, workingSet: workingSet(seed), balloon: driveMechanism('balloon', seed).figures, swap: driveMechanism('balloon+swap', seed).figures };
}

/** The side-by-side table. */
export function formatComparison(c: EsxComparison): string[] {
  const row = (label: string, a: number | string | null, b: number | string | null): string => `  ${label.padEnd(44)}${String(a ?? '-').padStart(18)}${String(b ?? '-').padStart(22)}`;
  const b = c.balloon;
  const s = c.swap;
  const reads = (f: MechanismFigures): number => f.guestPageReads + f.swapIns;
  const writes = (f: MechanismFigures): number => f.guestPageWrites + f.swapOuts;
  return [
    `  seed ${c.seed}: TEST5's working set is gpa ${c.workingSet.join(', ')}`,
    row('', 'balloon (Hyper-V)', 'balloon+swap (ESX)'),
    row('pages reclaimed from TEST5', b.pagesReclaimed, s.pagesReclaimed),
    row('guest page faults (page-file reads)', b.guestPageFaults, s.guestPageFaults),
    row('hypervisor faults (swap-ins on touch)', b.hypervisorFaults, s.hypervisorFaults),
    row('disk writes: guest paging', b.guestPageWrites, s.guestPageWrites),
    row('disk writes: hypervisor swap-out', b.swapOuts, s.swapOuts),
    row('disk reads: guest paging', b.guestPageReads, s.guestPageReads),
    row('disk reads: hypervisor swap-in', b.swapIns, s.swapIns),
    row('  of which double paging', b.doublePaging, s.doublePaging),
    row('disk I/Os in all (reads + writes)', reads(b) + writes(b), reads(s) + writes(s)),
    '  TEST5 Memory Pressure over time:',
    ...PRESSURE_POINTS.map((p, i) => row(`  ${p}`, b.pressure[i] ?? null, s.pressure[i] ?? null)),
  ];
}

/** Drives both runs, checks each as a trace with `invariants` after every step, and prints the table. */
function runComparison(invariants: readonly Invariant[], observers: readonly StepObserver<System, Op, StepOutcome>[]): ScenarioResult {
  const runs = [driveMechanism('balloon', ESX_COMPARISON_SEED), driveMechanism('balloon+swap', ESX_COMPARISON_SEED)];
  let steps = 0;
  for (const d of runs) {
    const r = runTrace(standardWorld(d.config), d.ops, invariants, [], observers);
    if (r.violation) return { kind: 'violated', scenario: ESX_COMPARISON.name, property: r.violation.property, message: `(${d.config.reclaim}) ${r.violation.message}`, step: r.violation.step };
    if (r.skippedCount > 0) {
      const i = d.ops.findIndex((_, k) => runTrace(standardWorld(d.config), d.ops.slice(0, k + 1), []).skippedCount > 0);
      return { kind: 'skipped-op', scenario: ESX_COMPARISON.name, index: i, op: d.ops[i]! };
    }
    steps += r.steps.length;
  }
  const table = formatComparison({ seed: ESX_COMPARISON_SEED, workingSet: workingSet(ESX_COMPARISON_SEED), balloon: runs[0]!.figures, swap: runs[1]!.figures });
  return { kind: 'holds', scenario: ESX_COMPARISON.name, figures: {}, steps, table };
}

let swapOps: readonly Op[] | undefined;

/** The ESX comparison scenario (its `ops`, the swapping run's, are built when first read). */
export const ESX_COMPARISON: Scenario = {
  name: 'esx-comparison',
  description: "The seed's Figure 9 host under one shortage, reclaimed by ballooning alone (Hyper-V) and by ballooning plus hypervisor swapping (VMware ESX): paging, swapping, double paging and pressure side by side.",
  config: comparisonConfig('balloon+swap'),
  get ops() {
    return (swapOps ??= driveMechanism('balloon+swap', ESX_COMPARISON_SEED).ops);
  },
  guest: GUEST,
  points: {},
  expected: {},
  run: runComparison,
};
