/**
 * `policy-threw`: a user's policy returns decisions that fit the system
 * (a balancer's: each for a negotiated guest, of a whole number of pages,
 * one per guest; a scheduler's: a runnable VP or none) and never throws.
 * Checked whenever a config gives a policy, so that a throw is a violation
 * with its shrunk counterexample rather than an error that ends the run.
 */
import type { Invariant } from '../../properties/property.js';

/** The step did not observe a policy that threw. */
export const policyThrew: Invariant = {
  kind: 'always',
  name: 'policy-threw',
  description: 'A policy of the world (the balancer, the scheduler) returns decisions that fit the system, and never throws.',
  readsStep: true,
  check: (_s, last) => {
    const o = last?.outcome.observations.find((x) => x.kind === 'policyThrew');
    return o?.kind === 'policyThrew' ? o.message : null;
  },
};
