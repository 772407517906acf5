/**
 * A fault: a named, documented defect that can be switched on, to prove
 * that the properties and engines catch what they claim to catch.
 *
 * A fault is defined once, with `defineFault`, in the `faults.ts` of the
 * mechanism it breaks, as one or more of: machine variants made with
 * XState's `machine.provide({ actions, guards })`; replacements of
 * substrate functions (entries of `SubstrateFns`, wrapping or
 * reimplementing the one in force); replacements of op kinds' applies; a
 * balancer policy. The correct machines, substrate and system carry no
 * trace of it. Users define their own the same way and pass them to
 * `buildWorld` in its catalogue argument.
 */
import { type AnyStateMachine, type EventObject, type MachineContext, type ParameterizedObject, type ProvidedActor, enqueueActions } from 'xstate';
import type { MachineSet } from '../system/system.js';
import type { OpOverrides } from '../system/step.js';
import type { SubstrateFns } from '../substrate/fns.js';
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
  /** Substrate functions: given the ones in force, the ones to replace. */
  readonly substrate?: (fns: SubstrateFns) => Partial<SubstrateFns>;
  /** Op kinds whose apply it replaces (each gets the apply in force as `next`). */
  readonly ops?: OpOverrides;
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

/** A fault definition that is not one (a programming error in a catalogue). */
export class FaultDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultDefinitionError';
  }
}

/**
 * Defines a fault: checks that it is named in kebab case, described, breaks
 * at least one property and changes something (machines, substrate, ops or
 * balancer), and returns it. Throws FaultDefinitionError otherwise.
 */
export function defineFault<F extends Fault>(fault: F): F {
  const what = `fault ${JSON.stringify(fault.name)}`;
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(fault.name)) throw new FaultDefinitionError(`${what}: the name must be kebab-case`);
  if (fault.description.trim() === '') throw new FaultDefinitionError(`${what}: the description is empty`);
  if (fault.breaks.length === 0) throw new FaultDefinitionError(`${what}: it must name at least one property it breaks`);
  if (!fault.machines && !fault.substrate && !fault.ops && !fault.balancer) throw new FaultDefinitionError(`${what}: it changes nothing (no machines, substrate, ops or balancer)`);
  if (fault.weights && !fault.config) throw new FaultDefinitionError(`${what}: weights are used only with the fault's own config`);
  return fault;
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
