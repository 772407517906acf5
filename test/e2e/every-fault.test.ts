import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { FAULTS } from '../../src/faults/catalogue.js';

/** Captures what the CLI prints. */
function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (...l) => stdout.push(...l), err: (...l) => stderr.push(...l), progress: () => {} };
}

// `hvspec check` in-process for every fault (the same code path as the binary, without a process per fault).
describe('hvspec check --fault NAME, for every fault that `hvspec faults` lists', () => {
  const home = process.cwd();
  beforeAll(() => process.chdir(mkdtempSync(join(tmpdir(), 'hvspec-faults-'))));
  afterAll(() => process.chdir(home));

  for (const f of FAULTS)
    it(`${f.name} exits 1, prints a counterexample and saves it`, async () => {
      const io = capture();
      // A fault that names its own small configuration (and op weights) is checked there without --config; the others in the default one.
      const status = await main(['check', '--fault', f.name], io);
      const text = io.stdout.join('\n');
      expect(status, text).toBe(1);
      const headline = /^✗ ([a-z0-9-]+) {2}violated after \d+ steps? \(shrunk \d+ times?\)$/m.exec(text);
      expect(headline, text).not.toBeNull();
      // The property reported is one the catalogue says the fault breaks.
      expect(f.breaks).toContain(headline![1]);
      expect(text).toContain(`faults: ${f.name}`);
      if (f.config) expect(text).toContain(`config of fault ${f.name}`);
      const m = text.match(/replay: hvspec replay (\S+)/);
      expect(m).not.toBeNull();
      expect(readdirSync(join('.hvspec', 'failures'))).toContain(m![1]!.split('/').pop());
    });
});
