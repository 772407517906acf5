/**
 * Writes the JSON Schemas of hvspec's files to schema/ (`npm run schemas`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { jsonSchemaFiles } from '../src/config/json-schemas.js';

const dir = resolve(import.meta.dirname, '..', 'schema');
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(jsonSchemaFiles())) {
  writeFileSync(join(dir, name), text);
  process.stdout.write(`wrote schema/${name}\n`);
}
