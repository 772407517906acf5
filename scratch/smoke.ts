import { checkRandom } from '../src/check/random.js';
import { buildWorld, FAULTS } from '../src/faults/catalogue.js';
import { DEFAULT_CONFIG } from '../src/system/config.js';
import { describeOp } from '../src/system/describe.js';
let t = Date.now();
const r = checkRandom(buildWorld(DEFAULT_CONFIG), { seed: 1, runs: 200, depth: 40 });
console.log(r.kind, r.runs, r.steps, JSON.stringify(r.goals), Date.now() - t, 'ms');
if (r.kind === 'violated') { console.log(r.counterexample.property, r.counterexample.message); r.counterexample.steps.forEach(s => console.log(describeOp(s.op), s.outcome.notes.join('; '))); }
console.log(JSON.stringify(r.counters));
for (const f of FAULTS) {
  t = Date.now();
  const r2 = checkRandom(buildWorld(DEFAULT_CONFIG, [f.name]), { seed: 1, runs: 200, depth: 40 });
  console.log(f.name, r2.kind, r2.kind === 'violated' ? `${r2.counterexample.property} len=${r2.counterexample.ops.length} shrinks=${r2.counterexample.shrinks}` : '', Date.now() - t, 'ms');
}
