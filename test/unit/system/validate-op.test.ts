import { describe, it, expect } from 'vitest';
import { validateOp } from '../../../src/system/validate-op.js';
import { DEFAULT_CONFIG, type Config } from '../../../src/system/config.js';
import { FAULTS } from '../../../src/faults/catalogue.js';
import { buildWorld } from '../../../src/faults/build-world.js';
import { initialSystem } from '../../../src/system/system.js';
import { enabledOps, OP_WEIGHTS } from '../../../src/system/enabled.js';
import { applyOp } from '../../../src/system/step.js';
import { drawOp } from '../../../src/check/op-sequence.js';
import { DM_DEMO_CONFIG } from '../../../src/system/dm-demo-config.js';
import { SCENARIOS } from '../../../src/scenarios/index.js';
import { EXPLORE_CONFIG, DM_EXPLORE_CONFIG, DM_ACCESS_EXPLORE_CONFIG, VMBUS_EXPLORE_CONFIG, SYNIC_EXPLORE_CONFIG, TWO_VP_EXPLORE_CONFIG } from '../../../src/check/explore-config.js';

const check = (raw: unknown, config: Config = DEFAULT_CONFIG) => validateOp(config, raw);

/** The default host with a Dynamic Memory guest: p1 (2 VPs, 16 GPA pages), p2 (1 VP, 16), p3 (1 VP, 16), dm (1 VP, 8). */
const WITH_DM: Config = { ...DEFAULT_CONFIG, partitions: [...DEFAULT_CONFIG.partitions, { id: 'dm', vps: 1, gpaPages: 8, dynamicMemory: { startupPages: 4, minPages: 2, maxPages: 8 } }] };

describe('ops that do not fit the config are malformed', () => {
  it.each<[unknown, RegExp]>([
    // VPs beyond the partition's (p1 has 2, the root 1).
    [{ type: 'dispatchVp', lp: 0, pid: 'p1', vp: 9 }, /dispatchVp: p1 has no vp 9 \(it has 2 VPs, numbered from 0\)/],
    [{ type: 'dispatchVp', lp: 0, pid: 'p1', vp: 2 }, /p1 has no vp 2/],
    [{ type: 'dispatchVp', lp: 0, pid: 'root', vp: 1 }, /root has no vp 1 \(it has 1 VP,/],
    [{ type: 'suspendVp', pid: 'p2', vp: 1 }, /suspendVp: p2 has no vp 1/],
    [{ type: 'resumeVp', pid: 'p1', vp: -1 }, /resumeVp: p1 has no vp -1/],
    [{ type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0.5 }, /p1 has no vp 0.5/],
    // LPs beyond the config's.
    [{ type: 'dispatchVp', lp: 2, pid: 'p1', vp: 0 }, /dispatchVp: no logical processor 2 \(the config has 2\)/],
    [{ type: 'descheduleVp', lp: 1e300 }, /no logical processor 1e\+300/],
    // GVAs: non-integers, absurd numbers, and pages past every guest's address space.
    [{ type: 'guestAccess', lp: 0, gva: 1e300, write: false }, /guestAccess: "gva" must be an integer page number below 0x20 .*got 1e\+300/],
    [{ type: 'guestAccess', lp: 0, gva: 0x20, write: false }, /"gva" must be an integer page number below 0x20/],
    [{ type: 'guestAccess', lp: 0, gva: 1.5, write: false }, /"gva" must be an integer/],
    // GPAs: the partition's GPA space, the root's frames, a guest's buffer.
    [{ type: 'mapGpaPages', pid: 'p1', gpa: 16, pages: 1, access: 3 }, /mapGpaPages: "gpa" must be an integer page number within p1's GPA space \(gpaPages 16\), got 16/],
    [{ type: 'unmapGpaPages', pid: 'p1', gpa: 2 ** 40, pages: 1 }, /unmapGpaPages: "gpa" must be/],
    [{ type: 'rootAccess', lp: 0, gpa: 384, write: false }, /rootAccess: "gpa" must be an integer page number within the root's GPA space \(frames 384\)/],
    [{ type: 'submitIo', lp: 0, gpa: 16 }, /submitIo: "gpa" must be an integer page number within the largest guest's GPA space/],
    // Page counts: the GPA space, the machine's frames, and absurd numbers.
    [{ type: 'mapGpaPages', pid: 'p1', gpa: 0, pages: 17, access: 3 }, /mapGpaPages: "pages" must be at most 16 \(for p1, whose gpaPages is 16\), got 17/],
    [{ type: 'unmapGpaPages', pid: 'p1', gpa: 0, pages: 1e9 }, /"pages" must be at most 16/],
    [{ type: 'depositMemory', pid: 'p1', pages: 385 }, /depositMemory: "pages" must be at most 384 \(the config's frames\), got 385/],
    [{ type: 'withdrawMemory', pid: 'p1', pages: 1e300 }, /withdrawMemory: "pages" must be a positive integer, got 1e\+300/],
    // I/O ids: the config allows 3 in flight, ids 0..2.
    [{ type: 'deviceComplete', pid: 'p1', io: 3 }, /deviceComplete: no io 3 \(the config allows 3 in flight, numbered from 0\)/],
    [{ type: 'rootIsr', pid: 'p1', io: 1e300 }, /rootIsr: no io 1e\+300/],
    [{ type: 'vspSignal', pid: 'p1', io: -1 }, /vspSignal: no io -1/],
    // SINTs.
    [{ type: 'maskSint', lp: 0, sint: 16 }, /"sint" must be an integer from 0 to 15, got 16/],
    // Dynamic Memory ops: only on a partition configured for it, and within its GPA space.
    [{ type: 'dmStart', pid: 'p1' }, /dmStart: partition "p1" is not configured for Dynamic Memory/],
    [{ type: 'dmBalloon', pid: 'p1', pages: 1 }, /dmBalloon: partition "p1" is not configured for Dynamic Memory/],
  ])('%j', (raw, why) => {
    const r = check(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(why);
  });

  it.each<[unknown, RegExp]>([
    [{ type: 'dmHotAdd', pid: 'dm', pages: 9 }, /dmHotAdd: "pages" must be at most 8 \(for dm, whose gpaPages is 8\), got 9/],
    [{ type: 'dmCommit', pid: 'dm', pages: 17 }, /dmCommit: "pages" must be at most 16/],
    [{ type: 'dmDeliver', pid: 'p2', to: 'host' }, /dmDeliver: partition "p2" is not configured for Dynamic Memory/],
  ])('with a Dynamic Memory guest: %j', (raw, why) => {
    const r = check(raw, WITH_DM);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(why);
  });

  it('accepts the edges of every range', () => {
    for (const op of [
      { type: 'dispatchVp', lp: 1, pid: 'p1', vp: 1 },
      { type: 'dispatchVp', lp: 0, pid: 'root', vp: 0 },
      { type: 'guestAccess', lp: 0, gva: 0x1f, write: true },
      // Below the guests' GVAs: unmapped, the access faults.
      { type: 'guestAccess', lp: 0, gva: 0, write: false },
      // A run past the end of the GPA space is the hypercall's INVALID_PARAMETER, not a malformed op.
      { type: 'mapGpaPages', pid: 'p1', gpa: 15, pages: 2, access: 3 },
      { type: 'unmapGpaPages', pid: 'p1', gpa: 0, pages: 16 },
      { type: 'rootAccess', lp: 1, gpa: 383, write: true },
      { type: 'submitIo', lp: 0, gpa: 15 },
      { type: 'depositMemory', pid: 'p1', pages: 384 },
      { type: 'deviceComplete', pid: 'p1', io: 2 },
    ])
      expect(check(op), JSON.stringify(op)).toEqual({ ok: true, op });
    for (const op of [
      { type: 'dmHotAdd', pid: 'dm', pages: 8 },
      { type: 'dmCommit', pid: 'dm', pages: 16 },
      { type: 'dmDeliver', pid: 'dm', to: 'guest' },
    ])
      expect(check(op, WITH_DM), JSON.stringify(op)).toEqual({ ok: true, op });
  });
});

describe('every op the engines generate is well-formed', () => {
  /** A small deterministic generator (xorshift32), so the walks are the same every time. */
  const rng = (seed: number) => {
    let x = seed || 1;
    return (maxInclusive: number) => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) % (maxInclusive + 1);
    };
  };
  const worlds: [string, Config, string[]][] = [
    ['the default config', DEFAULT_CONFIG, []],
    ['the Dynamic Memory demo config', DM_DEMO_CONFIG, []],
    ['a host with a Dynamic Memory guest', WITH_DM, []],
    ...[EXPLORE_CONFIG, DM_EXPLORE_CONFIG, DM_ACCESS_EXPLORE_CONFIG, VMBUS_EXPLORE_CONFIG, SYNIC_EXPLORE_CONFIG, TWO_VP_EXPLORE_CONFIG].map((c, i): [string, Config, string[]] => [`explore config ${i}`, c, []]),
    ...SCENARIOS.map((s): [string, Config, string[]] => [`scenario ${s.name}`, s.config, []]),
    ...FAULTS.map((f): [string, Config, string[]] => [`fault ${f.name}`, f.config ?? DEFAULT_CONFIG, [f.name]]),
  ];

  it.each(worlds)('%s: every enabled op along random runs passes validateOp', (_name, config, faults) => {
    const world = buildWorld(config, faults);
    const pick = rng(0x9e3779b9);
    // Validation depends on the config and the op alone: each distinct op is validated once.
    const seen = new Set<string>();
    // Six walks of each config; three of each fault's world (a fault changes the states the walks reach, not the config).
    for (let run = 0; run < (faults.length > 0 ? 3 : 6); run++) {
      let sys = initialSystem(world);
      for (let i = 0; i < 40; i++) {
        const enabled = enabledOps(sys);
        for (const op of enabled) {
          const key = JSON.stringify(op);
          if (seen.has(key)) continue;
          seen.add(key);
          const v = validateOp(config, op);
          if (!v.ok) expect.fail(`${JSON.stringify(op)}: ${v.error.message}`);
        }
        const op = drawOp(enabled, OP_WEIGHTS, pick);
        if (!op) break;
        sys = applyOp(sys, op).system;
      }
    }
  });
});
