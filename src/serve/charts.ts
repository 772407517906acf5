/**
 * The statecharts of the explorer page: every machine drawn once (Graphviz
 * compiled to WebAssembly, as the coverage report draws them) in neutral
 * colours, each state's node and each transition's edge given an id the
 * page finds them by: `state~MACHINE~PATH` and `edge~MACHINE~ID~FROM`.
 */
import type { MachineSet } from '../system/system.js';
import { universeOf } from '../coverage/universe.js';
import { summarize } from '../coverage/summary.js';
import { emptyCoverage } from '../coverage/data.js';
import { diagramOf } from '../report/diagram.js';
import { layoutSvgs } from '../report/layout.js';
import type { MachineCoverage } from '../coverage/summary.js';

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** The DOT source of one machine for the page. */
export function chartDot(m: MachineCoverage): string {
  const { states, edges } = diagramOf(m);
  const lines = [
    `digraph ${q(m.machine)} {`,
    '  rankdir=LR; bgcolor="transparent"; pad=0.15;',
    '  node [shape=box style="rounded,filled" fillcolor="#ffffff" color="#7a8699" fontname="Helvetica" fontsize=11];',
    '  edge [fontname="Helvetica" fontsize=9 arrowsize=0.7 color="#9aa5b5" fontcolor="#5a6475"];',
    '  "__start" [shape=point width=0.1 style=filled fillcolor=black label=""];',
    `  "__start" -> ${q(m.initial)};`,
  ];
  for (const s of states) lines.push(`  ${q(s.id)} [${s.type === 'final' ? 'peripheries=2 ' : ''}id=${q(`state~${m.machine}~${s.id}`)} class="state"];`);
  for (const e of edges) lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.label)} id=${q(`edge~${m.machine}~${e.t.id}~${e.from}`)} class="tr"];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** The SVG of every machine of `machines`, by machine name. */
export async function chartSvgs(machines: MachineSet): Promise<Record<string, string>> {
  const summary = summarize(universeOf(machines), emptyCoverage());
  return layoutSvgs(Object.fromEntries(summary.machines.map((m) => [m.machine, chartDot(m)])));
}
