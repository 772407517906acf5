import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FAULTS, MECHANISM_FAULTS } from '../../../src/faults/catalogue.js';

const MODELS = join(import.meta.dirname, '../../../models');

describe('the fault catalogue', () => {
  it('holds every fault a mechanism folder defines, once, and nothing else', async () => {
    // Every models/<mechanism>/faults.ts, imported afresh: a folder whose faults the catalogue misses fails here.
    const files = readdirSync(MODELS).map((m) => join(MODELS, m, 'faults.ts')).filter((f) => existsSync(f));
    const defined: string[] = [];
    for (const f of files) {
      const mod = (await import(f)) as Record<string, unknown>;
      for (const v of Object.values(mod)) if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'breaks' in v && 'name' in v) defined.push((v as { name: string }).name);
    }
    const names = FAULTS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...new Set(defined)].sort());
    expect([...MECHANISM_FAULTS.map((f) => f.name)].sort()).toEqual([...names].sort());
  });

  it('keeps the order hvspec faults has always listed, 72 faults', () => {
    expect(FAULTS).toHaveLength(72);
    expect(FAULTS.slice(0, 3).map((f) => f.name)).toEqual(['unmap-keeps-slat-entry', 'unmap-forgets-free-list', 'map-skips-holder-update']);
    expect(FAULTS.slice(-3).map((f) => f.name)).toEqual(['swap-in-skips-swap-file', 'swap-in-leaves-frame-on-free-list', 'balloon-reclaim-keeps-swap-slot']);
  });
});
