/**
 * Small Dynamic Memory configurations and op helpers for tests.
 */
import type { Config } from '../../src/system/config.js';
import { parseConfig } from '../../src/system/config.js';
import type { Op } from '../../src/system/ops.js';
import type { System, World } from '../../src/system/system.js';
import { initialSystem } from '../../src/system/system.js';
import { applyOp } from '../../src/system/step.js';
import { buildWorld } from '../../src/faults/build-world.js';
import type { DmTuning } from '../../src/dynamic-memory/tuning.js';

/** One Dynamic Memory guest p1 (16 pages = 1 GiB at boot, 8..24 pages, GPA space 32), one static partition p2. */
export function dmConfig(tuning: Partial<DmTuning> = {}, dm: Record<string, unknown> = {}, withStatic = true): Config {
  return parseConfig({
    frames: 96,
    hypervisorFrames: 8,
    rootFrames: 16,
    largePages: false,
    logicalProcessors: 1,
    tlbEntries: 4,
    maxPagesPerCall: 3,
    partitions: [
      { id: 'p1', vps: 1, gpaPages: 32, dynamicMemory: { startupPages: 16, minPages: 8, maxPages: 24, committedPages: 4, ...dm } },
      ...(withStatic ? [{ id: 'p2', vps: 1, gpaPages: 4 }] : []),
    ],
    dynamicMemoryTuning: { statusHoldbackTicks: 0, postInitTicks: 0, replyTimeoutTicks: 1, ...tuning },
  });
}

/** Ops that create and start p1 and bring its Dynamic Memory up (driver INITIALIZED, VSP idle). */
export const bootP1: readonly Op[] = [
  { type: 'createPartition', pid: 'p1' },
  { type: 'depositMemory', pid: 'p1', pages: 1 },
  { type: 'initializePartition', pid: 'p1' },
  { type: 'dmStart', pid: 'p1' },
  { type: 'dmDeliver', pid: 'p1', to: 'host' },
  { type: 'dmDeliver', pid: 'p1', to: 'guest' },
  { type: 'dmDeliver', pid: 'p1', to: 'host' },
  { type: 'dmDeliver', pid: 'p1', to: 'guest' },
];

/** Applies ops in order, failing loudly on a skipped one; returns every intermediate system. */
export function run(world: World, ops: readonly Op[], from?: System): System[] {
  let sys = from ?? initialSystem(world);
  const out = [sys];
  for (const op of ops) {
    const r = applyOp(sys, op);
    if (r.outcome.status === 'skipped') throw new Error(`${JSON.stringify(op)} skipped: ${r.outcome.reason}`);
    sys = r.system;
    out.push(sys);
  }
  return out;
}

/** The last system after ops. */
export const runTo = (world: World, ops: readonly Op[], from?: System): System => run(world, ops, from).at(-1)!;

/** A world for the fixture config with the named faults. */
export const dmWorld = (faults: readonly string[] = [], tuning: Partial<DmTuning> = {}, dm: Record<string, unknown> = {}, withStatic = true): World =>
  buildWorld(dmConfig(tuning, dm, withStatic), faults);
