import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { FAULTS } from '../../src/faults/catalogue.js';

/** Writes a fault's configuration to a JSON file in the current directory; returns its name. */
function writeConfig(name: string, config: unknown): string {
  const file = `${name}.config.json`;
  writeFileSync(file, JSON.stringify(config));
  return file;
}

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
      // A fault that names its own small configuration is checked in it (Dynamic Memory faults); the others in the default one.
      const config = f.config ? ['--config', writeConfig(f.name, f.config)] : [];
      const status = await main(['check', '--fault', f.name, ...config], io);
      const text = io.stdout.join('\n');
      expect(status, text).toBe(1);
      expect(text).toMatch(/^✗ [a-z0-9-]+ {2}violated after \d+ steps? \(shrunk \d+ times?\)$/m);
      expect(text).toContain(`faults: ${f.name}`);
      const m = text.match(/replay: hvspec replay (\S+)/);
      expect(m).not.toBeNull();
      expect(readdirSync(join('.hvspec', 'failures'))).toContain(m![1]!.split('/').pop());
    });
});
