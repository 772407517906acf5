/**
 * A user's `hvspec.config.ts`: the host to check (the JSON config's
 * schema), named explore scopes, extra properties and faults, a balancer
 * policy, a scheduler policy and op weights. `defineConfig` types it and checks its shape; the
 * CLI loads it (src/config/load-user-config.ts) and runs what it gives
 * alongside the built-in properties and faults.
 */
import type { Config } from '../system/config.js';
import { validateConfig } from '../system/config.js';
import type { Fault } from '../faults/fault.js';
import type { BalancerPolicy } from '../dynamic-memory/balancer.js';
import type { SchedulerPolicy } from '../scheduler/policy.js';
import type { Invariant, Goal, Liveness } from '../../properties/property.js';
import { type OpType, OP_TYPES } from '../system/ops.js';
import { joinProblems } from '../input/issues.js';
import type { Model } from '../engine/model.js';
import type { System } from '../system/system.js';

/**
 * A model of one's own (src/engine/model.ts) of any state, op and outcome
 * types: the engines are generic in them, so the config need not name them.
 */
export type AnyModel = Model<any, any, any>;

/** A host as a JSON config gives it: every field optional, the defaults (`DEFAULT_CONFIG`) for the rest. */
export type HostConfig = Partial<Config>;

/** A named explore scope of a user config: a host (the config's own by default) and the op kinds the explorer tries (all by default). */
export interface UserScope {
  /** Kebab-case name, given to `hvspec explore --scope`. */
  readonly name: string;
  /** What the scope covers, in one sentence. */
  readonly description?: string;
  /** The host of this scope (the JSON config's schema); absent: the config's `host`. */
  readonly host?: HostConfig;
  /** The op kinds explored (default: every kind). */
  readonly ops?: readonly OpType[];
  /** The `sometimes` goals this scope must reach (default: every goal that applies to its host). */
  readonly goals?: readonly string[];
}

/** What a `hvspec.config.ts` gives; every part is optional. */
export interface UserConfig {
  /** The host to check, as in a JSON config (absent: the built-in default host). */
  readonly host?: HostConfig;
  /** Named explore scopes (`hvspec explore` runs them all, or the one `--scope` names). */
  readonly scopes?: readonly UserScope[];
  /** Properties checked besides the built-in ones: `always` invariants, `sometimes` goals, `eventually` bounded liveness. */
  readonly properties?: readonly (Invariant | Goal | Liveness)[];
  /** Faults selectable with `--fault NAME` besides the built-in ones (made with `defineFault`). */
  readonly faults?: readonly Fault[];
  /** The balancer policy in place of the default one; a throw from it is the violation `policy-threw`. */
  readonly balancer?: BalancerPolicy;
  /** The scheduler policy (which runnable VP gets a logical processor) in place of trying every choice; a throw from it is the violation `policy-threw`. */
  readonly scheduler?: SchedulerPolicy;
  /** Op weights of the random engine, over the defaults. */
  readonly weights?: Partial<Record<OpType, number>>;
  /**
   * A model of one's own in place of hvspec's System: `hvspec check` runs
   * the random engine and `hvspec explore` the explorer on it, with its own
   * properties. It is given alone (no host, scopes, properties, faults,
   * policies or weights: those are the System's).
   */
  readonly model?: AnyModel;
  /**
   * Columns of one's own in the trace view (the report's counterexample
   * viewer and `hvspec serve`): a name and what to show for each state.
   *
   * @example
   * traceColumns: { 'free frames': (s) => s.substrate.memory.holder.filter((h) => h === 'free').length }
   */
  readonly traceColumns?: Readonly<Record<string, (state: System) => unknown>>;
}

/** A config whose shape is wrong; the message says which part and why. */
export class UserConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserConfigError';
  }
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KEYS = ['host', 'scopes', 'properties', 'faults', 'balancer', 'scheduler', 'weights', 'model', 'traceColumns'];
const MODEL_FNS = ['initial', 'actions', 'next', 'describe'] as const;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
function fail(message: string): never {
  throw new UserConfigError(message);
}

/** Checks a host: the JSON config's schema. */
function checkHost(where: string, raw: unknown): void {
  const v = validateConfig(raw);
  if (!v.ok) fail(`${where}: ${joinProblems(v.error.problems)}`);
}

/** Checks one property: a kind, a kebab-case name, a description and the functions its kind needs. */
function checkProperty(p: unknown, i: number): void {
  if (!isObject(p)) return fail(`properties[${i}] is not an object`);
  const where = `properties[${i}]${typeof p.name === 'string' ? ` (${p.name})` : ''}`;
  if (typeof p.name !== 'string' || !KEBAB.test(p.name)) fail(`${where}: the name must be kebab-case`);
  if (typeof p.description !== 'string') fail(`${where}: the description must be a string`);
  const needs: Record<string, readonly string[]> = { always: ['check'], sometimes: ['reached'], eventually: ['trigger', 'satisfied'] };
  const fns = needs[String(p.kind)];
  if (!fns) return fail(`${where}: kind must be always, sometimes or eventually, got ${JSON.stringify(p.kind)}`);
  for (const f of fns) if (typeof p[f] !== 'function') fail(`${where}: ${f} must be a function`);
  if (p.kind === 'eventually' && !(Number.isInteger(p.withinSteps) && (p.withinSteps as number) >= 0)) fail(`${where}: withinSteps must be a whole number`);
}

/** Checks the shape of a user config (throws UserConfigError naming the part that is wrong). */
export function checkUserConfig(raw: unknown): asserts raw is UserConfig {
  if (!isObject(raw)) return fail('the config must be an object (export default defineConfig({ ... }))');
  for (const k of Object.keys(raw)) if (!KEYS.includes(k)) fail(`unknown key ${JSON.stringify(k)} (known: ${KEYS.join(', ')})`);
  if (raw.model !== undefined) {
    const others = Object.keys(raw).filter((k) => k !== 'model');
    if (others.length > 0) fail(`model is given alone: ${others.join(', ')} ${others.length === 1 ? 'belongs' : 'belong'} to hvspec's System, not to a model of one's own`);
    const m = raw.model;
    if (!isObject(m)) return fail('model must be an object with the Model interface (initial, actions, next, properties, describe, identity)');
    for (const f of MODEL_FNS) if (typeof m[f] !== 'function') fail(`model.${f} must be a function`);
    if (!Array.isArray(m.properties)) fail('model.properties must be an array');
    if (!isObject(m.identity) || typeof m.identity.fingerprinter !== 'function') fail('model.identity must have a fingerprinter (keyIdentity makes one)');
    return;
  }
  if (raw.host !== undefined) checkHost('host', raw.host);
  if (raw.scopes !== undefined) {
    if (!Array.isArray(raw.scopes)) fail('scopes must be an array');
    const names = new Set<string>();
    (raw.scopes as unknown[]).forEach((s, i) => {
      if (!isObject(s) || typeof s.name !== 'string' || !KEBAB.test(s.name)) return fail(`scopes[${i}]: the name must be kebab-case`);
      if (names.has(s.name)) fail(`scopes[${i}]: the name ${s.name} is used twice`);
      names.add(s.name);
      if (s.host !== undefined) checkHost(`scopes[${i}] (${s.name}) host`, s.host);
      if (s.ops !== undefined && !(Array.isArray(s.ops) && s.ops.every((o) => (OP_TYPES as readonly unknown[]).includes(o)))) fail(`scopes[${i}] (${s.name}): ops must be op kinds`);
      if (s.goals !== undefined && !(Array.isArray(s.goals) && s.goals.every((g) => typeof g === 'string'))) fail(`scopes[${i}] (${s.name}): goals must be goal names`);
    });
  }
  if (raw.properties !== undefined) {
    if (!Array.isArray(raw.properties)) fail('properties must be an array');
    (raw.properties as unknown[]).forEach(checkProperty);
  }
  if (raw.faults !== undefined) {
    if (!Array.isArray(raw.faults)) fail('faults must be an array');
    (raw.faults as unknown[]).forEach((f, i) => {
      if (!isObject(f) || typeof f.name !== 'string' || !KEBAB.test(f.name)) fail(`faults[${i}]: not a fault (make it with defineFault)`);
    });
  }
  if (raw.traceColumns !== undefined) {
    if (!isObject(raw.traceColumns)) fail('traceColumns must be an object of column name to a function (state) => value');
    for (const [k, f] of Object.entries(raw.traceColumns)) if (typeof f !== 'function') fail(`traceColumns.${k} must be a function (state) => value`);
  }
  if (raw.balancer !== undefined && typeof raw.balancer !== 'function') fail('balancer must be a function (input) => decisions');
  if (raw.scheduler !== undefined && typeof raw.scheduler !== 'function') fail('scheduler must be a function (input) => the VP to dispatch, or null');
  if (raw.weights !== undefined) {
    if (!isObject(raw.weights)) fail('weights must be an object of op kind to weight');
    for (const [k, w] of Object.entries(raw.weights)) {
      if (!(OP_TYPES as readonly string[]).includes(k)) fail(`weights: unknown op kind ${JSON.stringify(k)}`);
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) fail(`weights.${k} must be a number of at least 0`);
    }
  }
}

/**
 * Types and checks a `hvspec.config.ts`: returns `config` unchanged, or
 * throws UserConfigError naming the part whose shape is wrong.
 *
 * @example
 * export default defineConfig({ host: { ...DM_DEMO_CONFIG }, balancer: (input) => [] });
 */
export function defineConfig<const C extends UserConfig>(config: C): C {
  checkUserConfig(config);
  return config;
}
