/**
 * The per-property summary `hvspec check` prints: one line per property
 * with its run count, steps and result, then the counters.
 */
import type { CheckResult } from '../check/result.js';
import { INTERCEPT_KINDS } from '../../models/intercept/instructions.js';
import type { Counters } from '../system/counters.js';
import { formatInterruptCounters } from './interrupt-counters.js';
import type { Config } from '../system/config.js';

/** One line describing a configuration. */
export function describeConfig(c: Config): string {
  const parts = c.partitions.map((p) => p.id).join(', ');
  return `${c.partitions.length} child partition${c.partitions.length === 1 ? '' : 's'} (${parts}), ${c.logicalProcessors} LP${c.logicalProcessors === 1 ? '' : 's'}, ${c.frames} frames`;
}

/** The property table of a result. */
export function formatSummary(r: CheckResult): string[] {
  const names = [...r.invariants.map((i) => i.name), ...r.goals.map((g) => `sometimes ${g.name}`)];
  const w = Math.max(...names.map((n) => n.length)) + 2;
  const lines: string[] = [];
  const unit = r.engine === 'random' ? 'runs' : 'states';
  for (const inv of r.invariants) {
    const mark = inv.status === 'holds' ? '✓' : inv.status === 'violated' ? '✗' : '·';
    const what = inv.status === 'holds' ? `holds      ${r.runs} ${unit} · ${r.steps} steps` : inv.status === 'violated' ? 'violated' : 'not checked to the end (a violation stopped the run)';
    lines.push(`  ${mark} ${inv.name.padEnd(w)}${what}`);
  }
  for (const g of r.goals) {
    const mark = g.reachedIn > 0 ? '✓' : '✗';
    const what = g.reachedIn > 0 ? `reached    in ${g.reachedIn} of ${r.runs} ${unit}` : `never reached in ${r.runs} ${unit}`;
    lines.push(`  ${mark} ${`sometimes ${g.name}`.padEnd(w)}${what}`);
  }
  return lines;
}

/** The counters as indented lines. */
export function formatCounters(c: Counters): string[] {
  const calls = Object.entries(c.hypercalls)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const intercepts = INTERCEPT_KINDS.map((k) => `${k} ${c.intercepts[k] ?? 0}`).join(', ');
  return [
    `  hypercalls: ${calls || 'none'}`,
    `  intercepts posted to the root: ${intercepts}`,
    `  VM switches: ${c.vmSwitches} · TLB purges: ${c.tlbPurges} (${c.tlbEntriesPurged} entries) · guest accesses: ${c.guestAccesses} (TLB hits ${c.tlbHits}, misses ${c.tlbMisses}) · ticks: ${c.ticks}`,
    ...(c.tlbPurgesAvoided || c.tlbTagsRecycled ? [`  tagged TLBs: purges avoided ${c.tlbPurgesAvoided} (${c.tlbEntriesRetained} entries kept) · tags recycled ${c.tlbTagsRecycled}`] : []),
    `  Dynamic Memory: Add operations ${c.dmAddOperations} · Remove operations ${c.dmRemoveOperations} · pages paged ${c.dmPagesPaged} · low-memory notifications ${c.dmLowMemoryNotifications}`,
    formatInterruptCounters(c),
    // Printed only when a hostile guest gave the host something to reject.
    ...(c.dmMessagesRejected + c.ringIndicesRejected > 0 ? [`  rejected from guests: Dynamic Memory messages ${c.dmMessagesRejected} · ring indices ${c.ringIndicesRejected}`] : []),
  ];
}
