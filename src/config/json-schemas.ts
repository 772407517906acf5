/**
 * The JSON Schemas editors use for hvspec's files, generated from the
 * schemas hvspec validates with (the config's, the trace's and the paths
 * file's), so the two
 * cannot drift apart: `npm run schemas` writes them to schema/, and a test
 * fails when a committed file is stale.
 */
import { z } from 'zod';
import { CONFIG_SCHEMA } from '../system/config.js';
import { traceSchema } from '../check/trace-file.js';
import { FAULTS } from '../faults/catalogue.js';
import { PATHS_FILE_SCHEMA } from '../check/paths/paths-file.js';

/** A schema as its JSON Schema file's text (draft 2020-12, the input a user writes: fields with a default are optional). */
function text(schema: z.ZodType, title: string): string {
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return `${JSON.stringify({ $schema: json.$schema, title, ...json }, null, 2)}\n`;
}

/** Each JSON Schema file under schema/ and its text. */
export function jsonSchemaFiles(): Record<string, string> {
  return {
    'config.schema.json': text(CONFIG_SCHEMA, 'hvspec config'),
    'trace.schema.json': text(traceSchema(FAULTS), 'hvspec trace (hvspec replay, .hvspec/failures/*.json)'),
    'paths.schema.json': text(PATHS_FILE_SCHEMA, 'hvspec paths (hvspec paths --out FILE)'),
  };
}
