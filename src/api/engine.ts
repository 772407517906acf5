/**
 * `hvspec/engine`: the Model seam's lower-level parts, for a model that
 * fingerprints or encodes its states itself, watches steps, reads
 * verdicts claim by claim, or is explored over threads.
 */
export type { Next, Identity, Fingerprinter, StateChanges, StateCodec, ActionsByKind, KindView } from '../engine/model.js';
export { ByteWriter, ByteReader } from '../engine/bytes.js';
export type { StepObserver } from '../engine/observer.js';
export type { ModelTraceRun, RunLog, RunResume, RunStart } from '../check/run.js';
export { exploreVerdicts, randomVerdicts, type ClaimVerdict } from '../check/verdicts.js';
export { exploreThreads, ThreadPool, type ThreadsExploreOptions } from '../check/parallel/explore-threads.js';
export type { ModelSource, ThreadModel, ThreadModelFactory } from '../check/parallel/model-source.js';
