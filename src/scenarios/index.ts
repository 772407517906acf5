/**
 * The named scenarios (`hvspec check --scenario NAME`).
 */
import type { Scenario } from './scenario.js';
import { SEED_FIGURE_9 } from './seed-figure-9.js';
import { DM_TIMERS } from './dm-timers.js';
import { SYNTHETIC_IO } from './synthetic-io.js';
import { HOSTILE_GUEST } from './hostile-guest.js';
import { ESX_COMPARISON } from './esx-comparison.js';

export type { Scenario, ScenarioResult, DmFigures, IoFigures, Figures } from './scenario.js';
export { checkScenario, dmFigures, ioFigures } from './scenario.js';

/** Every named scenario. */
export const SCENARIOS: readonly Scenario[] = [SEED_FIGURE_9, DM_TIMERS, SYNTHETIC_IO, HOSTILE_GUEST, ESX_COMPARISON];

/** The scenario called `name`, if any. */
export const scenarioByName = (name: string): Scenario | undefined => SCENARIOS.find((s) => s.name === name);
export { formatScenarioResult, formatFigures, scenarioExitStatus } from './format.js';
