/**
 * The two-process lock of mutex.ts with an atomic test-and-set: every
 * claim holds. `both-inside` is left out: it is the goal that shows the
 * racy variant's bug is reachable, and here it is not.
 * `hvspec explore --config atomic.config.ts`.
 */
import { defineConfig } from 'hvspec';
import { mutexModel } from './mutex.js';

const model = mutexModel({ atomic: true, release: 2 });

export default defineConfig({ model: { ...model, properties: model.properties.filter((p) => p.name !== 'both-inside') } });
