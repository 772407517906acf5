import { describe, expect, it } from 'vitest';
import { hvspecInProcess } from '../../e2e/cli.js';
import { benchSections, BENCH_SECTIONS } from '../../../src/cli/commands/bench.js';

// The bench itself is never run here: `--only` is checked before anything is measured.
describe('hvspec bench --only', () => {
  it('takes sections separated by commas, every section when not given', () => {
    expect([...benchSections('io,faults')]).toEqual(['io', 'faults']);
    expect([...benchSections(undefined)]).toEqual([...BENCH_SECTIONS]);
  });

  it('an unknown section is a one-line error naming it and the sections, exit 2, nothing measured', async () => {
    const r = await hvspecInProcess(['bench', '--only', 'io,fualts']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bench: --only takes sections separated by commas \(explorer, symmetry, phases, io, random, faults, .*\), got "fualts"/);
  });

  it('an empty section is an error too', () => {
    expect(() => benchSections('io,')).toThrow(/got ""/);
  });
});
