/**
 * `npm run build` (also the `prepare` script, so `npm install` and
 * `npm pack` build): removes dist/, compiles the package with
 * tsconfig.build.json, and stamps dist/ with the hash of its sources.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { STAMP, sourceHash } from './source-hash.js';

const root = resolve(import.meta.dirname, '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(join(root, STAMP), sourceHash(root));
