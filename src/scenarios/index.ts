/**
 * The named scenarios (`hvspec check --scenario NAME`).
 */
import type { Scenario } from './scenario.js';
import { SEED_FIGURE_9 } from './seed-figure-9.js';

export type { Scenario, ScenarioResult, DmFigures } from './scenario.js';
export { checkScenario, dmFigures } from './scenario.js';

/** Every named scenario. */
export const SCENARIOS: readonly Scenario[] = [SEED_FIGURE_9];

/** The scenario called `name`, if any. */
export const scenarioByName = (name: string): Scenario | undefined => SCENARIOS.find((s) => s.name === name);
export { formatScenarioResult, formatFigures, scenarioExitStatus } from './format.js';
