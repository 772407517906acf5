/**
 * The saved counterexamples (`.hvspec/failures/*.json`) as the HTML viewer
 * shows them: every readable trace file replayed on its own config and
 * faults. Files that do not decode (or are not regular files, or too
 * large) are left out; `hvspec check` sets them aside.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FAILURES_DIR, SAVED_FAILURE_MAX_BYTES } from '../check/failures.js';
import { readRegularFile } from '../files/read-regular.js';
import { decodeTrace } from '../check/trace-file.js';
import { FAULTS } from '../faults/catalogue.js';
import { buildWorld } from '../faults/build-world.js';
import { INVARIANTS } from '../../properties/index.js';
import { type TraceView, traceView } from './trace-view.js';

/** Views of at most `limit` saved traces, by file name. */
export function savedTraceViews(dir = FAILURES_DIR, limit = 20): TraceView[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const out: TraceView[] = [];
  for (const n of names.slice(0, limit)) {
    try {
      const t = decodeTrace(readRegularFile(join(dir, n), SAVED_FAILURE_MAX_BYTES), FAULTS);
      const title = `${t.property} · ${t.faults.length ? t.faults.join(', ') : 'no fault'} · ${t.ops.length} ops (${n})`;
      out.push(traceView(buildWorld(t.config, t.faults), t.ops, INVARIANTS, title, t.property));
    } catch {
      // Not a trace this version reads.
    }
  }
  return out;
}
