/**
 * The coverage report as plain text: one table row per machine (states,
 * transitions and guards covered), then every state and transition no
 * engine reached, with the reason when one is known.
 */
import { type CoverageSummary, type MachineCoverage, type TransitionCoverage, percent, type Ratio } from '../coverage/summary.js';

const ratio = (r: Ratio) => `${r.covered}/${r.total} (${percent(r)})`;

/** `source --event [guard]--> target`, as the report names a transition. */
export function transitionLabel(t: Pick<TransitionCoverage, 'source' | 'event' | 'guard' | 'target' | 'targetless'>): string {
  const from = t.source === '*' ? '(any state)' : t.source;
  return `${from} --${t.event}${t.guard ? ` [${t.guard}]` : ''}--> ${t.targetless ? '(stays)' : t.target}`;
}

/** One line per machine: its headline figures. */
export function headlineLines(s: CoverageSummary): string[] {
  const w = Math.max(7, ...s.machines.map((m) => m.machine.length));
  return s.machines.map(
    (m) =>
      `${m.machine.padEnd(w)}  states ${ratio(m.headline.states).padEnd(13)}  transitions ${ratio(m.headline.transitions).padEnd(14)}  guards both ways ${m.headline.guardsBothWays.covered}/${m.headline.guardsBothWays.total}`,
  );
}

/** One line over every machine: states and transitions covered, and why the rest are not (by design, gaps, reached only by the path walker). */
export function totalLine(s: CoverageSummary): string {
  const sum = (f: (m: MachineCoverage) => Ratio): Ratio =>
    s.machines.reduce((a, m) => ({ covered: a.covered + f(m).covered, total: a.total + f(m).total }), { covered: 0, total: 0 });
  const rest = s.machines.flatMap((m) => m.transitions.filter((t) => t.status !== 'visited'));
  const count = (status: string) => rest.filter((t) => t.status === status).length;
  const why = [`${count('by-design')} by design`, `${count('gap')} gaps`, ...(count('paths-only') ? [`${count('paths-only')} reached only by the path walker`] : [])].join(', ');
  return `all machines: states ${ratio(sum((m) => m.headline.states))}, transitions ${ratio(sum((m) => m.headline.transitions))}; not reached: ${why}`;
}

/** The never-visited states and transitions of one machine, with reasons. */
export function unvisitedLines(m: MachineCoverage): string[] {
  const out: string[] = [];
  for (const st of m.states) if (st.status !== 'visited') out.push(`  state ${st.id}: ${st.status === 'paths-only' ? 'reached only by the path walker' : 'never visited'}`);
  for (const t of m.transitions) {
    if (t.status === 'visited') continue;
    const why = t.status === 'paths-only' ? 'reached only by the path walker' : `${t.status}${t.reason ? `: ${t.reason}` : ': not reached by these runs'}`;
    out.push(`  ${transitionLabel(t)}  (${why})`);
  }
  for (const o of m.outside) out.push(`  recorded but not declared: ${o.key} ×${o.visits}`);
  return out;
}

/** Transitions of `m` some engine took but the random engine did not, with the engines that did (the path walker, scenarios...). */
export function notRandomLines(m: MachineCoverage): string[] {
  return m.transitions
    .filter((t) => t.visits > 0 && !t.byEngine.random)
    .map((t) => `  ${transitionLabel(t)}  (only ${Object.keys(t.byEngine).filter((e) => t.byEngine[e]).sort().join(', ')})`);
}

/** The whole text report. */
export function renderText(s: CoverageSummary): string {
  const lines = [`coverage (${s.headlineEngines.length ? s.headlineEngines.join(', ') : 'no engine run'}${s.engines.includes('paths') ? '; path walker counted apart' : ''})`, ...headlineLines(s), totalLine(s)];
  for (const m of s.machines) {
    const un = unvisitedLines(m);
    if (un.length) lines.push('', `${m.machine}: not covered`, ...un);
  }
  if (s.engines.includes('random'))
    for (const m of s.machines) {
      const only = notRandomLines(m);
      if (only.length) lines.push('', `${m.machine}: reached, but not by the random engine`, ...only);
    }
  if (s.unknownMachines.length) lines.push('', `machines recorded but not in the universe: ${s.unknownMachines.join(', ')}`);
  return lines.join('\n') + '\n';
}
