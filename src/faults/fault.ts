/**
 * A fault: a named, documented defect that can be switched on, to prove
 * that the properties and engines catch what they claim to catch.
 *
 * A fault is either a machine variant, made with XState's
 * `machine.provide({ actions, guards })`, or a substrate quirk set in the
 * World. Users add their own the same way and pass them to the engines.
 */
import { type AnyStateMachine, type EventObject, type MachineContext, type ParameterizedObject, type ProvidedActor, enqueueActions } from 'xstate';
import type { MachineSet, Quirks } from '../system/system.js';
import type { BalancerPolicy } from '../dynamic-memory/balancer.js';
import type { Config } from '../system/config.js';
import type { OpType } from '../system/ops.js';

/** A named, switchable defect. */
export interface Fault {
  /** Kebab-case name, e.g. `skip-tlb-purge-on-vm-switch`. */
  readonly name: string;
  /** What the defect does, in one sentence. */
  readonly description: string;
  /** The properties it violates (at least one; tests prove each is caught). */
  readonly breaks: readonly string[];
  /** Machine variants: given the machines in force, the ones to replace. */
  readonly machines?: (m: MachineSet) => Partial<MachineSet>;
  /** Substrate quirks it switches on. */
  readonly quirks?: Quirks;
  /** A balancer policy it puts in place of the one in force. */
  readonly balancer?: BalancerPolicy;
  /**
   * A small configuration in which the fault shows within a default run
   * (`hvspec check --fault NAME --config` with it); absent: the default
   * configuration shows it.
   */
  readonly config?: Config;
  /**
   * Op weights (over the defaults) the fault's own host is checked with, when
   * the interleaving that shows it is rare under the default weights; used
   * only together with `config`.
   */
  readonly weights?: Partial<Record<OpType, number>>;
}

/**
 * An action implementation that emits nothing: the defect "forgets" a step.
 * Generic so that it takes the type of the action it replaces.
 */
export const forget = <
  TContext extends MachineContext,
  TExpressionEvent extends EventObject,
  TParams extends ParameterizedObject['params'] | undefined,
  TEvent extends EventObject,
  TActor extends ProvidedActor,
  TAction extends ParameterizedObject,
  TGuard extends ParameterizedObject,
  TDelay extends string,
  TEmitted extends EventObject,
>() => enqueueActions<TContext, TExpressionEvent, TParams, TEvent, TActor, TAction, TGuard, TDelay, TEmitted>(() => {});

/** The implementations `machine.provide` takes for machine `M`. */
type Implementations<M extends AnyStateMachine> = Parameters<M['provide']>[0];

/**
 * The type of an implementation of action `K` of machine `M`, for a fault
 * that defines one apart from its `provide` call (checked against the
 * action's name, context, events and parameters as `provide` checks it).
 */
export type ActionImplementation<M extends AnyStateMachine, K extends keyof NonNullable<Implementations<M>['actions']>> = NonNullable<NonNullable<Implementations<M>['actions']>[K]>;
