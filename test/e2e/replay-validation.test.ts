import { describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hvspecInProcess as inProcess, scratch } from './cli.js';
import { DEFAULT_CONFIG } from '../../src/system/config.js';

/** A trace file's text on the default config (p1 has 2 VPs, every guest 16 GPA pages, 3 I/Os in flight). */
const trace = (ops: unknown[], property = 'tlb-purged-on-vm-switch'): string =>
  JSON.stringify({ format: 'hvspec-trace', version: 1, engine: 'random', property, message: 'm', config: DEFAULT_CONFIG, faults: [], ops });

const boot = [
  { type: 'createPartition', pid: 'p1' },
  { type: 'depositMemory', pid: 'p1', pages: 1 },
  { type: 'initializePartition', pid: 'p1' },
];

describe('a trace or config that does not fit exits 2 with a one-line reason', () => {
  const dir = scratch();
  const inputs: Record<string, string> = {
    'vp.json': trace([...boot, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 9 }]),
    'gva.json': trace([...boot, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 0 }, { type: 'guestAccess', lp: 0, gva: 1e300, write: false }]),
    'gpa.json': trace([...boot, { type: 'mapGpaPages', pid: 'p1', gpa: 16, pages: 1, access: 3 }]),
    'io.json': trace([{ type: 'deviceComplete', pid: 'p1', io: 3 }]),
    'property.json': trace([{ type: 'tick' }], 'no-such-property'),
    'many.json': JSON.stringify({ frames: 'many' }),
    'huge.json': '{"frames": 1e400}',
    'big.json': JSON.stringify({ frames: 1048576 }),
    'wide.json': JSON.stringify({ partitions: [{ id: 'p1', vps: 64, gpaPages: 1048576 }] }),
  };
  for (const [name, text] of Object.entries(inputs)) writeFileSync(join(dir, name), text);
  const cases: [string, string[], string][] = [
    ['a VP the partition does not have', ['replay', 'vp.json'], 'hvspec: trace vp.json: op 4: dispatchVp: p1 has no vp 9 (it has 2 VPs, numbered from 0)'],
    ['an absurd GVA', ['replay', 'gva.json'], 'hvspec: trace gva.json: op 5: guestAccess: "gva" must be an integer page number below 0x20 (the largest guest\'s address space), got 1e+300'],
    ['a GPA past the partition\'s GPA space', ['replay', 'gpa.json'], 'hvspec: trace gpa.json: op 4: mapGpaPages: "gpa" must be an integer page number within p1\'s GPA space (gpaPages 16), got 16'],
    ['an I/O id the config cannot have in flight', ['replay', 'io.json'], 'hvspec: trace io.json: op 1: deviceComplete: no io 3 (the config allows 3 in flight, numbered from 0)'],
    ['an unknown recorded property', ['replay', 'property.json'], 'hvspec: trace property.json: unknown property "no-such-property": the trace must name an invariant, goal or liveness property of this hvspec or of the config module (--config)'],
    ['a field of the wrong type, without false derived problems', ['check', '--config', 'many.json'], 'hvspec: config many.json: frames must be an integer, got "many"'],
    ['a number too large for JSON', ['check', '--config', 'huge.json'], 'hvspec: config huge.json: frames must be an integer, got Infinity'],
    ['more frames than a run can afford', ['check', '--config', 'big.json'], 'hvspec: config big.json: frames must be at most 4096, got 1048576'],
    [
      'more VPs and GPA pages than a run can afford',
      ['check', '--config', 'wide.json'],
      'hvspec: config wide.json: partitions[0].vps must be an integer from 1 to 16, got 64; partitions[0].gpaPages must be an integer from 1 to 1024, got 1048576',
    ],
  ];
  for (const [what, args, line] of cases)
    it(what, async () => {
      const r = await inProcess(args, dir);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${line}\n`);
      expect(r.status).toBe(2);
    });
  it('leaves nothing behind', () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(inputs).sort());
  });
});

describe('saved failures', () => {
  it("a check replays every saved failure first, whatever seed found it; another seed's never stands in for this one's own result", async () => {
    const args = (seed: number) => ['check', '--fault', 'skip-tlb-purge-on-vm-switch', '--seed', String(seed)];
    const dir = scratch();
    const one = await inProcess(args(1), dir);
    expect(one.status).toBe(1);
    expect(readdirSync(join(dir, '.hvspec', 'failures'))).toHaveLength(1);
    // Seed 2 in the same directory replays seed 1's failure first, then reports exactly what seed 2 reports in a fresh one.
    const two = await inProcess(args(2), dir);
    expect(two.stderr).toMatch(/replayed .* it still fails/);
    expect(two.status).toBe(1);
    expect(two.stdout).toMatch(/^hvspec check · random engine · seed 2 ·/);
    expect(two.stdout).toBe((await inProcess(args(2))).stdout);
    // Seed 1 again still replays its own failure first, and reports it as before.
    const again = await inProcess(args(1), dir);
    expect(again.stderr).toMatch(/replayed .* it still fails/);
    expect(again.stdout).toBe(one.stdout);
  });
});
