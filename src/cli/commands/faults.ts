/**
 * `hvspec faults`: the catalogue of switchable defects, the built-in ones
 * and a config module's.
 */
import { parseFlags, switchFlag, textFlag } from '../args.js';
import { EXIT } from '../usage.js';
import type { Io } from '../io.js';
import { loadRunConfig, runCatalogue } from '../user-config.js';
import type { Fault } from '../../faults/fault.js';

/** What a fault replaces: machine implementations, substrate functions, op applies or the balancer (the first that applies). */
const kindOf = (f: Fault): 'machine' | 'substrate' | 'op' | 'balancer' => (f.machines ? 'machine' : f.substrate ? 'substrate' : f.ops ? 'op' : 'balancer');

/** Runs `hvspec faults` (with the faults of the config module of `--config`, or the one in the working directory); returns the exit status. */
export async function faultsCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags('faults', argv, { config: textFlag(), json: switchFlag() });
  const FAULTS = runCatalogue((await loadRunConfig(values.config))?.user).faults;
  if (values.json) {
    io.out(JSON.stringify(FAULTS.map((f) => ({ name: f.name, description: f.description, breaks: f.breaks, kind: kindOf(f) })), null, 2));
    return EXIT.HOLDS;
  }
  const w = Math.max(...FAULTS.map((f) => f.name.length)) + 2;
  for (const f of FAULTS) {
    io.out(`${f.name.padEnd(w)}${f.description}`);
    io.out(`${''.padEnd(w)}breaks: ${f.breaks.join(', ')}`);
  }
  return EXIT.HOLDS;
}
