/**
 * What a statechart drawing shows, independent of the drawing language:
 * one edge per transition (a transition declared on the root is drawn from
 * every top-level state that does not handle its event itself), and the
 * status and visit count of every state and edge.
 */
import type { MachineCoverage, StateCoverage, TransitionCoverage } from '../coverage/summary.js';

/** One edge to draw. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly t: TransitionCoverage;
}

/** The states drawn (the machine's root excluded) and the edges between them. */
export function diagramOf(m: MachineCoverage): { readonly states: readonly StateCoverage[]; readonly edges: readonly DiagramEdge[] } {
  const states = m.states.filter((s) => s.id !== '*');
  const topLevel = states.filter((s) => !s.id.includes('.') && s.type !== 'final');
  const edges: DiagramEdge[] = [];
  for (const t of m.transitions) {
    const otherwise = !t.guard && t.index > 0 && m.transitions.some((o) => o.source === t.source && o.event === t.event && o.index < t.index && o.guard);
    const label = `${t.event}${t.guard ? ` [${t.guard}]` : otherwise ? ' [else]' : ''}`;
    if (t.source === '*') {
      for (const s of topLevel) if (!m.transitions.some((o) => o.source === s.id && o.event === t.event)) edges.push({ from: s.id, to: t.target, label, t });
    } else edges.push({ from: t.source, to: t.target, label, t });
  }
  return { states, edges };
}

/** Headline visit count of a state or transition (engines other than the path walker). */
export function headVisits(x: { byEngine: Readonly<Record<string, number>> }, headlineEngines: readonly string[]): number {
  return headlineEngines.reduce((n, e) => n + (x.byEngine[e] ?? 0), 0);
}

/** Colour (hex) for a visit count relative to the most visited: pale to deep blue. */
export function heat(n: number, max: number): string {
  if (n <= 0 || max <= 0) return '#ffffff';
  const f = Math.log1p(n) / Math.log1p(max);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * f);
  const [r, g, b] = [mix(0xe3, 0x1f), mix(0xf0, 0x5f), mix(0xfc, 0xb4)];
  return `#${[r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}
