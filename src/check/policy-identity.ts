/**
 * The identity of a balancer or scheduler policy: what a saved failure records of the
 * policy in force, so that it is replayed only where the same policy runs.
 * A policy is a plain function; its identity is a hash of its source text,
 * so the same policy has the same identity in every process, and an edited
 * one has another.
 */
import type { BalancerPolicy } from '../dynamic-memory/balancer.js';
import type { SchedulerPolicy } from '../scheduler/policy.js';
import { fnv64 } from './fnv64.js';

/** The identity of `policy` (16 hex digits), or undefined when no policy was set (the default balancer, or every scheduling choice). */
export const policyIdentity = (policy: BalancerPolicy | SchedulerPolicy | undefined): string | undefined => (policy === undefined ? undefined : fnv64(Function.prototype.toString.call(policy)));
