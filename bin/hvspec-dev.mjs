#!/usr/bin/env node
// The `hvspec` command from the TypeScript sources (through tsx), for work in
// this repository: the npm scripts and the tests run it, so they never run a
// stale build. The published command is bin/hvspec.mjs.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
