import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTrace, decodeTrace, TraceError, type TraceFile } from '../../../src/check/trace-file.js';
import { savedFailures } from '../../../src/check/failures.js';
import { FAULTS } from '../../../src/faults/catalogue.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { PROPERTIES } from '../../../properties/index.js';
import { opSequence } from '../../../src/check/op-sequence.js';
import { buildWorld } from '../../../src/faults/build-world.js';

const traceArb: fc.Arbitrary<TraceFile> = fc.record({
  format: fc.constant('hvspec-trace' as const),
  version: fc.constant(1 as const),
  engine: fc.constantFrom('random' as const, 'explore' as const),
  property: fc.constantFrom(...PROPERTIES.map((p) => p.name)),
  message: fc.string(),
  config: fc.constant(DEFAULT_CONFIG),
  faults: fc.subarray(FAULTS.map((f) => f.name)),
  seed: fc.integer(),
  path: fc.string(),
  shrinks: fc.nat(),
  ops: opSequence(buildWorld(DEFAULT_CONFIG), { maxLength: 12 }),
});

describe('trace files', () => {
  test.prop([traceArb], { seed: 7, numRuns: 60 })('decode(encode(t)) is t', (t) => {
    expect(decodeTrace(encodeTrace(t), FAULTS)).toEqual(t);
  });

  const good = encodeTrace({ format: 'hvspec-trace', version: 1, engine: 'random', property: PROPERTIES[0]!.name, message: 'm', config: DEFAULT_CONFIG, faults: [], ops: [{ type: 'tick' }] });
  const bad = (mutate: (o: Record<string, unknown>) => void): string => {
    const o = JSON.parse(good);
    mutate(o);
    return JSON.stringify(o);
  };
  test.each([
    ['{', /not JSON/],
    ['[]', /must be a JSON object/],
    [bad((o) => (o.format = 'x')), /not an hvspec trace/],
    [bad((o) => (o.version = 9)), /unsupported trace version 9/],
    [bad((o) => (o.faults = ['nope'])), /unknown fault "nope"/],
    [bad((o) => (o.config = { frames: -1 })), /its config is invalid: frames must be at least 1/],
    [bad((o) => (o.ops = [{ type: 'depositMemory', pid: 'p1', pages: 0 }])), /op 1: depositMemory: "pages" must be a positive integer/],
    [bad((o) => (o.extra = 1)), /unknown field "extra"/],
    [bad((o) => (o.property = 'no-such-property')), /^unknown property "no-such-property"/],
    [bad((o) => (o.config = { frames: 'many' })), /^its config is invalid: frames must be an integer, got "many"$/],
    [bad((o) => (o.ops = [{ type: 'createPartition', pid: 'p1' }, { type: 'dispatchVp', lp: 0, pid: 'p1', vp: 9 }])), /^op 2: dispatchVp: p1 has no vp 9 \(it has 2 VPs, numbered from 0\)$/],
    [bad((o) => (o.ops = [{ type: 'guestAccess', lp: 0, gva: 1e300, write: false }])), /^op 1: guestAccess: "gva" must be an integer page number below 0x20/],
  ])('rejects %s', (text, why) => {
    expect(() => decodeTrace(text, FAULTS)).toThrow(TraceError);
    expect(() => decodeTrace(text, FAULTS)).toThrow(why);
  });
});

describe('saved failures', () => {
  const trace = (seed: number | undefined, ops: TraceFile['ops']): TraceFile => ({
    format: 'hvspec-trace',
    version: 1,
    engine: 'random',
    property: PROPERTIES[0]!.name,
    message: 'm',
    config: DEFAULT_CONFIG,
    faults: ['skip-tlb-purge-on-vm-switch'],
    ...(seed === undefined ? {} : { seed }),
    ops,
  });

  test('a check replays every saved failure of the same content (config, faults, balancer policy), whatever the seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvspec-failures-'));
    writeFileSync(join(dir, 'a.json'), encodeTrace(trace(1, [{ type: 'tick' }])));
    writeFileSync(join(dir, 'b.json'), encodeTrace(trace(2, [{ type: 'tick' }, { type: 'tick' }])));
    writeFileSync(join(dir, 'c.json'), encodeTrace(trace(undefined, [{ type: 'tick' }])));
    writeFileSync(join(dir, 'd.json'), encodeTrace({ ...trace(1, [{ type: 'tick' }]), balancer: '0123456789abcdef' }));
    const faults = ['skip-tlb-purge-on-vm-switch'];
    const seeds = (balancer?: string) => savedFailures(DEFAULT_CONFIG, faults, FAULTS, { dir, balancer }).map((s) => s.trace.seed);
    expect(seeds()).toEqual([1, 2, undefined]);
    // Another balancer policy: only what was found under it.
    expect(seeds('0123456789abcdef')).toEqual([1]);
    expect(seeds('fedcba9876543210')).toEqual([]);
    // Other faults or another config: none.
    expect(savedFailures(DEFAULT_CONFIG, [], FAULTS, { dir })).toEqual([]);
    expect(savedFailures({ ...DEFAULT_CONFIG, frames: 512 }, faults, FAULTS, { dir })).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.json', 'c.json', 'd.json']);
  });
});
