/**
 * hvspec's public API (`import … from 'hvspec'`): configure a host, switch
 * faults on, run an engine on hvspec's System or on a Model of your own,
 * and read results as data. Forty-three names, nothing else; the System's
 * internals (ops, `step`, the substrate, the property catalogue, the
 * scenarios) are at `hvspec/system`, the coverage and report renderers at
 * `hvspec/report`, and the engines' lower-level types at `hvspec/engine`.
 */

// The host to check.
export { type Config, DEFAULT_CONFIG, parseConfig, ConfigError } from './system/config.js';
export { DM_DEMO_CONFIG } from './system/dm-demo-config.js';
export type { World } from './system/system.js';
export { buildWorld } from './faults/build-world.js';
export type { BalancerPolicy } from './dynamic-memory/balancer.js';
export type { SchedulerPolicy } from './scheduler/policy.js';

// Your own config (`hvspec.config.ts`): host, scopes, properties, faults, policies, weights.
export { defineConfig, type UserConfig } from './config/define-config.js';

// Faults: named defects switched on by name.
export { type Fault, defineFault } from './faults/fault.js';
export { FAULTS } from './faults/catalogue.js';

// The engines on hvspec's System, and their results.
export { checkRandom, type RandomOptions } from './check/random.js';
export { explore, type ExploreOptions, type ExploreResult } from './check/explore.js';
export type { CheckResult, Counterexample } from './check/result.js';

// The Model seam: any state machine, checked by the same engines.
export type { Model, ModelProperty, AlwaysProperty, TransitionProperty, SometimesProperty, EventuallyProperty, Transition, Verdict } from './engine/model.js';
export { keyIdentity } from './engine/key-identity.js';
export { checkModel, type ModelRandomOptions, type ModelRandomResult } from './check/random.js';
export { exploreModel, type ModelExploreOptions, type ModelExploreResult } from './check/explore.js';
export { runModel } from './check/run.js';
export { systemModel } from './check/system-model.js';

// Traces and counterexamples.
export { encodeTrace, decodeTrace, TraceError, type TraceFile } from './check/trace-file.js';
export { formatCounterexample } from './report/counterexample.js';
