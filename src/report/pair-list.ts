/**
 * Transition-pair coverage as the reports show it: for one machine, the
 * pairs one instance took (first, then second, with how often) and the
 * pairs of the universe never taken, in the HTML page and in Markdown.
 */
import { type MachineCoverage, type PairCoverage, percent } from '../coverage/summary.js';

/** Escapes text for HTML (the same as the page's own). */
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One pair as a line of text: `first → second`. */
export const pairLabel = (p: PairCoverage): string => `${p.first} → ${p.second}`;

/** The pairs block of a machine's card: the ratio, then the pairs taken and those never taken, folded. */
export function pairsHtml(m: MachineCoverage): string {
  const h = m.headline.pairs;
  if (h.total === 0) return '';
  const taken = m.pairs.filter((p) => p.status === 'visited');
  const never = m.pairs.filter((p) => p.status !== 'visited');
  const rows = (ps: readonly PairCoverage[]) => ps.map((p) => `<tr class="st-${p.status}"><td class="mono">${esc(p.first)}</td><td class="mono">${esc(p.second)}</td><td>${p.visits}</td></tr>`).join('');
  const table = (ps: readonly PairCoverage[]) => `<table class="small"><tr><th>first</th><th>then</th><th>times</th></tr>${rows(ps)}</table>`;
  const outside = m.outsidePairs.length ? `<ul class="gaps">${m.outsidePairs.map((o) => `<li class="st-gap">pair recorded outside the universe: ${esc(o.key)} ×${o.visits}</li>`).join('')}</ul>` : '';
  return `<div class="pairs" data-pairs="${esc(m.machine)}"><b>transition pairs</b> ${h.covered}/${h.total} (${percent(h)})
<details><summary>${taken.length} taken</summary>${taken.length ? table(taken) : '<p>none</p>'}</details>
<details><summary>${never.length} never taken</summary>${never.length ? table(never) : '<p>none</p>'}</details>${outside}</div>`;
}

/** The Markdown lines of a machine's pairs: the ratio, and the pairs never taken in a details block. */
export function pairsMarkdown(m: MachineCoverage): string[] {
  const h = m.headline.pairs;
  if (h.total === 0) return [];
  const never = m.pairs.filter((p) => p.status !== 'visited');
  const out = ['', `Transition pairs: ${h.covered}/${h.total} (${percent(h)}) taken.`];
  if (never.length) out.push('', `<details><summary>${never.length} pairs never taken</summary>`, '', ...never.map((p) => `- \`${pairLabel(p)}\``), '', '</details>');
  for (const o of m.outsidePairs) out.push('', `- pair recorded outside the universe: \`${o.key}\` ×${o.visits}`);
  return out;
}
