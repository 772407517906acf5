import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { checkDependencies, folderCycles, folderOf } from '../helpers/dependencies.js';

describe('imports', () => {
  it('follow the layers, with no cycle between files or folders', async () => {
    const r = await checkDependencies(['src', 'models', 'properties', 'bench', 'bin']);
    expect(r.modules).toBeGreaterThan(100);
    expect(r.violations).toEqual([]);
    expect(r.folderCycles).toEqual([]);
  }, 30_000);

  it('the check reports a file cycle and a layer broken in a tree that has them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvspec-deps-'));
    const cwd = process.cwd();
    try {
      mkdirSync(join(dir, 'src', 'substrate'), { recursive: true });
      mkdirSync(join(dir, 'src', 'system'), { recursive: true });
      writeFileSync(join(dir, 'src', 'system', 'a.ts'), "import { b } from './b.js';\nexport const a = () => b;\n");
      writeFileSync(join(dir, 'src', 'system', 'b.ts'), "import { a } from './a.js';\nexport const b = () => a;\n");
      writeFileSync(join(dir, 'src', 'substrate', 'c.ts'), "import { a } from '../system/a.js';\nexport const c = a;\n");
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
      process.chdir(dir);
      const r = await checkDependencies(['src'], join(cwd, '.dependency-cruiser.cjs'));
      expect(r.violations).toContain('no-circular: src/system/a.ts -> src/system/b.ts');
      expect(r.violations).toContain('substrate-is-the-floor: src/substrate/c.ts -> src/system/a.ts');
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("a mechanism's faults count in the faults layer, its op records in the system, its machine in its own folder", () => {
    expect(folderOf('models/tlb/faults.ts')).toBe('src/faults');
    expect(folderOf('models/tlb/ops.ts')).toBe('src/system');
    expect(folderOf('models/tlb/machine.ts')).toBe('models/tlb');
    expect(folderOf('src/system/step.ts')).toBe('src/system');
    expect(folderOf('properties/tlb.ts')).toBe('properties');
  });

  it('folder cycles are found, folder by folder', () => {
    const edges = new Map([
      ['models/x', new Set(['src/system'])],
      ['src/system', new Set(['models/x', 'src/substrate'])],
      ['src/substrate', new Set<string>()],
    ]);
    expect(folderCycles(edges)).toEqual([['models/x', 'src/system']]);
    expect(folderCycles(new Map([['a', new Set(['b'])], ['b', new Set<string>()]]))).toEqual([]);
  });
});
