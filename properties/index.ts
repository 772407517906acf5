/**
 * Every property hvspec checks, in report order.
 */
import type { Invariant, Goal, Liveness, Property } from './property.js';
import { memoryInvariants } from './memory.js';
import { tlbInvariants } from './tlb.js';
import { spineGoals } from './goals.js';
import { spineLiveness } from './liveness.js';
import { lifecycleInvariants } from './lifecycle.js';
import { interceptInvariants, interceptGoals } from './intercept.js';

export type { Invariant, Goal, Liveness, Property, Violation, LastStep } from './property.js';
export { violations } from './property.js';

/** All invariants. */
export const INVARIANTS: readonly Invariant[] = [...memoryInvariants, ...tlbInvariants, ...interceptInvariants, ...lifecycleInvariants];

/** All reachability goals. */
export const GOALS: readonly Goal[] = [...spineGoals, ...interceptGoals];

/** All bounded-liveness properties (checked by the explorer). */
export const LIVENESS: readonly Liveness[] = [...spineLiveness];

/** All properties, invariants first. */
export const PROPERTIES: readonly Property[] = [...INVARIANTS, ...GOALS, ...LIVENESS];

/** The property called `name`, if any. */
export const propertyByName = (name: string): Property | undefined => PROPERTIES.find((p) => p.name === name);
