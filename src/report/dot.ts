/**
 * A machine's coverage as a Graphviz DOT statechart: states filled by how
 * often they were visited, edges drawn thicker and darker the more they
 * were taken; never-visited states and transitions in red and dashed,
 * ones only the path walker reached in orange, unreachable-by-design ones
 * in grey and dotted.
 */
import type { CoverageSummary, MachineCoverage, CoverageStatus } from '../coverage/summary.js';
import { type DiagramEdge, diagramOf, headVisits, heat } from './diagram.js';

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const EDGE_STYLE: Record<Exclude<CoverageStatus, 'visited'>, string> = {
  'paths-only': 'color="#e07b00" fontcolor="#e07b00" style=dashed',
  'by-design': 'color="#999999" fontcolor="#777777" style=dotted',
  gap: 'color="#d62728" fontcolor="#d62728" style=dashed',
};

const TEXT_COLOUR: Record<CoverageStatus, string> = { visited: '#1f3f6b', 'paths-only': '#e07b00', 'by-design': '#777777', gap: '#d62728' };

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function countText(e: DiagramEdge, n: number): string {
  return e.t.status === 'visited' ? ` ×${n}` : e.t.status === 'paths-only' ? ' (paths only)' : e.t.status === 'by-design' ? ' (by design)' : ' (never)';
}

function edgeStyle(e: DiagramEdge, n: number, maxT: number): string {
  if (e.t.status !== 'visited') return EDGE_STYLE[e.t.status];
  const c = heat(n, maxT);
  return `color="${c === '#ffffff' ? '#1f5fb4' : c}" fontcolor="#1f3f6b" penwidth=${(1 + (3 * Math.log1p(n)) / Math.log1p(Math.max(1, maxT))).toFixed(2)}`;
}

/** The DOT source of one machine's statechart. */
export function machineDot(m: MachineCoverage, headlineEngines: readonly string[]): string {
  const { states, edges } = diagramOf(m);
  const maxS = Math.max(0, ...states.map((s) => headVisits(s, headlineEngines)));
  const maxT = Math.max(0, ...edges.map((e) => headVisits(e.t, headlineEngines)));
  const lines = [
    `digraph ${q(m.machine)} {`,
    '  rankdir=LR; bgcolor="transparent"; pad=0.2;',
    '  node [shape=box style="rounded,filled" fontname="Helvetica" fontsize=11 penwidth=1.4];',
    '  edge [fontname="Helvetica" fontsize=9 arrowsize=0.7];',
    '  "__start" [shape=point width=0.12 style=filled fillcolor=black label=""];',
    `  "__start" -> ${q(m.initial)};`,
  ];
  for (const s of states) {
    const n = headVisits(s, headlineEngines);
    const fill = heat(n, maxS);
    const fontcolor = n > 0 && Math.log1p(n) / Math.log1p(maxS) > 0.6 ? 'white' : 'black';
    const border = s.status === 'visited' ? '#1f3f6b' : s.status === 'paths-only' ? '#e07b00' : '#d62728';
    const style = s.status === 'visited' ? '"rounded,filled"' : '"rounded,filled,dashed"';
    const shape = s.type === 'final' ? 'peripheries=2 ' : '';
    const label = `${s.id}\n${s.status === 'visited' ? `×${n}` : s.status === 'paths-only' ? 'path walker only' : 'never visited'}`;
    lines.push(`  ${q(s.id)} [${shape}label=${q(label)} fillcolor="${fill}" color="${border}" fontcolor="${fontcolor}" style=${style} id=${q(`state-${m.machine}-${s.id}`)}];`);
  }
  const selfLoops = new Map<string, DiagramEdge[]>();
  for (const e of edges) {
    if (e.from === e.to) {
      selfLoops.set(e.from, [...(selfLoops.get(e.from) ?? []), e]);
      continue;
    }
    const n = headVisits(e.t, headlineEngines);
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.label + countText(e, n))} ${edgeStyle(e, n, maxT)} tooltip=${q(e.t.reason ?? e.t.id)}];`);
  }
  // The transitions that stay in a state are drawn as one loop listing them all, each line in its own colour.
  for (const [state, loops] of selfLoops) {
    const rows = loops.map((e) => {
      const n = headVisits(e.t, headlineEngines);
      return `<tr><td align="left"><font color="${TEXT_COLOUR[e.t.status]}">${html(e.label + countText(e, n))}</font></td></tr>`;
    });
    const best = loops.reduce((m, e) => Math.max(m, headVisits(e.t, headlineEngines)), 0);
    const style = best > 0 ? `color="#1f5fb4" penwidth=1.2` : EDGE_STYLE[loops[0]!.t.status === 'visited' ? 'gap' : loops[0]!.t.status];
    lines.push(`  ${q(state)} -> ${q(state)} [label=<<table border="0" cellpadding="0" cellspacing="0">${rows.join('')}</table>> ${style}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** DOT source of every machine, by machine name. */
export function summaryDots(s: CoverageSummary): Record<string, string> {
  return Object.fromEntries(s.machines.map((m) => [m.machine, machineDot(m, s.headlineEngines)]));
}
