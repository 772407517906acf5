/**
 * `hvspec/engine`: the Model seam's lower-level parts, for a model that
 * fingerprints or encodes its states itself, watches steps, or reads
 * verdicts claim by claim.
 */
export type { Next, Identity, Fingerprinter, StateChanges, StateCodec } from '../engine/model.js';
export { ByteWriter, ByteReader } from '../engine/bytes.js';
export type { StepObserver } from '../engine/observer.js';
export type { ModelTraceRun, RunLog, RunResume, RunStart } from '../check/run.js';
export { exploreVerdicts, randomVerdicts, type ClaimVerdict } from '../check/verdicts.js';
