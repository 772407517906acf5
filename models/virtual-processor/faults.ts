/** Faults of the virtual processor's run state. */
import { defineFault } from '../../src/faults/fault.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';

/** Clearing intercept-suspend ignores an explicit suspend. */
export const interceptResumeIgnoresExplicitSuspend = defineFault({
  name: 'intercept-resume-ignores-explicit-suspend',
  description: "Clearing intercept-suspend makes the VP Ready even though the root had also suspended it explicitly.",
  breaks: ['suspended-vp-never-runs'],
  // One guest with one VP on one logical processor, no synthetic I/O: an intercept, an explicit suspend and the
  // worker's reply meet in one run often enough there.
  config: { ...DEFAULT_CONFIG, logicalProcessors: 1, maxIosInFlight: 0, maxMessagesOutstanding: 0, partitions: [{ id: 'p1', vps: 1, gpaPages: 4 }] },
  machines: (m) => ({ vp: m.vp.provide({ guards: { explicitStillSet: () => false } }) }),
});
