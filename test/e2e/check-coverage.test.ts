/**
 * `npm run check` as a user runs it, in a scratch directory, then
 * `hvspec coverage` to merge its runs: every state of every machine is reached, at least 94 % of the transitions are, and each
 * transition that is not is named with a by-design reason (no gap).
 */
import { describe, it, expect } from 'vitest';
import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hvspecInProcess as hvspec, scratch } from './cli.js';
import { INVARIANTS, GOALS, applicableGoals } from '../../properties/index.js';
import { interruptGoals } from '../../properties/interrupt.js';
import { vmbusGoals } from '../../properties/vmbus.js';
import { taggedSwitchPurgesNothing } from '../../properties/tlb.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';
import { DM_DEMO_CONFIG } from '../../src/system/dm-demo-config.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The hvspec invocations of the `check` script in package.json, in order. */
function checkScript(): string[][] {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.check!;
  return script.split('&&').map((cmd) => {
    const words = cmd.trim().split(/\s+/);
    expect(words.slice(0, 2)).toEqual(['node', 'bin/hvspec-dev.mjs']);
    return words.slice(2);
  });
}

interface TransitionEntry {
  readonly id: string;
  readonly status: string;
  readonly reason?: string;
}

describe('npm run check: coverage of the default run', () => {
  const cwd = scratch();
  cpSync(join(ROOT, 'examples'), join(cwd, 'examples'), { recursive: true });
  // In-process (the same main as the binary); each command's output, by its flags.
  const runs = new Map<string, Awaited<ReturnType<typeof hvspec>>>();

  it('every step exits 0', async () => {
    for (const args of checkScript()) {
      // The bare `check` also runs the explorer's scopes after its random runs (seconds; test/e2e/check-stage.test.ts
      // shows that stage): here the random runs' own figures are what is judged.
      const r = await hvspec(args.length === 1 && args[0] === 'check' ? [...args, '--engine', 'random'] : args, cwd);
      runs.set(args.join(' '), r);
      expect(r.status, `hvspec ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stderr).toBe('');
    }
  });

  it('hvspec check on the default configuration prints every property with its run count', () => {
    const r = runs.get('check')!;
    for (const p of INVARIANTS) expect(r.stdout).toMatch(new RegExp(`✓ ${p.name} +holds +200 runs`));
    for (const g of applicableGoals(GOALS, DEFAULT_CONFIG)) expect(r.stdout).toMatch(new RegExp(`✓ sometimes ${g.name} +reached +in \\d+ of 200 runs`));
  });

  it('the Dynamic Memory example, runs of up to 80 ops, reaches every goal, Dynamic Memory ones included', () => {
    // Runs of up to 40 ops reach some goals (two-vps-await-the-root-at-once, balloon-inflates-and-deflates) in about 1
    // of 200 runs, so whether seed 1 reaches them all is chance; with 80, seeds 1 to 6 all do (at least 2 runs each).
    const r = runs.get('check --config examples/dynamic-memory.json --depth 80')!;
    const goals = applicableGoals(GOALS, DM_DEMO_CONFIG);
    // The example switches synthetic I/O off and keeps the default TLB discipline, so only the interrupt and VMBus goals
    // and the tagged discipline's goal do not apply.
    expect(goals.map((g) => g.name)).toEqual(GOALS.filter((g) => !interruptGoals.includes(g) && !vmbusGoals.includes(g) && g !== taggedSwitchPurgesNothing).map((g) => g.name));
    for (const g of goals) expect(r.stdout).toMatch(new RegExp(`✓ sometimes ${g.name} +reached +in \\d+ of 200 runs`));
    // Its own coverage footer: the run alone reaches every state of the Dynamic Memory driver and VSP.
    for (const m of ['dmGuest', 'dmHost']) {
      const [, covered, total] = new RegExp(`\\n  ${m} +states (\\d+)/(\\d+)`).exec(r.stdout) ?? [];
      expect(Number(total), m).toBeGreaterThan(1);
      expect(covered, m).toBe(total);
    }
  });

  it('reaches every state and at least 94 % of transitions; what it misses is by design, with a reason', async () => {
    expect(runs.size).toBe(checkScript().length);
    // Each check reports only its own run; hvspec coverage merges every recorded one.
    const merged = await hvspec(['coverage'], cwd);
    expect(merged.status, merged.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(cwd, 'reports/coverage/coverage.json'), 'utf8')) as {
      coverage: { headlineEngines: string[]; machines: { machine: string; headline: { states: { covered: number; total: number } }; transitions: TransitionEntry[] }[] };
    };
    const { machines, headlineEngines } = report.coverage;
    expect(headlineEngines).not.toContain('paths');
    for (const m of machines) expect(m.headline.states, m.machine).toEqual({ covered: m.headline.states.total, total: m.headline.states.total });
    const all = machines.flatMap((m) => m.transitions.map((t) => ({ ...t, machine: m.machine })));
    const missed = all.filter((t) => t.status !== 'visited');
    // Six transitions are unreachable by design (below) of 117: every other one is reached.
    expect((all.length - missed.length) / all.length).toBeGreaterThanOrEqual(0.94);
    for (const t of missed) {
      expect(t.status, `${t.machine} ${t.id}`).toBe('by-design');
      expect(t.reason, `${t.machine} ${t.id}`).toBeTruthy();
    }
    // The figures the README states: 116 of 121, and exactly these five by design.
    expect([all.length - missed.length, all.length]).toEqual([116, 121]);
    expect(missed.map((t) => `${t.machine} ${t.id}`).sort()).toEqual([
      'interrupt deferring:RAISE:0',
      'partition active:FinalizePartition:0',
      'vp ready:INTERCEPT_SUSPEND:0',
      'vp suspended:INTERCEPT_SUSPEND:0',
      'vp waiting:INTERCEPT_SUSPEND:0',
    ]);
  });
});
