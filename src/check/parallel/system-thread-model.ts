/**
 * hvspec's System as a model for a search over threads: a config, faults
 * by name and a scope of the explorer (its op kinds and filter), all plain
 * data, so each thread builds the same model.
 */
import type { Config } from '../../system/config.js';
import type { System } from '../../system/system.js';
import type { Op } from '../../system/ops.js';
import type { StepOutcome } from '../../system/outcome.js';
import { buildWorld } from '../../faults/build-world.js';
import { exploreModelOf } from '../explore.js';
import { scopeByName } from '../explore-config.js';
import { scopeOptions } from '../scopes.js';
import { type ModelSource, type ThreadModel, besideModule } from './model-source.js';

/** What a thread builds the System from. */
export interface SystemThreadArg {
  readonly config: Config;
  /** Built-in faults by name. */
  readonly faults?: readonly string[];
  /** An explorer scope by name: its op kinds, filter and final states (default: every op kind). */
  readonly scope?: string;
}

/** A System as plain data: without its world (functions). */
export const systemToThread = (s: System): unknown => ({ ...s, world: undefined });

/** A System from another thread, given the world of the thread that takes it (and no deferral history, as a codec reads it). */
export const systemFromThread = (x: unknown, world: System['world']): System => ({ ...(x as System), world, deferralWaits: {} });

/** Builds the System model `arg` describes (a {@link ThreadModelFactory}). */
export function systemThreadModel(arg: unknown): ThreadModel<System, Op, StepOutcome> {
  const a = arg as SystemThreadArg;
  const world = buildWorld(a.config, a.faults ?? []);
  const scope = a.scope === undefined ? undefined : scopeByName(a.scope);
  if (a.scope !== undefined && scope === undefined) throw new Error(`no explorer scope is named ${a.scope}`);
  return {
    model: exploreModelOf(world, scope ? scopeOptions(scope) : {}),
    toThread: systemToThread,
    fromThread: (x) => systemFromThread(x, world),
  };
}

/** The source of the System model `arg` describes, for `exploreThreads`. */
export const systemSource = (arg: SystemThreadArg): ModelSource => ({ module: besideModule(import.meta.url, './system-thread-model.js'), export: 'systemThreadModel', arg });
