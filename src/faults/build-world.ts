/**
 * Building the World of a run from a configuration and the names of the
 * faults to switch on, looked up in a catalogue (the built-in one unless
 * another is given).
 */
import type { Fault } from './fault.js';
import { FAULTS } from './catalogue.js';
import type { Config } from '../system/config.js';
import { type World, type MachineSet, STANDARD_MACHINES } from '../system/system.js';
import type { OpOverride, OpOverrides } from '../system/step.js';
import { type SubstrateFns, STANDARD_SUBSTRATE } from '../substrate/fns.js';
import type { BalancerPolicy } from '../dynamic-memory/balancer.js';
import type { OpType } from '../system/ops.js';

/** The fault called `name` in `catalogue` (the built-in one by default), if any. */
export const faultByName = (name: string, catalogue: readonly Fault[] = FAULTS): Fault | undefined => catalogue.find((f) => f.name === name);

/** An unknown fault name. */
export class UnknownFaultError extends Error {
  constructor(readonly fault: string) {
    super(`unknown fault "${fault}" (run \`hvspec faults\` for the list)`);
    this.name = 'UnknownFaultError';
  }
}

/** `later` over `earlier`, per op kind: where both replace a kind, `later` gets `earlier` (over the apply it replaced) as its `next`. */
function stackOps(earlier: OpOverrides, later: OpOverrides): OpOverrides {
  const out: Record<string, OpOverride> = { ...(earlier as Record<string, OpOverride>) };
  for (const [kind, own] of Object.entries(later as Record<string, OpOverride>)) {
    const below = out[kind];
    out[kind] = below ? (s, o, next) => own(s, o, (s2, o2) => below(s2, o2, next)) : own;
  }
  return out as { [K in OpType]?: OpOverride<K> };
}

/** The World for `config` with the named faults switched on, in order (a later one acts on what an earlier one left). Throws UnknownFaultError. */
export function buildWorld(config: Config, faultNames: readonly string[] = [], catalogue: readonly Fault[] = FAULTS): World {
  let machines: MachineSet = STANDARD_MACHINES;
  let substrateFns: SubstrateFns = STANDARD_SUBSTRATE;
  let ops: OpOverrides = {};
  let balancer: BalancerPolicy | undefined;
  for (const name of faultNames) {
    const f = catalogue.find((x) => x.name === name);
    if (!f) throw new UnknownFaultError(name);
    if (f.machines) machines = { ...machines, ...f.machines(machines) };
    if (f.substrate) substrateFns = { ...substrateFns, ...f.substrate(substrateFns) };
    if (f.ops) ops = stackOps(ops, f.ops);
    if (f.balancer) balancer = f.balancer;
  }
  const world: World = { config, machines, substrateFns, ...(Object.keys(ops).length ? { ops } : {}), faults: [...faultNames] };
  return balancer ? { ...world, balancer } : world;
}
