#!/usr/bin/env node
// The `hvspec` command: runs the compiled CLI (dist/, built by `npm run build`).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
