/**
 * `hvspec/vitest`: hvspec's op-sequence arbitrary and the helpers to run a
 * property of one's own over hvspec's System with fast-check, for
 * `test.prop` of @fast-check/vitest (or `fc.assert` anywhere).
 *
 * @example
 * import { test } from '@fast-check/vitest';
 * import { ops, assertHolds, budget } from 'hvspec/vitest';
 * import config from './hvspec.config.js';
 *
 * test.prop([ops(config)])('no frame is owned twice', (seq) => assertHolds(config, seq));
 * test.prop([ops(config)], budget(5))('as many runs as fit in 5 s', (seq) => assertHolds(config, seq));
 */
export { ops, describeOps, type OpsOptions } from '../vitest/ops.js';
export { runOps, assertHolds, ClaimViolated, type Claim } from '../vitest/holds.js';
export { budget, BUDGET_MAX_RUNS, BUDGET_MAX_SECONDS, type BudgetOptions, type BudgetParameters } from '../vitest/budget.js';
export { worldOf, type SystemSetup, type WorldOfOptions } from '../vitest/setup.js';
export type { LastStep } from '../../properties/property.js';
