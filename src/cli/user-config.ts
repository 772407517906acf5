/**
 * The configuration a `check` or `explore` runs with: a JSON config
 * (`--config FILE.json`), a config module (`--config hvspec.config.ts`, or
 * the `hvspec.config.{ts,mts,js,mjs}` found in the working directory), or
 * none; and what a config module adds to the built-in catalogue: its
 * properties, faults, balancer and scheduler policies and op weights.
 */
import { type Config, DEFAULT_CONFIG, parseConfig } from '../system/config.js';
import type { World } from '../system/system.js';
import type { OpType } from '../system/ops.js';
import { loadConfig } from './args.js';
import { readInputFile } from './read-input.js';
import { UsageError } from './usage.js';
import { excerpt } from '../input/excerpt.js';
import { type Fault } from '../faults/fault.js';
import { FAULTS } from '../faults/catalogue.js';
import { buildWorld, UnknownFaultError } from '../faults/build-world.js';
import type { UserConfig, UserScope } from '../config/define-config.js';
import { findUserConfig, isModuleConfig, loadUserConfig, UserConfigLoadError } from '../config/load-user-config.js';
import { INVARIANTS, GOALS, LIVENESS, type Invariant, type Goal, type Liveness } from '../../properties/index.js';

/** A loaded configuration: its host and the name reports give it, and the config module's other parts when it is one. */
export interface LoadedConfig {
  readonly config: Config;
  readonly name: string;
  /** The config module, when the config is one. */
  readonly user?: UserConfig;
}

/**
 * Loads `--config FILE` (JSON, or a config module by its extension), or
 * without it the config module in the working directory, if any (undefined
 * when there is none). Any error in the file is a one-line UsageError.
 */
export async function loadRunConfig(file: string | undefined): Promise<LoadedConfig | undefined> {
  const module = file ?? findUserConfig('.');
  if (module === undefined) return undefined;
  if (!isModuleConfig(module)) return loadConfig(module);
  readInputFile(module, 'config');
  const name = excerpt(module, 120).replace(/^"|"$/g, '');
  try {
    const user = await loadUserConfig(module);
    return { config: user.host ? parseConfig(user.host) : DEFAULT_CONFIG, name, user };
  } catch (e) {
    if (e instanceof UserConfigLoadError) throw new UsageError(e.message);
    throw e;
  }
}

/** The properties, faults and policy a run checks: the built-in ones and a config module's. */
export interface RunCatalogue {
  readonly faults: readonly Fault[];
  readonly invariants: readonly Invariant[];
  readonly goals: readonly Goal[];
  readonly liveness: readonly Liveness[];
  readonly weights?: Partial<Record<OpType, number>>;
  readonly user?: UserConfig;
  /** The config module's scopes, if any. */
  readonly scopes: readonly UserScope[];
  /** The names of the config module's properties (none without one). */
  readonly ownProperties: readonly string[];
}

/** The built-in catalogue with `user`'s additions (a world with a policy also checks `policy-threw`: see systemModel); a fault named like a built-in one is a UsageError. */
export function runCatalogue(user: UserConfig | undefined): RunCatalogue {
  if (!user) return { faults: FAULTS, invariants: INVARIANTS, goals: GOALS, liveness: LIVENESS, scopes: [], ownProperties: [] };
  const own = user.faults ?? [];
  const clash = own.find((f, i) => FAULTS.some((b) => b.name === f.name) || own.findIndex((g) => g.name === f.name) !== i);
  if (clash) throw new UsageError(`config: fault ${clash.name} is defined twice (a built-in fault has that name, or the config gives it twice)`);
  const props = user.properties ?? [];
  const names = new Set([...INVARIANTS, ...GOALS, ...LIVENESS].map((p) => p.name));
  const twice = props.find((p, i) => names.has(p.name) || props.findIndex((q) => q.name === p.name) !== i);
  if (twice) throw new UsageError(`config: property ${twice.name} is defined twice (a built-in property has that name, or the config gives it twice)`);
  return {
    faults: [...FAULTS, ...own],
    invariants: [...INVARIANTS, ...props.filter((p): p is Invariant => p.kind === 'always')],
    goals: [...GOALS, ...props.filter((p): p is Goal => p.kind === 'sometimes')],
    liveness: [...LIVENESS, ...props.filter((p): p is Liveness => p.kind === 'eventually')],
    ...(user.weights ? { weights: user.weights } : {}),
    user,
    scopes: user.scopes ?? [],
    ownProperties: props.map((p) => p.name),
  };
}

/** A World with the named faults of `catalogue` and the config module's balancer (a fault's own balancer replaces it) and scheduler; an unknown name is a usage error. */
export function worldFor(config: Config, faults: readonly string[], catalogue?: RunCatalogue): World {
  let world: World;
  try {
    world = buildWorld(config, faults, catalogue?.faults ?? FAULTS);
  } catch (e) {
    if (e instanceof UnknownFaultError) throw new UsageError(`unknown fault ${excerpt(e.fault)} (run \`hvspec faults\` for the list)`);
    throw e;
  }
  const balancer = catalogue?.user?.balancer;
  const scheduler = catalogue?.user?.scheduler;
  return { ...world, ...(balancer && !world.balancer ? { balancer } : {}), ...(scheduler ? { scheduler } : {}) };
}
