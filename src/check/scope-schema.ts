/**
 * The schema of an explorer scope (src/check/explore-config.ts): a name
 * usable as `--scope NAME`, a valid config, op kinds, goals and faults that
 * exist. A misspelt goal or fault would otherwise drop out of the scope
 * silently (a scope's goals are looked up by name).
 */
import { z } from 'zod';
import { CONFIG_SCHEMA } from '../system/config.js';
import { OP_TYPES } from '../system/ops.js';
import { GOALS } from '../../properties/index.js';
import { FAULTS } from '../faults/catalogue.js';

/** A non-empty list of distinct names, each one of `known`. */
const namesOf = (known: readonly string[]) =>
  z.array(z.enum(known as [string, ...string[]])).refine((xs) => new Set(xs).size === xs.length, { error: 'names a value twice' });

/** One scope of the explorer. */
export const EXPLORE_SCOPE_SCHEMA = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/),
  description: z.string().min(1),
  config: CONFIG_SCHEMA,
  opTypes: namesOf(OP_TYPES).refine((xs) => xs.length > 0, { error: 'lists no op kind' }),
  opFilter: z.function().optional(),
  goals: namesOf(GOALS.map((g) => g.name)),
  isFinal: z.function(),
  faults: namesOf(FAULTS.map((f) => f.name)),
});

/** The explorer's scopes: each valid, names distinct (so `--scope NAME` picks one). */
export const EXPLORE_SCOPES_SCHEMA = z.array(EXPLORE_SCOPE_SCHEMA).refine((s) => new Set(s.map((x) => x.name)).size === s.length, { error: 'two scopes share a name' });
