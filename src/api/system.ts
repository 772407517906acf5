/**
 * `hvspec/system`: hvspec's System itself, for driving it by hand or
 * building on it: the configuration's parts, the System value and its
 * World, the ops, `step`, the substrate functions, the property catalogue,
 * the Dynamic Memory balancer, the scheduler policy's input, the named scenarios and the model-based
 * paths of every machine.
 */
export { type ChildConfig, type DynamicMemoryConfig, validateConfig } from '../system/config.js';
export { type System, type MachineSet, type Applied, initialSystem, standardWorld, STANDARD_MACHINES } from '../system/system.js';
export { type SubstrateFns, type GrantFn, type ReleaseFn, STANDARD_SUBSTRATE } from '../substrate/fns.js';
export { type Op, type OpType, OP_TYPES } from '../system/ops.js';
export { step, applyOp, type StepResult, type OpApply, type OpOverride, type OpOverrides } from '../system/step.js';
export { type StepOutcome, type Observation } from '../system/outcome.js';
export { enabledOps, OP_WEIGHTS } from '../system/enabled.js';
export { describeOp } from '../system/describe.js';
export { OpError, validateOp } from '../system/validate-op.js';
export { forget, FaultDefinitionError } from '../faults/fault.js';
export { faultByName, UnknownFaultError } from '../faults/build-world.js';
export { assertRandom, RANDOM_DEFAULTS } from '../check/random.js';
export { runTrace, type TraceRun, type TraceStep } from '../check/run.js';
export { countersObserver, type CountersObserver } from '../check/counters-observer.js';
export { type Counters } from '../system/counters.js';
export { type SystemModel, type SystemModelOptions } from '../check/system-model.js';
export { systemSource, systemThreadModel, type SystemThreadArg } from '../check/parallel/system-thread-model.js';
export { INVARIANTS, GOALS, PROPERTIES, splitInvariant, type Invariant, type Goal, type Property } from '../../properties/index.js';
export { STATE_PARTS, type StatePart } from '../system/state-parts.js';
export { type BalancerInput, type BalancerDecision, type GuestView, defaultBalancer, targetPages } from '../dynamic-memory/balancer.js';
export { type DmTuning, DEFAULT_DM_TUNING } from '../dynamic-memory/tuning.js';
export { balloonFloorMiB, balloonFloorPages } from '../dynamic-memory/floor.js';
export { BalancerError } from '../system/handlers/dynamic-memory.js';
export { type SchedulerInput, type VpRef, type SchedulerChoice, schedulerChoice } from '../scheduler/policy.js';
export { SCENARIOS, scenarioByName, checkScenario, dmFigures, ioFigures, formatScenarioResult, scenarioExitStatus, type Scenario, type ScenarioResult, type DmFigures, type IoFigures, type Figures } from '../scenarios/index.js';
export { checkSeedFigure9, SEED_FIGURE_9 } from '../scenarios/seed-figure-9.js';
export { walkPaths, type MachinePaths } from '../check/paths/walk.js';
export { STANDARD_DRIVERS, type Driver } from '../check/paths/drivers.js';
