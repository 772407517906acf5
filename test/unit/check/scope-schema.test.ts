import { describe, expect, it } from 'vitest';
import { EXPLORE_SCOPES, MEMORY_SCOPE } from '../../../src/check/explore-config.js';
import { EXPLORE_SCOPES_SCHEMA, EXPLORE_SCOPE_SCHEMA } from '../../../src/check/scope-schema.js';

describe('the explorer scopes', () => {
  it('each pass the scope schema: a valid config, op kinds, goals and faults that exist, distinct names', () => {
    const r = EXPLORE_SCOPES_SCHEMA.safeParse(EXPLORE_SCOPES);
    expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  it('a misspelt goal, an unknown fault, a bad config or no op kind is caught', () => {
    const bad = (patch: object) => EXPLORE_SCOPE_SCHEMA.safeParse({ ...MEMORY_SCOPE, ...patch }).success;
    expect(bad({})).toBe(true);
    expect(bad({ goals: ['vm-switch-happen'] })).toBe(false);
    expect(bad({ faults: ['no-such-fault'] })).toBe(false);
    expect(bad({ config: { ...MEMORY_SCOPE.config, frames: 0 } })).toBe(false);
    expect(bad({ opTypes: [] })).toBe(false);
    expect(bad({ goals: ['vm-switch-happens', 'vm-switch-happens'] })).toBe(false);
    expect(EXPLORE_SCOPES_SCHEMA.safeParse([MEMORY_SCOPE, MEMORY_SCOPE]).success).toBe(false);
  });
});
