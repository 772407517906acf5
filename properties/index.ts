/**
 * Every property hvspec checks, in report order.
 */
import type { Invariant, Goal, Liveness, Property } from './property.js';
import { memoryInvariants } from './memory.js';
import { tlbInvariants } from './tlb.js';
import { spineGoals } from './goals.js';
import { spineLiveness } from './liveness.js';
import { lifecycleInvariants } from './lifecycle.js';
import { interruptInvariants, interruptGoals } from './interrupt.js';
import { interceptInvariants, interceptGoals } from './intercept.js';
import { dmInvariants, dmGoals } from './dynamic-memory.js';

export type { Invariant, Goal, Liveness, Property, Violation, LastStep } from './property.js';
export { violations, applicableGoals, splitInvariant } from './property.js';
export type { InvariantParts } from './property.js';

/** All invariants. */
export const INVARIANTS: readonly Invariant[] = [...memoryInvariants, ...tlbInvariants, ...interceptInvariants, ...dmInvariants, ...interruptInvariants, ...lifecycleInvariants];

/** All reachability goals. */
export const GOALS: readonly Goal[] = [...spineGoals, ...interceptGoals, ...dmGoals, ...interruptGoals];

/** All bounded-liveness properties (checked by the explorer). */
export const LIVENESS: readonly Liveness[] = [...spineLiveness];

/** All properties, invariants first. */
export const PROPERTIES: readonly Property[] = [...INVARIANTS, ...GOALS, ...LIVENESS];

/** The property called `name`, if any. */
export const propertyByName = (name: string): Property | undefined => PROPERTIES.find((p) => p.name === name);
