/**
 * hvspec's public API: configure a host, switch faults on, drive `step`
 * yourself or let an engine do it, and read results as data.
 */
export { type Config, type ChildConfig, DEFAULT_CONFIG, validateConfig, parseConfig, ConfigError } from './system/config.js';
export { type System, type World, type MachineSet, type Applied, initialSystem, standardWorld, STANDARD_MACHINES } from './system/system.js';
export { type SubstrateFns, type GrantFn, type ReleaseFn, STANDARD_SUBSTRATE } from './substrate/fns.js';
export { type Op, type OpType, OP_TYPES } from './system/ops.js';
export { step, applyOp, type StepResult, type OpApply, type OpOverride, type OpOverrides } from './system/step.js';
export { type StepOutcome, type Observation } from './system/outcome.js';
export { enabledOps, OP_WEIGHTS } from './system/enabled.js';
export { describeOp } from './system/describe.js';
export { OpError, validateOp } from './system/validate-op.js';
export { type Fault, defineFault, forget, FaultDefinitionError } from './faults/fault.js';
export { FAULTS } from './faults/catalogue.js';
export { faultByName, buildWorld, UnknownFaultError } from './faults/build-world.js';
export { checkRandom, assertRandom, RANDOM_DEFAULTS, type RandomOptions, checkModel, type ModelRandomOptions, type ModelRandomResult } from './check/random.js';
export { runTrace, type TraceRun, type TraceStep, runModel, type ModelTraceRun } from './check/run.js';
export { explore, type ExploreOptions, type ExploreResult, exploreModel, type ModelExploreOptions, type ModelExploreResult } from './check/explore.js';
export { systemModel, type SystemModel, type SystemModelOptions } from './check/system-model.js';
export type { Model, ModelProperty, AlwaysProperty, TransitionProperty, SometimesProperty, EventuallyProperty, Transition, Next, Identity, Fingerprinter, Verdict } from './engine/model.js';
export { type StepObserver } from './engine/observer.js';
export { keyIdentity } from './engine/key-identity.js';
export { exploreVerdicts, randomVerdicts, type ClaimVerdict } from './check/verdicts.js';
export { type CheckResult, type Counterexample } from './check/result.js';
export { encodeTrace, decodeTrace, TraceError, type TraceFile } from './check/trace-file.js';
export { formatCounterexample } from './report/counterexample.js';
export { INVARIANTS, GOALS, PROPERTIES, type Invariant, type Goal, type Property } from '../properties/index.js';
export { type DynamicMemoryConfig } from './system/config.js';
export { type BalancerPolicy, type BalancerInput, type BalancerDecision, type GuestView, defaultBalancer, targetPages } from './dynamic-memory/balancer.js';
export { type DmTuning, DEFAULT_DM_TUNING } from './dynamic-memory/tuning.js';
export { balloonFloorMiB, balloonFloorPages } from './dynamic-memory/floor.js';
export { BalancerError } from './system/handlers/dynamic-memory.js';
export { SCENARIOS, scenarioByName, checkScenario, dmFigures, ioFigures, formatScenarioResult, scenarioExitStatus, type Scenario, type ScenarioResult, type DmFigures, type IoFigures, type Figures } from './scenarios/index.js';
export { checkSeedFigure9, SEED_FIGURE_9 } from './scenarios/seed-figure-9.js';
export { universeOf, machineUniverse, type Universe, type MachineUniverse } from './coverage/universe.js';
export { type CoverageData, mergeCoverage, emptyCoverage } from './coverage/data.js';
export { CoverageCollector } from './coverage/collector.js';
export { saveCoverage, loadCoverage, resetCoverage, DEFAULT_COVERAGE_DIR } from './coverage/store.js';
export { summarize, type CoverageSummary, type MachineCoverage } from './coverage/summary.js';
export { walkPaths, type MachinePaths } from './check/paths/walk.js';
export { STANDARD_DRIVERS, type Driver } from './check/paths/drivers.js';
export { renderText } from './report/text.js';
export { renderMarkdown } from './report/markdown.js';
export { renderHtml, type HtmlInput, type PropertyResult } from './report/html.js';
export { writeReports, renderJson } from './report/write.js';
export { DM_DEMO_CONFIG } from './system/dm-demo-config.js';
