import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { encodeTrace, decodeTrace, TraceError, type TraceFile } from '../../../src/check/trace-file.js';
import { FAULTS } from '../../../src/faults/catalogue.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { opSequence } from '../../../src/check/op-sequence.js';
import { buildWorld } from '../../../src/faults/catalogue.js';

const traceArb: fc.Arbitrary<TraceFile> = fc.record({
  format: fc.constant('hvspec-trace' as const),
  version: fc.constant(1 as const),
  engine: fc.constantFrom('random' as const, 'explore' as const),
  property: fc.string(),
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

  const good = encodeTrace({ format: 'hvspec-trace', version: 1, engine: 'random', property: 'p', message: 'm', config: DEFAULT_CONFIG, faults: [], ops: [{ type: 'tick' }] });
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
  ])('rejects %s', (text, why) => {
    expect(() => decodeTrace(text, FAULTS)).toThrow(TraceError);
    expect(() => decodeTrace(text, FAULTS)).toThrow(why);
  });
});
