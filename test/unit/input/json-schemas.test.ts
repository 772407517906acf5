import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { jsonSchemaFiles } from '../../../src/config/json-schemas.js';
import { DEFAULT_CONFIG } from '../../../src/system/config.js';
import { OP_TYPES } from '../../../src/system/ops.js';

const committed = (name: string): string => readFileSync(new URL(`../../../schema/${name}`, import.meta.url), 'utf8');

describe('the JSON Schemas editors use', () => {
  const files = jsonSchemaFiles();

  it.each(Object.keys(files))('schema/%s is what the validating schema generates (run `npm run schemas` when this fails)', (name) => {
    expect(committed(name)).toBe(files[name]);
  });

  it('the config schema lists every config field with its default and bounds', () => {
    const s = JSON.parse(files['config.schema.json']!) as { properties: Record<string, { default?: unknown; maximum?: number }>; additionalProperties: boolean };
    for (const [k, v] of Object.entries(DEFAULT_CONFIG)) expect(s.properties[k]?.default, k).toEqual(v);
    expect(s.properties.frames!.maximum).toBe(4096);
    expect(s.additionalProperties).toBe(false);
  });

  it('the trace schema has one schema per op type', () => {
    const s = JSON.parse(files['trace.schema.json']!) as { properties: { ops: { items: { oneOf: { properties: { type: { const: string } } }[] } } } };
    expect(s.properties.ops.items.oneOf.map((o) => o.properties.type.const).sort()).toEqual([...OP_TYPES].sort());
  });
});
