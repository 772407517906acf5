/**
 * The explorer's default configuration: small enough that the whole state
 * space is visited in seconds, large enough that every spine goal is
 * reachable (two interchangeable children, so VM switches and symmetry
 * happen) and every catalogued fault shows.
 */
import type { Config } from '../system/config.js';

/** Two children with one VP and two GPA pages each, one logical processor, six frames. */
export const EXPLORE_CONFIG: Config = {
  frames: 6,
  hypervisorFrames: 1,
  rootFrames: 2,
  largePages: false,
  logicalProcessors: 1,
  tlbEntries: 2,
  maxPagesPerCall: 1,
  partitions: [
    { id: 'p1', vps: 1, gpaPages: 2 },
    { id: 'p2', vps: 1, gpaPages: 2 },
  ],
};
