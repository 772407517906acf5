/**
 * The import graph of a tree, as dependency-cruiser reads it with the
 * project's rules (.dependency-cruiser.cjs), and the cycles between folders.
 */
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { resolve } from 'node:path';

/** What the check found: rule violations (one line each) and folder cycles (folders in order). */
export interface DependencyReport {
  readonly modules: number;
  readonly violations: readonly string[];
  readonly folderCycles: readonly (readonly string[])[];
}

/**
 * The folder a file counts in: `src/<x>`, `models/<mechanism>`, or the top
 * folder. A mechanism's `faults.ts` counts in `src/faults`: faults sit above
 * the system they break (they replace its machines, substrate functions and
 * op applies), and live beside their mechanism only to be found in one hop.
 * A mechanism's `ops.ts` counts in `src/system`: its op records are built
 * on the system's step context and handlers, and the op registry there
 * gathers them.
 */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'models' && parts.length === 3 && parts[2] === 'faults.ts') return 'src/faults';
  if (parts[0] === 'models' && parts.length === 3 && parts[2] === 'ops.ts') return 'src/system';
  if ((parts[0] === 'src' || parts[0] === 'models') && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts.length > 1 ? parts[0]! : '.';
}

/** Every cycle of the folder graph, one per strongly connected component of more than one folder. */
export function folderCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  // Tarjan's strongly connected components, iterative enough for a few dozen folders.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** Cruises `roots` (relative to the working directory) with the rules in `configFile`. */
export async function checkDependencies(roots: readonly string[], configFile = '.dependency-cruiser.cjs', tsConfigFile = 'tsconfig.json'): Promise<DependencyReport> {
  const options = await extractDepcruiseOptions(resolve(configFile));
  const ts = extractTSConfig(tsConfigFile);
  const result = await cruise([...roots], { ...options, outputType: 'json' }, undefined, { tsConfig: ts });
  const r = (typeof result.output === 'string' ? JSON.parse(result.output) : result.output) as ICruiseResult;
  const violations = r.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  const edges = new Map<string, Set<string>>();
  for (const m of r.modules) {
    const from = folderOf(m.source);
    if (!edges.has(from)) edges.set(from, new Set());
    for (const d of m.dependencies) {
      if (d.coreModule || d.couldNotResolve || d.resolved.includes('node_modules')) continue;
      const to = folderOf(d.resolved);
      if (to !== from) edges.get(from)!.add(to);
    }
  }
  return { modules: r.modules.length, violations, folderCycles: folderCycles(edges) };
}
