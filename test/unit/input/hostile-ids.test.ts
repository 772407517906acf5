import { describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG, parseConfig } from '../../../src/system/config.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { checkRandom } from '../../../src/check/random.js';
import { explore } from '../../../src/check/explore.js';
import { EXPLORE_CONFIG, MEMORY_OPS } from '../../../src/check/explore-config.js';
import { INVARIANTS, GOALS } from '../../../properties/index.js';
import { validateOp } from '../../../src/system/validate-op.js';

/** `config` with its first child renamed `id`. */
const renamed = (config: Config, id: string): Config => ({ ...config, partitions: config.partitions.map((p, i) => (i === 0 ? { ...p, id } : p)) });

/** A JSON text with the first child's name put back to `p1`. */
const back = (v: unknown, id: string): string => JSON.stringify(v).replaceAll(`"${id}"`, '"p1"').replaceAll(`${id} `, 'p1 ').replaceAll(`${id}'`, "p1'");

describe('a partition id that names a member of Object.prototype is an id like any other', () => {
  it('`constructor` is a valid id', () => expect(parseConfig(renamed(DEFAULT_CONFIG, 'constructor')).partitions[0]!.id).toBe('constructor'));

  it('the random engine runs a config with a child called `constructor` exactly as one with `p1`', () => {
    const run = (config: Config) => checkRandom(buildWorld(config), { seed: 3, runs: 12, depth: 30, invariants: INVARIANTS, goals: GOALS });
    const plain = run(DEFAULT_CONFIG);
    expect(plain.steps).toBeGreaterThan(200);
    expect(back(run(renamed(DEFAULT_CONFIG, 'constructor')), 'constructor')).toBe(JSON.stringify(plain));
  });

  it('the explorer finds the same states with a child called `constructor`', () => {
    const run = (config: Config) => explore(buildWorld(config), { opTypes: MEMORY_OPS, maxStates: 800 });
    const plain = run(EXPLORE_CONFIG);
    const hostile = run(renamed(EXPLORE_CONFIG, 'constructor'));
    expect(hostile.states).toBe(plain.states);
    expect(hostile.transitions).toBe(plain.transitions);
    expect(hostile.kind).toBe(plain.kind);
  });

  it('an op naming a prototype member as its partition is an unknown partition, not a crash', () => {
    for (const pid of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const v = validateOp(DEFAULT_CONFIG, { type: 'depositMemory', pid, pages: 1 });
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.error.message).toBe(`depositMemory: unknown partition "${pid}" (expected one of p1, p2, p3)`);
    }
  });
});
