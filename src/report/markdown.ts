/**
 * The Markdown report, plain GitHub-flavoured Markdown that reads as a CI
 * job summary (`$GITHUB_STEP_SUMMARY`) or a pull-request comment: first
 * the verdict of each command (holds, violated with the counterexample's
 * first lines and its replay command, bounded with what was not proved)
 * and its exit status, then the coverage: the headline table, one Mermaid
 * statechart per machine (unvisited states and transitions marked; in a
 * details block, as they are long) and what was never reached and why.
 * No timestamp: the same runs give the same bytes.
 */
import { type CoverageSummary, type MachineCoverage, percent } from '../coverage/summary.js';
import { diagramOf, headVisits } from './diagram.js';
import { unvisitedLines } from './text.js';
import { pairsMarkdown } from './pair-list.js';
import type { RunVerdict, VerdictKind } from './verdict.js';

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

/** Counterexample lines quoted before the rest goes into a details block. */
export const COUNTEREXAMPLE_HEAD_LINES = 12;

const MARK: Record<VerdictKind, string> = { holds: '✅ holds', violated: '❌ violated', bounded: '⚠️ bounded', usage: '⛔ refused' };
const RANK: Record<VerdictKind, number> = { holds: 0, bounded: 1, usage: 2, violated: 3 };

/** Text inside a code span (one line, no backtick) or a table cell (no bar). */
const code = (s: string) => `\`${s.replace(/[\r\n]+/g, ' ').replace(/`/g, "'")}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|');
const fence = (lines: readonly string[]) => ['```text', ...lines.map((l) => l.replace(/```/g, "'''")), '```'];

/** The verdict part: a headline over every command, a table of them, and the details of each that did not hold. */
export function verdictMarkdown(runs: readonly RunVerdict[]): string[] {
  if (!runs.length) return ['# hvspec', '', 'No verdict was recorded with these runs (coverage only).'];
  const worst = runs.reduce((a, r) => (RANK[r.verdict] > RANK[a.verdict] ? r : a));
  const out = [`# hvspec: ${MARK[worst.verdict]} (exit status ${worst.exitStatus})`, '', '| command | verdict | exit status |', '|---|---|---|'];
  for (const r of runs) out.push(`| ${cell(code(r.command))} | ${MARK[r.verdict]} | ${r.exitStatus} |`);
  for (const r of runs) {
    if (r.verdict === 'holds' && runs.length > 1) continue;
    out.push('', `### ${code(r.command)}`, '', `**${MARK[r.verdict]}** · exit status ${r.exitStatus} · ${r.summary}`);
    const cxs = r.counterexample ? [r.counterexample, ...(r.further ?? [])] : [];
    for (const cx of cxs) {
      if (cxs.length > 1) out.push('', `#### ${code(cx.property)}`);
      out.push('', ...fence(cx.lines.slice(0, COUNTEREXAMPLE_HEAD_LINES)));
      if (cx.lines.length > COUNTEREXAMPLE_HEAD_LINES)
        out.push('', `<details><summary>the whole counterexample (${cx.lines.length} lines)</summary>`, '', ...fence(cx.lines), '', '</details>');
      out.push('', `Replay: ${code(cx.replay)}`);
    }
    if (r.notProved?.length) out.push('', 'Not proved:', '', ...r.notProved.map((n) => `- ${n}`));
  }
  return out;
}

/** The whole Markdown report: the verdicts of `runs`, then the coverage. */
export function renderMarkdown(s: CoverageSummary, runs: readonly RunVerdict[] = []): string {
  const out = [
    ...verdictMarkdown(runs),
    '',
    '## State coverage',
    '',
    `Engines counted: ${s.headlineEngines.length ? s.headlineEngines.join(', ') : 'none'}${s.engines.includes('paths') ? ' (the model-based path walker is counted apart)' : ''}.`,
    '',
    '| machine | states | transitions | guards both ways | transition pairs |',
    '|---|---|---|---|---|',
    ...s.machines.map((m) => {
      const h = m.headline;
      return `| ${m.machine} | ${h.states.covered}/${h.states.total} (${percent(h.states)}) | ${h.transitions.covered}/${h.transitions.total} (${percent(h.transitions)}) | ${h.guardsBothWays.covered}/${h.guardsBothWays.total} | ${h.pairs.covered}/${h.pairs.total} (${percent(h.pairs)}) |`;
    }),
  ];
  for (const m of s.machines) {
    out.push('', `### ${m.machine}`, '', '<details><summary>statechart</summary>', '', '```mermaid', machineMermaid(m, s.headlineEngines), '```', '', '</details>');
    const un = unvisitedLines(m);
    out.push('', un.length ? 'Not covered:' : 'Every state and transition was covered.');
    if (un.length) out.push('', ...un.map((l) => `- ${l.trim()}`));
    out.push(...pairsMarkdown(m));
  }
  return out.join('\n') + '\n';
}
