/**
 * The configuration the path walker drives: the default host with two
 * partitions of two VPs each, so that an LP can always switch between a
 * ready VP of either partition.
 */
import { type Config, DEFAULT_CONFIG } from '../../system/config.js';

/** The path walker's configuration (room for the I/Os and messages of the longest paths). */
export const PATHS_CONFIG: Config = {
  ...DEFAULT_CONFIG,
  maxIosInFlight: 8,
  maxMessagesOutstanding: 8,
  partitions: [
    { id: 'p1', vps: 2, gpaPages: 16 },
    { id: 'p2', vps: 2, gpaPages: 16 },
  ],
};
