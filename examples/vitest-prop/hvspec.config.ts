/** The host the properties of this folder run on: two small partitions, two logical processors; mapping is frequent. */
import { defineConfig } from 'hvspec';

export default defineConfig({
  host: {
    frames: 128,
    hypervisorFrames: 8,
    rootFrames: 24,
    logicalProcessors: 2,
    maxIosInFlight: 0,
    maxMessagesOutstanding: 0,
    partitions: [
      { id: 'p1', vps: 2, gpaPages: 8 },
      { id: 'p2', vps: 1, gpaPages: 8 },
    ],
  },
  weights: { mapGpaPages: 8, dispatchVp: 6 },
});
