import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateConfig, parseConfig, DEFAULT_CONFIG, ConfigError, CONFIG_MAX } from '../../../src/system/config.js';
import { DM_DEMO_CONFIG } from '../../../src/system/dm-demo-config.js';
import { TAGGED_TLB_CONFIG } from '../../../src/system/tagged-tlb-config.js';
import { SCENARIOS } from '../../../src/scenarios/index.js';
import { FAULTS } from '../../../src/faults/catalogue.js';
import { EXPLORE_SCOPES } from '../../../src/check/explore-config.js';

const problems = (raw: unknown): readonly string[] => {
  const v = validateConfig(raw);
  return v.ok ? [] : v.error.problems;
};

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
      'partitions[1].vps must be an integer from 1 to 16, got 0',
      'partitions[1].id "p1" is used twice',
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

  it('reports a cross-field problem only when the fields it depends on are valid', () => {
    expect(problems({ frames: 'many' })).toEqual(['frames must be an integer, got "many"']);
    expect(problems({ frames: 0, largePages: true })).toEqual(['frames must be at least 1, got 0']);
    expect(problems({ rootFrames: -1, frames: 2 })).toEqual(['rootFrames must be at least 0, got -1', 'more partitions (3) than frames (2)']);
    expect(problems({ frames: 100 })).toEqual(['hypervisorFrames + rootFrames (128) exceed frames (100)']);
    // A Dynamic Memory guest's page counts are checked against gpaPages only when gpaPages is valid.
    const dm = { startupPages: 6, minPages: 2, maxPages: 8 };
    expect(problems({ partitions: [{ id: 'p1', vps: 1, gpaPages: 'x', dynamicMemory: dm }] })).toEqual(['partitions[0].gpaPages must be an integer from 1 to 1024, got "x"']);
    expect(problems({ partitions: [{ id: 'p1', vps: 1, gpaPages: 4, dynamicMemory: dm }] })).toEqual([
      'partitions[0].dynamicMemory.startupPages must be an integer from 1 to 4, got 6',
      'partitions[0].dynamicMemory.maxPages must be an integer from 1 to 4, got 8',
    ]);
  });

  it('quotes numbers JSON cannot hold readably', () => {
    expect(problems(JSON.parse('{"frames": 1e400}'))).toEqual(['frames must be an integer, got Infinity']);
    expect(problems({ partitions: [{ id: 'p1', vps: -Infinity, gpaPages: 4 }] })).toEqual(['partitions[0].vps must be an integer from 1 to 16, got -Infinity']);
    expect(problems({ tlbEntries: NaN })).toEqual(['tlbEntries must be an integer, got NaN']);
  });

  it('bounds the sizes so that a run ends in well under a second', () => {
    expect(CONFIG_MAX).toEqual({ frames: 4096, gpaPages: 1024, vps: 16, maxPagesPerCall: 64 });
    expect(problems({ frames: 1048576 })).toEqual(['frames must be at most 4096, got 1048576']);
    expect(problems({ partitions: [{ id: 'p1', vps: 64, gpaPages: 1048576 }] })).toEqual([
      'partitions[0].vps must be an integer from 1 to 16, got 64',
      'partitions[0].gpaPages must be an integer from 1 to 1024, got 1048576',
    ]);
    expect(problems({ rootVps: 17, maxPagesPerCall: 65, hypervisorFrames: 4097 })).toEqual([
      'hypervisorFrames must be at most 4096, got 4097',
      'rootVps must be at most 16, got 17',
      'maxPagesPerCall must be at most 64, got 65',
    ]);
    expect(problems({ frames: 4096, largePages: true, rootVps: 16, maxPagesPerCall: 64, partitions: [{ id: 'p1', vps: 16, gpaPages: 1024 }] })).toEqual([]);
  });

  it('the TLB discipline: purge-on-switch or tagged, with 1 to 64 tags per LP', () => {
    expect(problems({ tlbDiscipline: 'tagged', tlbTags: 1 })).toEqual([]);
    expect(problems({ tlbDiscipline: 'purge-on-switch' })).toEqual([]);
    expect(problems({ tlbDiscipline: 'vpid', tlbTags: 0 })).toEqual(['tlbDiscipline must be "purge-on-switch" or "tagged", got "vpid"', 'tlbTags must be an integer from 1 to 64, got 0']);
  });

  it('accepts every shipped config: the default, the examples, the demo, the scenarios, the faults and the explorer scopes', () => {
    expect(problems(DEFAULT_CONFIG)).toEqual([]);
    expect(problems(JSON.parse(readFileSync(new URL('../../../examples/dynamic-memory.json', import.meta.url), 'utf8')))).toEqual([]);
    expect(problems(DM_DEMO_CONFIG)).toEqual([]);
    const tagged = JSON.parse(readFileSync(new URL('../../../examples/tagged-tlb.json', import.meta.url), 'utf8'));
    expect(problems(tagged)).toEqual([]);
    expect(tagged).toEqual(TAGGED_TLB_CONFIG);
    for (const s of SCENARIOS) expect(problems(s.config), s.name).toEqual([]);
    for (const f of FAULTS) if (f.config) expect(problems(f.config), f.name).toEqual([]);
    for (const sc of EXPLORE_SCOPES) expect(problems(sc.config), sc.name).toEqual([]);
  });
});
