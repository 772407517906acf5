/** Faults of the virtual processor's run state. */
import { defineFault } from '../../src/faults/fault.js';

/** Clearing intercept-suspend ignores an explicit suspend. */
export const interceptResumeIgnoresExplicitSuspend = defineFault({
  name: 'intercept-resume-ignores-explicit-suspend',
  description: "Clearing intercept-suspend makes the VP Ready even though the root had also suspended it explicitly.",
  breaks: ['suspended-vp-never-runs'],
  machines: (m) => ({ vp: m.vp.provide({ guards: { explicitStillSet: () => false } }) }),
});
