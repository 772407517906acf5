/**
 * A small seeded walker for coverage tests: picks among the enabled ops of
 * the allowed kinds with a fixed linear congruential sequence.
 */
import { type System, initialSystem, type World } from '../../src/system/system.js';
import { enabledOfType } from '../../src/system/enabled.js';
import { step } from '../../src/system/step.js';
import { type OpType, OP_TYPES } from '../../src/system/ops.js';

/** Runs `runs` walks of `depth` steps from the initial system; returns the final systems. */
export function walk(world: World, opts: { seed: number; runs: number; depth: number; kinds?: readonly OpType[] }): System[] {
  let x = opts.seed >>> 0;
  const next = (n: number) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x % n;
  };
  const kinds = opts.kinds ?? OP_TYPES;
  const finals: System[] = [];
  for (let r = 0; r < opts.runs; r++) {
    let sys = initialSystem(world);
    for (let d = 0; d < opts.depth; d++) {
      const ops = kinds.flatMap((k) => enabledOfType(sys, k));
      if (ops.length === 0) break;
      sys = step(sys, ops[next(ops.length)]!).system;
    }
    finals.push(sys);
  }
  return finals;
}
