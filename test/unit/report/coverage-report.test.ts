import { describe, expect, it } from 'vitest';
import { universeOf } from '../../../src/coverage/universe.js';
import { CoverageCollector } from '../../../src/coverage/collector.js';
import { runTrace } from '../../../src/check/run.js';
import { summarize } from '../../../src/coverage/summary.js';
import { STANDARD_MACHINES, standardWorld } from '../../../src/system/system.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import type { Op } from '../../../src/system/ops.js';
import { renderText, headlineLines, totalLine } from '../../../src/report/text.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { renderHtml } from '../../../src/report/html.js';
import { renderJson } from '../../../src/report/write.js';
import { summaryDots } from '../../../src/report/dot.js';
import { layoutSvgs } from '../../../src/report/layout.js';
import { traceView } from '../../../src/report/trace-view.js';
import { INVARIANTS } from '../../../properties/index.js';
import { buildWorld } from '../../../src/faults/build-world.js';

const OPS: Op[] = [
  { type: 'createPartition', pid: 'p1' },
  { type: 'depositMemory', pid: 'p1', pages: 2 },
  { type: 'initializePartition', pid: 'p1' },
  { type: 'mapGpaPages', pid: 'p1', gpa: 14, pages: 2, access: 15 },
  { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 },
  { type: 'guestAccess', lp: 0, gva: 0x10, write: true },
];

function summary() {
  const c = new CoverageCollector();
  runTrace(standardWorld(DEFAULT_CONFIG), OPS, [], [], [c.observer('random')]);
  return summarize(universeOf(STANDARD_MACHINES), c.data());
}

describe('coverage reports', () => {
  it('text: one headline per machine and every unvisited transition with its reason', () => {
    const s = summary();
    expect(headlineLines(s)).toEqual([
      'partition   states 2/5 (40%)      transitions 3/22 (13%)      guards both ways 0/4',
      'vp          states 2/5 (40%)      transitions 1/17 (5%)       guards both ways 0/2',
      'lp          states 2/2 (100%)     transitions 1/7 (14%)       guards both ways 0/4',
      'intercept   states 0/3 (0%)       transitions 0/4 (0%)        guards both ways 0/1',
      'vmWorker    states 0/2 (0%)       transitions 0/7 (0%)        guards both ways 0/3',
      'dmGuest     states 0/9 (0%)       transitions 0/20 (0%)       guards both ways 0/15',
      'dmHost      states 0/9 (0%)       transitions 0/29 (0%)       guards both ways 0/15',
      'interrupt   states 0/2 (0%)       transitions 0/5 (0%)        guards both ways 0/2',
      'io          states 0/6 (0%)       transitions 0/5 (0%)        guards both ways 0/0',
      'ringReader  states 0/3 (0%)       transitions 0/5 (0%)        guards both ways 0/1',
    ]);
    const t = renderText(s);
    expect(t).toContain('active --FinalizePartition [hasChildren]--> (stays)  (by-design: child partitions never create partitions');
    expect(t).toContain('running --HALT--> waiting  (gap: not reached by these runs)');
    expect(t).toContain('(any state) --DELETE--> deleted  (gap: not reached by these runs)');
    // The total: 5 + 1 + 1 transitions taken; 9 of the rest are by design, the others gaps.
    expect(totalLine(s)).toBe('all machines: states 6/46 (13%), transitions 5/121 (4%); not reached: 5 by design, 111 gaps');
    expect(t).toContain(totalLine(s));
  });

  it('text: names the transitions some engine took but the random engine did not, with the engines that did', () => {
    const c = new CoverageCollector();
    const run = (ops: Op[], engine: string) => runTrace(standardWorld(DEFAULT_CONFIG), ops, [], [], [c.observer(engine)]);
    // The random engine stops before mapping memory; the path walker maps and dispatches.
    run(OPS.slice(0, 3), 'random');
    run(OPS, 'paths');
    const t = renderText(summarize(universeOf(STANDARD_MACHINES), c.data()));
    expect(t).toContain('partition: reached, but not by the random engine\n  active --MapGpaPages--> (stays)  (only paths)');
    expect(t).toContain('vp: reached, but not by the random engine\n  ready --DISPATCH--> running  (only paths)');
    expect(t).not.toContain('uninitialized --DepositMemory--> (stays)  (only');
  });

  it('JSON is stable: the same facts give the same bytes', () => {
    const a = renderJson({ summary: summary(), properties: [] });
    const b = renderJson({ summary: summary(), properties: [] });
    expect(a).toBe(b);
    const doc = JSON.parse(a);
    expect(doc.coverage.machines.map((m: { machine: string }) => m.machine)).toEqual(['partition', 'vp', 'lp', 'intercept', 'vmWorker', 'dmGuest', 'dmHost', 'interrupt', 'io', 'ringReader']);
    expect(Object.keys(doc.coverage)).toEqual([...Object.keys(doc.coverage)].sort());
  });

  it('Markdown carries a Mermaid statechart per machine, unvisited transitions marked', () => {
    const md = renderMarkdown(summary());
    expect(md.match(/```mermaid\nstateDiagram-v2/g)).toHaveLength(10);
    expect(md).toContain('uninitialized --> active : InitializePartition [poolSufficient] ×1');
    expect(md).toContain('running --> waiting : HALT ✗ never');
    expect(md).toContain('| lp | 2/2 (100%) | 1/7 (14%) | 0/4 |');
  });

  it('Graphviz (WebAssembly) lays out every machine', async () => {
    const svgs = await layoutSvgs(summaryDots(summary()));
    expect(Object.keys(svgs)).toEqual(['partition', 'vp', 'lp', 'intercept', 'vmWorker', 'dmGuest', 'dmHost', 'interrupt', 'io', 'ringReader']);
    for (const svg of Object.values(svgs)) expect(svg.startsWith('<svg')).toBe(true);
    expect(svgs.vp).toContain('id="state&#45;vp&#45;running"');
  });

  it('HTML is a pure function of its data, self-contained, and escapes what it shows', () => {
    const world = buildWorld(DEFAULT_CONFIG, ['skip-tlb-purge-on-vm-switch']);
    const trace = traceView(world, OPS, INVARIANTS, '<trace & title>');
    const input = { title: 'hvspec coverage', source: 'test', summary: summary(), svgs: { partition: '<svg id="p"></svg>' }, properties: [], traces: [trace] };
    const html = renderHtml(input);
    expect(renderHtml(input)).toBe(html);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/);
    expect(html).toContain('data-machine="vp"');
    expect(html).toContain('<svg id="p"></svg>');
    expect(html).not.toContain('<trace & title>');
    expect(html).toContain('\\u003ctrace & title>');
    expect(trace.steps).toHaveLength(OPS.length);
    expect(trace.steps[3]!.after.slat.p1!.map((e) => e[0])).toEqual([14, 15]);
    expect(trace.steps[5]!.after.tlb[0]!.entries).toHaveLength(1);
  });
});
