import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess as hvspec, scratch } from './cli.js';
import { encodeTrace } from '../../src/check/trace-file.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';
import type { Op } from '../../src/system/ops.js';

const trace = (ops: unknown[], faults: string[] = []) =>
  encodeTrace({ format: 'hvspec-trace', version: 1, engine: 'random', property: 'every-intercept-answered-once', message: 'm', config: DEFAULT_CONFIG, faults, ops: ops as Op[] });

// In-process (the same main as the binary).
describe('intercept ops in trace files (as a user replays them)', () => {
  it.each<[string, unknown, RegExp]>([
    ['an IN from port 0x10000', { type: 'guestExecute', lp: 0, instr: 'in', arg: 0x10000 }, /op 1: guestExecute: "arg" of in must be an integer within 0..0xffff, got 65536/],
    ['an unknown intercept kind', { type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'cr8', target: 0, mask: 1 }, /op 1: installIntercept: "kind" must be one of/],
    ['a caller the config does not have', { type: 'installIntercept', caller: 'p7', pid: 'p1', kind: 'cpuid', target: 1, mask: 4 }, /op 1: installIntercept: unknown caller "p7"/],
  ])('a malformed op (%s) exits 2 with the reason and no stack trace', async (_what, op, why) => {
    const dir = scratch();
    writeFileSync(join(dir, 't.json'), trace([op]));
    const r = await hvspec(['replay', 't.json'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a well-formed InstallIntercept with a bad mask replays: the model answers INVALID_PARAMETER', async () => {
    const dir = scratch();
    const ops: Op[] = [
      { type: 'createPartition', pid: 'p1' },
      { type: 'depositMemory', pid: 'p1', pages: 1 },
      { type: 'initializePartition', pid: 'p1' },
      { type: 'installIntercept', caller: 'root', pid: 'p1', kind: 'ioPort', target: 0x60, mask: 9 },
    ];
    writeFileSync(join(dir, 't.json'), trace(ops));
    const r = await hvspec(['replay', 't.json'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/installIntercept by root: p1 ioPort 0x60 mask 0x9 \(invalid\) +-> INVALID_PARAMETER/);
  });
});
