/**
 * What a path driver is: how the walker and the paths file make hvspec's
 * system take a machine's events (the drivers themselves are in
 * drivers.ts and dm-drivers.ts).
 */
import type { EventObject } from 'xstate';
import type { MachineSet, System } from '../../system/system.js';
import type { Config } from '../../system/config.js';
import type { Op } from '../../system/ops.js';
import type { MachineState } from '../../system/machine-runtime.js';
import type { Instance } from './instance.js';

/** What to do on the system for one model event. */
export type Drive = { readonly kind: 'ops'; readonly ops: readonly Op[] } | { readonly kind: 'undrivable'; readonly reason: string };

/** How to drive one machine. */
export interface Driver {
  /** The machine of the set it drives. */
  readonly machine: keyof MachineSet;
  /**
   * Which of the machine's drivers this is, when it has several (each
   * drives the part of the machine its host configuration reaches).
   */
  readonly variant?: string;
  /** The host configuration its ops are written for (the walker's, or the paths file's, when absent). */
  readonly config?: Config;
  /** The instance watched. */
  readonly at: Instance;
  /** Event variants to explore the model with (events not listed are explored without payload). */
  readonly events: readonly (EventObject & Readonly<Record<string, unknown>>)[];
  /** Ops that create the instance, from the initial system. */
  readonly setup: readonly Op[];
  /** The instance's machine state in `sys`. */
  readonly instance: (sys: System) => MachineState | undefined;
  /**
   * The ops that make the system send `event` to the instance and take
   * `branch` (the transition the specification takes, `source:EVENT:index`).
   */
  readonly drive: (sys: System, event: EventObject, branch: string) => Drive;
  /** True when the model's context and the system's agree (on what the system determines). */
  readonly sameContext: (model: unknown, sys: unknown) => boolean;
  /** What of the context `sameContext` compares, in words (the paths file tells it to harnesses). */
  readonly contextCompared?: string;
  /** Model snapshots to explore events from (all when absent): bounds a model whose context can grow without end. */
  readonly explore?: (snapshot: { readonly value: unknown; readonly context: unknown }) => boolean;
  /**
   * Whether hvspec's system can send an event of `type` to the machine in
   * `snapshot` at all (every event the machine declares, when absent): an
   * event it never sends there (a host request before negotiation, say)
   * is left out of the search, and so is the transition the
   * specification would take on it (one that no op could drive).
   */
  readonly sends?: (snapshot: { readonly value: unknown; readonly context: unknown }, type: string) => boolean;
  /**
   * What of the rest of the system decides which events the driver can
   * produce (a Dynamic Memory driver's other side, say): the search for
   * paths the system can follow visits a specification snapshot once per
   * key (once in all when absent).
   */
  readonly systemKey?: (sys: System) => string;
  /** False to walk only the shortest paths and one path per transition (a graph whose simple paths are too many to walk). */
  readonly simplePaths?: boolean;
  /**
   * `'state'` to walk one shortest path per state of the machine rather than
   * one per snapshot (a graph whose snapshots, states times context, are
   * too many to walk each; the path through every transition still runs).
   */
  readonly shortestPaths?: 'snapshot' | 'state';
  /**
   * Events the system sends the machine itself, within the op that sent the
   * event before (FinalizePartition's CleanupComplete): no op asks for one,
   * and the state between the two is one the system passes through inside
   * that op (its promise is checked on the system after the op).
   */
  readonly internal?: readonly string[];
}
