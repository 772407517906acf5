import { describe, expect, it } from 'vitest';
import { validateConfig, parseConfig, DEFAULT_CONFIG, ConfigError } from '../../../src/system/config.js';

describe('config validation', () => {
  it('accepts the default and fills omitted fields from it', () => {
    expect(validateConfig({}).ok).toBe(true);
    expect(parseConfig({ frames: 512 }).partitions).toEqual(DEFAULT_CONFIG.partitions);
  });

  it('lists every problem, not just the first', () => {
    const v = validateConfig({ frames: -4, logicalProcessors: 0, colour: 'red', partitions: [{ id: 'p1', vps: 1, gpaPages: 4 }, { id: 'p1', vps: 0, gpaPages: 4 }] });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.error.problems).toEqual([
      'unknown field "colour"',
      'frames must be at least 1, got -4',
      'logicalProcessors must be at least 1, got 0',
      'hypervisorFrames + rootFrames (128) exceed frames (-4)',
      'partitions[1].id "p1" is used twice',
      'partitions[1].vps must be an integer from 1 to 64, got 0',
      'more partitions (2) than frames (-4)',
    ]);
    expect(v.error.message).toMatch(/^invalid config: unknown field "colour"; frames must be at least 1/);
  });

  it('rejects more partitions than frames, a root child, large pages that do not fit and non-objects', () => {
    const many = Array.from({ length: 3 }, (_, i) => ({ id: `p${i}`, vps: 1, gpaPages: 1 }));
    expect(() => parseConfig({ frames: 2, hypervisorFrames: 0, rootFrames: 1, partitions: many })).toThrow('more partitions (3) than frames (2)');
    expect(() => parseConfig({ partitions: [{ id: 'root', vps: 1, gpaPages: 1 }] })).toThrow('must not be "root"');
    expect(() => parseConfig({ largePages: true, frames: 1000 })).toThrow('multiple of 512');
    expect(() => parseConfig([])).toThrow(ConfigError);
  });

  it('bounds the synthetic I/O and message counts', () => {
    const v = validateConfig({ maxIosInFlight: -1, maxMessagesOutstanding: 9 });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.error.problems).toEqual(['maxIosInFlight must be at least 0, got -1', 'maxMessagesOutstanding must be at most 3, got 9']);
    expect(validateConfig({ maxIosInFlight: 1, maxMessagesOutstanding: 1 }).ok).toBe(true);
  });
});
