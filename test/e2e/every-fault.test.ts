import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FAULTS } from '../../src/faults/catalogue.js';
import { buildWorld } from '../../src/faults/build-world.js';
import { decodeTrace } from '../../src/check/trace-file.js';
import { traceView } from '../../src/report/trace-view.js';
import { INVARIANTS, LIVENESS, GOALS, applicableGoals } from '../../properties/index.js';
import { systemModel } from '../../src/check/system-model.js';
import { hvspecInProcess, scratch } from './cli.js';
import { everyPropertyModel, bothWays } from '../helpers/both-ways.js';

/** The fault whose counterexample the README shows. */
const README_FAULT = 'skip-tlb-purge-on-vm-switch';

// `hvspec check` in-process for every fault (the same code path as the binary, without a process per fault). The coverage
// reports are left out (--no-report: their diagrams do not depend on the fault); the report's viewer of each counterexample
// is built here from the saved failure, as the report builds it.
describe('hvspec check --fault NAME, for every fault that `hvspec faults` lists', () => {
  const dir = scratch();

  for (const f of FAULTS)
    it(`${f.name} exits 1, prints a counterexample and saves it`, async () => {
      // A fault that names its own small configuration (and op weights) is checked there without --config; the others in the default one.
      const { status, stdout: text } = await hvspecInProcess(['check', '--fault', f.name, '--no-report'], dir);
      expect(status, text).toBe(1);
      const headline = /^✗ ([a-z0-9-]+) {2}violated after (\d+) steps? \(shrunk \d+ times?\)$/m.exec(text);
      expect(headline, text).not.toBeNull();
      // The property reported is one the catalogue says the fault breaks.
      expect(f.breaks).toContain(headline![1]);
      expect(text).toContain(`faults: ${f.name}`);
      if (f.config) expect(text).toContain(`config of fault ${f.name}`);
      const m = text.match(/replay: hvspec replay (\S+)/);
      expect(m).not.toBeNull();
      const file = m![1]!.split('/').pop()!;
      expect(readdirSync(join(dir, '.hvspec', 'failures'))).toContain(file);
      expect(existsSync(join(dir, 'reports'))).toBe(false);
      // The report's viewer steps through the saved counterexample to the violation.
      const trace = decodeTrace(readFileSync(join(dir, '.hvspec', 'failures', file), 'utf8'), FAULTS);
      const view = traceView(buildWorld(trace.config, trace.faults), trace.ops, INVARIANTS, f.name, trace.property);
      expect(view.steps).toHaveLength(Number(headline![2]));
      if (INVARIANTS.some((p) => p.name === trace.property)) expect(view.steps.at(-1)!.violations.map((v) => v.property)).toContain(trace.property);
      // The counterexample, judged incrementally and in full: the same violation at the same step. A bounded-liveness
      // counterexample is judged with the liveness properties too (as check judges it).
      const world = buildWorld(trace.config, trace.faults);
      const live = LIVENESS.some((p) => p.name === trace.property);
      const model = live ? systemModel(world, { invariants: INVARIANTS, liveness: LIVENESS, goals: applicableGoals(GOALS, world.config) }) : everyPropertyModel(world);
      const r = bothWays(model, trace.ops);
      expect(r.incremental).toEqual(r.full);
      expect((r.full.violation as { property?: string } | undefined)?.property).toBe(headline![1]);
      if (f.name === README_FAULT) {
        // The README's sample counterexample is what the command prints.
        const block = text.slice(text.indexOf('✗'), text.indexOf('\n\n', text.indexOf('✗')));
        expect(block.split('\n').length).toBeGreaterThan(3);
        expect(readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8')).toContain(block);
      }
    });
});
