/**
 * A model of one's own, checked by hvspec's engines: the two-process lock
 * of mutex.ts, in its racy variant (a process tests the lock, then takes it
 * a step later). Run from this folder: `hvspec check` and `hvspec explore`;
 * `--config atomic.config.ts` checks the correct variant.
 */
import { defineConfig } from 'hvspec';
import { mutexModel } from './mutex.js';

export default defineConfig({ model: mutexModel({ atomic: false, release: 2 }) });
