/**
 * Transition-pair coverage: the universe of pairs a statechart's structure
 * allows, the pairs each instance's run takes (runs and instances kept
 * apart), and the pairs in the JSON, HTML and Markdown reports.
 */
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { machineUniverse, universeOf } from '../../../src/coverage/universe.js';
import { pairUniverse } from '../../../src/coverage/pair-universe.js';
import { PairTracker } from '../../../src/coverage/pairs.js';
import { CoverageCollector } from '../../../src/coverage/collector.js';
import { summarize } from '../../../src/coverage/summary.js';
import type { MachineTransition } from '../../../src/system/outcome.js';
import { STANDARD_MACHINES } from '../../../src/system/system.js';
import { checkScenario, scenarioByName } from '../../../src/scenarios/index.js';
import { INVARIANTS } from '../../../properties/index.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { renderHtml } from '../../../src/report/html.js';

/** a -GO-> b (which settles back in a when its guard lets it), a -STAY-> a (targetless), a -END-> done (final), b -BACK-> a. */
const toy = setup({ guards: { settle: () => true } }).createMachine({
  id: 'toy',
  initial: 'a',
  states: {
    a: { on: { GO: 'b', STAY: {}, END: 'done' } },
    b: { always: { guard: 'settle', target: 'a' }, on: { BACK: 'a' } },
    done: { type: 'final' },
  },
});

const tr = (machine: string, instance: string, branch: string, from = 'a'): MachineTransition => ({ machine, instance, branch, from, event: 'E', to: 'a', actions: [] });

describe('the universe of transition pairs', () => {
  it('holds the pairs whose second can be tried where the first leads (eventless transitions included), none after a final state', () => {
    const pairs = pairUniverse(machineUniverse('toy', toy)).map(([a, b]) => `${a} ${b}`);
    expect(pairs.filter((p) => p.startsWith('a:GO:0 '))).toEqual(['a:GO:0 a:GO:0', 'a:GO:0 a:STAY:0', 'a:GO:0 a:END:0', 'a:GO:0 b:BACK:0']);
    expect(pairs.filter((p) => p.startsWith('a:STAY:0 '))).toEqual(['a:STAY:0 a:GO:0', 'a:STAY:0 a:STAY:0', 'a:STAY:0 a:END:0']);
    expect(pairs.filter((p) => p.startsWith('a:END:0 '))).toEqual([]);
    expect(pairs).toHaveLength(10);
  });
});

describe('the pairs a run takes', () => {
  it('pairs each instance with its own last transition, along one run only', () => {
    const t = new PairTracker();
    const [s0, s1, s2, s3] = [{}, {}, {}, {}];
    expect(t.step(s0, s1, [tr('vp', 'p1.vp0', 'a:GO:0'), tr('vp', 'p1.vp1', 'a:STAY:0')])).toEqual([]);
    expect(t.step(s1, s2, [tr('vp', 'p1.vp0', 'b:BACK:0', 'b'), tr('lp', 'lp0', 'a:GO:0')])).toEqual([['vp', 'a:GO:0 -> b:BACK:0']]);
    // Another run from the initial state: vp0 has taken nothing yet there.
    expect(t.step(s0, s3, [tr('vp', 'p1.vp0', 'b:BACK:0', 'b')])).toEqual([]);
    // A creation (an id used again) follows nothing.
    expect(t.step(s2, {}, [{ machine: 'vp', instance: 'p1.vp0', from: '(none)', event: 'NEW', to: 'a', actions: [] }])).toEqual([]);
  });

  it('a scenario takes pairs of its machines, every one inside the universe, and the reports show them', () => {
    const c = new CoverageCollector();
    checkScenario(scenarioByName('synthetic-io')!, INVARIANTS, [c.observer('scenario')]);
    const s = summarize(universeOf(STANDARD_MACHINES), c.data());
    for (const m of s.machines) {
      expect(m.outsidePairs).toEqual([]);
      expect(m.headline.pairs.total).toBe(m.pairs.length);
      expect(m.headline.pairs.total).toBeGreaterThan(0);
    }
    const io = s.machines.find((m) => m.machine === 'io')!;
    expect(io.headline.pairs.covered).toBeGreaterThan(0);
    const taken = io.pairs.filter((p) => p.status === 'visited');
    expect(taken.every((p) => p.visits > 0)).toBe(true);
    const md = renderMarkdown(s);
    expect(md).toContain('| machine | states | transitions | guards both ways | transition pairs |');
    expect(md).toContain(`| io | ${io.headline.states.covered}/`);
    expect(md).toContain(`Transition pairs: ${io.headline.pairs.covered}/${io.headline.pairs.total}`);
    const html = renderHtml({ title: 't', source: 's', summary: s, svgs: {}, properties: [], traces: [] });
    expect(html).toContain('<th>transition pairs</th>');
    expect(html).toContain(`<div class="pairs" data-pairs="io"><b>transition pairs</b> ${io.headline.pairs.covered}/${io.headline.pairs.total}`);
  });
});
