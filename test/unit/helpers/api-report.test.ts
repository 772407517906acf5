/**
 * The API report (test/helpers/api-report.ts) on a small package: what it
 * lists, what it flags as undocumented, and what a change to a type the
 * entry reaches without exporting does to it.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import ts from 'typescript';
import { apiReport } from '../../helpers/api-report.js';

/** The report of a package whose entry is `index` and whose other file is `inner`. */
function reportOf(index: string, inner: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hvspec-api-'));
  writeFileSync(join(dir, 'index.d.ts'), index);
  writeFileSync(join(dir, 'inner.d.ts'), inner);
  const program = ts.createProgram({ rootNames: [join(dir, 'index.d.ts')], options: { strict: true, noEmit: true, types: [], lib: ['lib.es2022.d.ts'] } });
  return apiReport(program, [{ specifier: 'pkg', file: join(dir, 'index.d.ts') }], (f) => f.startsWith(dir + sep));
}

const INNER = '/** Figures. */\nexport interface Stats {\n    readonly runs: number;\n}\n/** A hidden helper type. */\nexport interface Unused {\n    readonly x: number;\n}\n';
const INDEX = "import type { Stats } from './inner.js';\n/** Runs it. */\nexport declare function run(seed: number): Stats;\nexport declare const LIMIT = 3;\n";

describe('the API report', () => {
  it('lists each export with its declaration, flags the undocumented, and adds the unexported types they reach', () => {
    const r = reportOf(INDEX, INNER);
    expect(r.names).toEqual([
      { entry: 'pkg', name: 'LIMIT', documented: false },
      { entry: 'pkg', name: 'run', documented: true },
    ]);
    expect(r.text).toContain('## pkg (2 names)');
    expect(r.text).toContain('export declare const LIMIT = 3;\nexport declare function run(seed: number): Stats;');
    expect(r.text).toContain('## Reached from the entry points, not exported (1)');
    expect(r.text).toContain('export interface Stats {\n    readonly runs: number;\n}');
    expect(r.text).not.toContain('Unused');
    expect(r.text).not.toContain('Runs it.');
  });

  it('changes when a reached type gains a field, and not when an unreached one does', () => {
    const before = reportOf(INDEX, INNER).text;
    expect(reportOf(INDEX, INNER.replace('readonly runs: number;', 'readonly runs: number;\n    readonly steps: number;')).text).not.toBe(before);
    expect(reportOf(INDEX, INNER.replace('readonly x: number;', 'readonly x: number;\n    readonly y: number;')).text).toBe(before);
  });
});
