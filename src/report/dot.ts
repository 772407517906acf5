/**
 * A machine's coverage as a Graphviz DOT statechart: states filled by how
 * often they were visited, edges drawn thicker and darker the more they
 * were taken; never-visited states and transitions in red and dashed,
 * ones only the path walker reached in orange, unreachable-by-design ones
 * in grey and dotted.
 */
import type { CoverageSummary, MachineCoverage, CoverageStatus } from '../coverage/summary.js';
import { diagramOf, headVisits, heat } from './diagram.js';

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const EDGE_STYLE: Record<Exclude<CoverageStatus, 'visited'>, string> = {
  'paths-only': 'color="#e07b00" fontcolor="#e07b00" style=dashed',
  'by-design': 'color="#999999" fontcolor="#777777" style=dotted',
  gap: 'color="#d62728" fontcolor="#d62728" style=dashed',
};

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
  for (const e of edges) {
    const n = headVisits(e.t, headlineEngines);
    const style =
      e.t.status === 'visited'
        ? `color="${heat(n, maxT) === '#ffffff' ? '#1f5fb4' : heat(n, maxT)}" fontcolor="#1f3f6b" penwidth=${(1 + (3 * Math.log1p(n)) / Math.log1p(Math.max(1, maxT))).toFixed(2)}`
        : EDGE_STYLE[e.t.status];
    const count = e.t.status === 'visited' ? ` ×${n}` : e.t.status === 'paths-only' ? ' (paths only)' : e.t.status === 'by-design' ? ' (by design)' : ' (never)';
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.label + count)} ${style} tooltip=${q(e.t.reason ?? e.t.id)}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** DOT source of every machine, by machine name. */
export function summaryDots(s: CoverageSummary): Record<string, string> {
  return Object.fromEntries(s.machines.map((m) => [m.machine, machineDot(m, s.headlineEngines)]));
}
