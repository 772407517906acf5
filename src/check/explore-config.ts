/**
 * The explorer's default configuration: small enough that the whole state
 * space is visited in seconds, large enough that every spine goal is
 * reachable (two interchangeable children, so VM switches and symmetry
 * happen) and every catalogued fault shows.
 */
import type { Config } from '../system/config.js';

/** Two children with one VP and one GPA page each, no root VP, one logical processor, four frames (one reserved, one the root's, two free). */
export const EXPLORE_CONFIG: Config = {
  frames: 4,
  hypervisorFrames: 1,
  rootFrames: 1,
  largePages: false,
  rootVps: 0,
  logicalProcessors: 1,
  tlbEntries: 2,
  maxPagesPerCall: 1,
  partitions: [
    { id: 'p1', vps: 1, gpaPages: 1 },
    { id: 'p2', vps: 1, gpaPages: 1 },
  ],
};
