/**
 * The explorer's speed alone, repeated: `npx tsx bench/explore-speed.ts
 * [runs]` explores each benchmark configuration `runs` times (default 3)
 * in one process and prints one JSON line per run, with wall and CPU
 * seconds (CPU time includes the garbage collector's helper threads).
 * The first run of a configuration fills the machine memo and the JIT;
 * later runs show the steady state. `npm run bench` gives one run each.
 */
import { cpuUsage } from 'node:process';
import { explore } from '../src/check/explore.js';
import { scopeOptions } from '../src/check/scopes.js';
import { buildWorld } from '../src/faults/build-world.js';
import { EXPLORER_BENCH_RUNS } from './bench.js';

const runs = Number(process.argv[2] ?? 3);

for (const [name, scope, config] of EXPLORER_BENCH_RUNS)
  for (const symmetry of [true, false])
    for (let run = 1; run <= runs; run++) {
      const c0 = cpuUsage();
      const t0 = performance.now();
      const r = explore(buildWorld(config), { ...scopeOptions(scope), symmetry });
      const wall = (performance.now() - t0) / 1000;
      const c = cpuUsage(c0);
      const cpu = (c.user + c.system) / 1e6;
      console.log(
        JSON.stringify({
          config: name,
          symmetry,
          run,
          result: r.kind,
          states: r.states,
          transitions: r.transitions,
          wallSeconds: +wall.toFixed(2),
          cpuSeconds: +cpu.toFixed(2),
          statesPerSecond: Math.round(r.states / wall),
          statesPerCpuSecond: Math.round(r.states / cpu),
          bytesPerState: +(r.storeBytes / r.states).toFixed(1),
        }),
      );
    }
