import { checkRandom } from '../src/check/random.js';
import { buildWorld } from '../src/faults/catalogue.js';
import { DEFAULT_CONFIG } from '../src/system/config.js';
import { describeOp } from '../src/system/describe.js';
const r = checkRandom(buildWorld(DEFAULT_CONFIG, [process.argv[2]!]), { seed: 1, runs: 200, depth: 40 });
if (r.kind === 'violated') { console.log(r.counterexample.property, r.counterexample.message); r.counterexample.steps.forEach(s => console.log(describeOp(s.op), '->', s.outcome.hypercall?.status ?? '', s.outcome.notes.join('; '))); }
