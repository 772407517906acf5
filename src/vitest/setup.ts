/**
 * What hvspec's test helpers run on: a World, or a config module's config
 * (what `defineConfig` returns), made into a World with its host, its
 * policies and the faults named.
 */
import type { World } from '../system/system.js';
import type { OpType } from '../system/ops.js';
import { DEFAULT_CONFIG, parseConfig } from '../system/config.js';
import { buildWorld } from '../faults/build-world.js';
import { FAULTS } from '../faults/catalogue.js';
import type { UserConfig } from '../config/define-config.js';

/** A World, or a config as `defineConfig` returns it. */
export type SystemSetup = World | UserConfig;

/** Options of {@link worldOf}. */
export interface WorldOfOptions {
  /** Faults switched on, by name: built-in ones and the config's own (default: none). */
  readonly faults?: readonly string[];
}

const isWorld = (s: SystemSetup): s is World => 'machines' in s && 'substrateFns' in s;

/**
 * The World of `setup`: a World as it is; a config's host (the default host
 * when it gives none), with the named faults (built-in or its own) and its
 * balancer and scheduler policies. Throws ConfigError or UnknownFaultError.
 */
export function worldOf(setup: SystemSetup, options: WorldOfOptions = {}): World {
  if (isWorld(setup)) {
    if (options.faults?.length) throw new Error('worldOf: a World already has its faults; name faults only with a config');
    return setup;
  }
  const world = buildWorld(setup.host ? parseConfig(setup.host) : DEFAULT_CONFIG, options.faults ?? [], [...FAULTS, ...(setup.faults ?? [])]);
  const { balancer, scheduler } = setup;
  return { ...world, ...(balancer && !world.balancer ? { balancer } : {}), ...(scheduler ? { scheduler } : {}) };
}

/** The op weights of `setup`: a config's own `weights`, none for a World. */
export const weightsOf = (setup: SystemSetup): Partial<Record<OpType, number>> | undefined => (isWorld(setup) ? undefined : setup.weights);
