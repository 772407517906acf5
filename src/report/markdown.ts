/**
 * The coverage summary as Markdown with Mermaid statecharts, which code
 * hosts render in pull requests: the headline table, one diagram per
 * machine (unvisited states and transitions marked), and the list of what
 * was never reached and why.
 */
import { type CoverageSummary, type MachineCoverage, percent } from '../coverage/summary.js';
import { diagramOf, headVisits } from './diagram.js';
import { unvisitedLines } from './text.js';

const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');
const text = (s: string) => s.replace(/[:;#]/g, ' ').replace(/\s+/g, ' ').trim();

/** A Mermaid stateDiagram-v2 of one machine's coverage. */
export function machineMermaid(m: MachineCoverage, headlineEngines: readonly string[]): string {
  const { states, edges } = diagramOf(m);
  const lines = ['stateDiagram-v2', '  classDef never fill:#fde8e8,stroke:#d62728,stroke-dasharray:4', '  classDef pathsOnly fill:#fff1dc,stroke:#e07b00'];
  for (const s of states) lines.push(`  state "${s.id} ×${headVisits(s, headlineEngines)}" as ${id(s.id)}`);
  lines.push(`  [*] --> ${id(m.initial)}`);
  for (const s of states) if (s.type === 'final') lines.push(`  ${id(s.id)} --> [*]`);
  for (const e of edges) {
    const mark = e.t.status === 'visited' ? `×${headVisits(e.t, headlineEngines)}` : e.t.status === 'paths-only' ? '(paths only)' : e.t.status === 'by-design' ? '(by design)' : '✗ never';
    lines.push(`  ${id(e.from)} --> ${id(e.to)} : ${text(e.label)} ${mark}`);
  }
  for (const s of states) {
    if (s.status === 'gap' || s.status === 'by-design') lines.push(`  class ${id(s.id)} never`);
    if (s.status === 'paths-only') lines.push(`  class ${id(s.id)} pathsOnly`);
  }
  return lines.join('\n');
}

/** The whole Markdown report. */
export function renderMarkdown(s: CoverageSummary): string {
  const out = [
    '# hvspec state coverage',
    '',
    `Engines counted: ${s.headlineEngines.length ? s.headlineEngines.join(', ') : 'none'}${s.engines.includes('paths') ? ' (the model-based path walker is counted apart)' : ''}.`,
    '',
    '| machine | states | transitions | guards both ways |',
    '|---|---|---|---|',
    ...s.machines.map((m) => {
      const h = m.headline;
      return `| ${m.machine} | ${h.states.covered}/${h.states.total} (${percent(h.states)}) | ${h.transitions.covered}/${h.transitions.total} (${percent(h.transitions)}) | ${h.guardsBothWays.covered}/${h.guardsBothWays.total} |`;
    }),
  ];
  for (const m of s.machines) {
    out.push('', `## ${m.machine}`, '', '```mermaid', machineMermaid(m, s.headlineEngines), '```');
    const un = unvisitedLines(m);
    out.push('', un.length ? 'Not covered:' : 'Every state and transition was covered.');
    if (un.length) out.push('', ...un.map((l) => `- ${l.trim()}`));
  }
  return out.join('\n') + '\n';
}
