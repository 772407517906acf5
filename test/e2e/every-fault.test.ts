import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULTS } from '../../src/faults/catalogue.js';
import { hvspecInProcess, scratch } from './cli.js';
import { decodeTrace } from '../../src/check/trace-file.js';
import { buildWorld } from '../../src/faults/build-world.js';
import { everyPropertyModel, bothWays } from '../helpers/both-ways.js';

// `hvspec check` in-process for every fault (the same code path as the binary, without a process per fault).
describe('hvspec check --fault NAME, for every fault that `hvspec faults` lists', () => {
  const dir = scratch();

  for (const f of FAULTS)
    it(`${f.name} exits 1, prints a counterexample and saves it`, async () => {
      // A fault that names its own small configuration (and op weights) is checked there without --config; the others in the default one.
      const { status, stdout: text } = await hvspecInProcess(['check', '--fault', f.name], dir);
      expect(status, text).toBe(1);
      const headline = /^✗ ([a-z0-9-]+) {2}violated after \d+ steps? \(shrunk \d+ times?\)$/m.exec(text);
      expect(headline, text).not.toBeNull();
      // The property reported is one the catalogue says the fault breaks.
      expect(f.breaks).toContain(headline![1]);
      expect(text).toContain(`faults: ${f.name}`);
      if (f.config) expect(text).toContain(`config of fault ${f.name}`);
      const m = text.match(/replay: hvspec replay (\S+)/);
      expect(m).not.toBeNull();
      const saved = m![1]!.split('/').pop()!;
      expect(readdirSync(join(dir, '.hvspec', 'failures'))).toContain(saved);
      // The counterexample, judged incrementally and in full: the same violation at the same step.
      const trace = decodeTrace(readFileSync(join(dir, '.hvspec', 'failures', saved), 'utf8'), FAULTS);
      const r = bothWays(everyPropertyModel(buildWorld(trace.config, trace.faults)), trace.ops);
      expect(r.incremental).toEqual(r.full);
      expect((r.full.violation as { property?: string } | undefined)?.property).toBe(headline![1]);
    });
});
