/** Placeholder replaced below. */
import type { Fault } from './fault.js';
/** The Dynamic Memory faults. */
export const DM_FAULTS: readonly Fault[] = [];
