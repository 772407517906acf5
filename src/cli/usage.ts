/**
 * Usage errors and the help text of the `hvspec` command and of each of
 * its commands.
 */

/** Bad input or usage: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit statuses (a contract other tools rely on). */
export const EXIT = { HOLDS: 0, VIOLATED: 1, USAGE: 2, BOUNDED: 3 } as const;

/** The commands of `hvspec`. */
export const COMMANDS = ['check', 'explore', 'replay', 'failures', 'faults', 'coverage', 'merge', 'paths', 'bench', 'serve'] as const;
export type Command = (typeof COMMANDS)[number];

/** The largest `--seed` (fast-check seeds are 32-bit integers). */
export const SEED_MAX = 4294967295;

/** Distinct violated properties `--continue` reports at most, without `--max-violations`. */
export const CONTINUE_DEFAULT = 10;

/**
 * The bounds of every numeric flag: work from the command line is bounded
 * (a run of the largest --runs and --depth on the largest config ends in
 * hours, not never; --max-states stops the explorer long before memory
 * runs out on any machine that can hold that many states).
 */
export const FLAG_BOUNDS = {
  seed: { min: 0, max: SEED_MAX },
  runs: { min: 1, max: 100_000 },
  depth: { min: 1, max: 10_000 },
  'max-states': { min: 1, max: 100_000_000 },
  'table-bits': { min: 10, max: 32 },
  'max-violations': { min: 1, max: 50 },
  workers: { min: 1, max: 255 },
} as const;

/** The bounds of `hvspec serve --port`. */
export const PORT_BOUNDS = { min: 0, max: 65535 } as const;

/** Each command's synopsis: its flags after `hvspec COMMAND` (continuation lines indented under them). */
const SYNOPSIS: Record<Command, string[]> = {
  check: ['[--config FILE] [--engine random|explore|all] [--fault NAME]... [--seed N] [--runs N|auto] [--max-seconds S]', '[--depth N] [--json] [--quiet] [--no-report] [--path P] [--shard K/N] [--scenario NAME] [--continue] [--max-violations N]'],
  explore: ['[--config FILE] [--scope NAME|all] [--max-states N] [--depth N] [--fault NAME]... [--json] [--quiet] [--no-report]', '[--workers N] [--continue] [--max-violations N] [--swarm K/N [--table-bits N]]'],
  replay: ['TRACE.json [--config FILE] [--json]'],
  failures: ['list|clear [--config FILE] [--json]'],
  faults: ['[--config FILE] [--json]'],
  coverage: ['[--out DIR] [--reset] [--json]'],
  merge: ['DIR... [--out DIR] [--json]'],
  paths: ['[--machine NAME]... [--out FILE] [--json]'],
  bench: ['[--json] [--only SECTION[,SECTION]]'],
  serve: ['[--config FILE] [--trace FILE] [--fault NAME]... [--port N]'],
};

const FOOTER = `a flag takes one value (only --fault and --machine repeat); config and trace files are read only if they are regular files
of at most 16 MiB.

exit status: 0 every property holds · 1 a violation was found (counterexample printed and saved)
             2 bad input or usage · 3 the run ended without a violation but proved less than asked
               (a \`sometimes\` goal was never reached, or a bounded search)`;

/** The help text. */
export const HELP = `hvspec: property-based verification and model checking of Hyper-V memory and interrupt virtualisation

usage:
${COMMANDS.map((c) => SYNOPSIS[c].map((l, i) => `  ${(i === 0 ? `hvspec ${c}` : '').padEnd(16)}${l}`).join('\n')).join('\n')}

\`check\` ends by writing reports/coverage/{index.html,coverage.json,coverage.md}; \`coverage\` rewrites them
from every run recorded in DIR (default reports/coverage).

${FOOTER}`;

/** What each command does and what its flags mean. */
const DETAILS: Record<Command, string> = {
  check: `Replays saved failures (.hvspec/failures), then runs the random engine (or the explorer) with the chosen
faults and prints one line per property; ends by writing reports/coverage/{index.html,coverage.json,coverage.md}.
Without --engine, when every property held in the random runs, the explorer then searches its small scopes (or a
config module's own; seconds) and the check fails on anything it finds; --seed, --runs, --depth or --path name one
random run and select the random engine alone.

  --config FILE        the configuration to check: JSON, or a config module (.ts, .mts, .js, .mjs) exporting
                       defineConfig({...}); default: ./hvspec.config.{ts,mts,js,mjs} if present, else the built-in one
  --engine ENGINE      random (the random engine alone), explore (the exhaustive explorer), or all (both; the
                       worse status); default: random, then the explorer's scopes if every property held
  --fault NAME         switch a fault on (repeatable; \`hvspec faults\` lists them)
  --seed N             the random engine's seed, 0 to ${SEED_MAX} (default 1)
  --runs N             random runs, 1 to ${FLAG_BOUNDS.runs.max} (default 200); --runs auto: as many as fit in the time budget
  --max-seconds S      a time budget for the random runs (default with --runs auto: 10): runs as many as fit (at most
                       --runs N when given) and reports how many; no violation then means they held in those runs,
                       not that the claims are proved; a violation found is still shrunk in full
  --depth N            most ops per random run, 1 to ${FLAG_BOUNDS.depth.max} (default 40); bounds the search with --engine explore
  --json               print one JSON document on stdout
  --quiet              no progress lines on stderr (by default: redrawn on a terminal, every few seconds in a log)
  --no-report          write no coverage report and record no run for \`hvspec coverage\` (a counterexample is still saved)
  --path P             replay one run of the random engine: the path a counterexample prints with its seed
                       (\`--seed 7 --path 36:6:13\`); saved failures are not replayed first
  --shard K/N          run the K-th of N disjoint shares of the random runs (a CI matrix): the runs are split
                       N ways and shard K runs from seed + K - 1; shard 1 alone runs the explorer's stage;
                       \`hvspec merge\` adds the shards' reports up
  --scenario NAME      run one named, fixed scenario instead (only --json applies)
  --continue           go on after the first violation: report up to ${CONTINUE_DEFAULT} distinct violated properties, each with
                       its own shrunk (random) or shortest (explorer) counterexample, all saved and in the reports
  --max-violations N   with --continue, or alone: report up to N distinct violated properties, 1 to ${FLAG_BOUNDS['max-violations'].max}

Saved failures of the same config, faults and policies (balancer, scheduler) are replayed first, whatever seed found them;
one that still fails is reported when this run's own runs find no violation.`,

  explore: `Searches every reachable state of small configurations (by default the explorer's scopes).

  --config FILE        explore this configuration with every op (or with the ops of --scope); a config module
                       (default: ./hvspec.config.{ts,mts,js,mjs} if present) runs its own scopes if it names any
  --scope NAME|all     one of the explorer's scopes (or the config module's), or all of them (default)
  --max-states N       stop after storing N states, 1 to ${FLAG_BOUNDS['max-states'].max} (default 2000000)
  --depth N            stop at this depth, 1 to ${FLAG_BOUNDS.depth.max} (default: no limit)
  --fault NAME         switch a fault on (repeatable; \`hvspec faults\` lists them)
  --json               print one JSON document on stdout
  --quiet              no progress lines on stderr (by default: redrawn on a terminal, every few seconds in a log)
  --no-report          write no coverage report and record no run (by default, as check: coverage/index.html,
                       coverage.md with the verdict first, coverage.json)
  --workers N          search each level with N threads, 1 to ${FLAG_BOUNDS.workers.max} (default: the processors available);
                       threads start once a level holds 4096 states, and what is found does not depend on N (a
                       search that finds a violation, or passes --max-states, ends with the level it is in)
  --swarm K/N          run the K-th of N diversified searches instead (one per job of a CI matrix, as SPIN's swarm
                       verification): depth-first to --depth (default 500), its own op order and hash seed, states
                       kept in a bit-state table; a violation is saved, and without one the result is bounded (exit 3)
  --table-bits N       with --swarm: the table holds 2^N bits, ${FLAG_BOUNDS['table-bits'].min} to ${FLAG_BOUNDS['table-bits'].max} (default 27: 16 MiB)
  --continue           go on after the first violation: report up to ${CONTINUE_DEFAULT} distinct violated properties, each with
                       its shortest counterexample, all saved (a property found in one scope is not sought in the next)
  --max-violations N   with --continue, or alone: report up to N distinct violated properties, 1 to ${FLAG_BOUNDS['max-violations'].max}`,
  replay: `Reruns a saved trace (such as .hvspec/failures/*.json) and shows what it does now.

  --config FILE        a config module (hvspec.config.ts) whose faults, properties and balancer and scheduler
                       policies the trace was saved with (default: the hvspec.config.{ts,mts,js,mjs} in the working directory, if any)
  --json               print one JSON document on stdout`,
  failures: `Lists or removes the saved failures in .hvspec/failures, which \`check\` replays first.

  list                 each saved failure: its file, property, faults, config and number of ops
  clear                remove hvspec's own files there: the saved failures, and the files hvspec moved into
                       its quarantine folder; anything else is kept
  --config FILE        a config module (hvspec.config.ts) whose faults and properties saved failures may name
                       (default: the hvspec.config.{ts,mts,js,mjs} in the working directory, if any)
  --json               print one JSON document on stdout`,
  faults: `Lists the switchable faults and the properties each breaks.

  --config FILE        also list the faults of this config module (default: ./hvspec.config.{ts,mts,js,mjs} if present)
  --json               print one JSON document on stdout`,
  coverage: `Writes the coverage reports of every run recorded in DIR: a table on stdout, and index.html,
coverage.json and coverage.md in DIR.

  --out DIR            the coverage directory (default reports/coverage)
  --reset              forget every recorded run first (only the runs hvspec wrote there)
  --json               print one JSON document on stdout`,
  merge: `Adds up the reports of runs made apart (the shards of a CI matrix, each a reports folder that
\`hvspec check --shard K/N\` wrote) into one report and one exit status: every run of every DIR is
read and checked first (one that is not hvspec's: exit 2, nothing written), then recorded in the
output folder and its reports rewritten from everything it records, as \`hvspec coverage\` does.
Exit status 1 when any run found a violation, 0 when every run's verdict holds, 3 otherwise.

  --out DIR            the output folder (default reports/coverage); not one of the inputs
  --json               print one JSON document on stdout`,
  paths: `Writes the model-based test paths that cover every transition of the machines as one JSON file
(schema/paths.schema.json): per machine, each path's events in order with the state and context the
specification expects after each, and the ops hvspec's own driver uses to produce each event, so that a
harness in any language can replay them against a real implementation.

  --machine NAME       a machine to export (repeatable; default: every machine; the Dynamic Memory machines
                       come with one driver per host configuration, each entry with its own config)
  --out FILE           the file to write (default paths.json)
  --json               print the summary as one JSON document on stdout`,
  bench: `Runs the benchmark and prints its figures (each stage goes to stderr with its section and its time).

  --only SECTIONS      run only these sections, separated by commas: explorer, symmetry, phases, io, random,
                       faults, memory-3p, stop-latency, workers, default-scopes (default: every one)
  --json               print one JSON document on stdout`,
  serve: `Serves the explorer page on 127.0.0.1 and prints its URL: take ops from the initial state, see every
property's status and every machine's statechart, search for the shortest path to a violation or a goal and play
it, load a saved counterexample and step through it. Ctrl-C stops it.

  --config FILE        the configuration explored (default: ./hvspec.config.{ts,mts,js,mjs} if present, else the
                       built-in one); a config module's traceColumns are shown in the trace view
  --trace FILE         a trace file (such as .hvspec/failures/*.json) every page starts with
  --fault NAME         switch a fault on (repeatable)
  --port N             the port, 0 to 65535 (default 0: a free port)`,
};

/** The help text of one command. */
export function usageOf(c: Command): string {
  const [first, ...more] = SYNOPSIS[c];
  const lead = `usage: hvspec ${c} `;
  return [`${lead}${first}`, ...more.map((l) => `${''.padEnd(lead.length)}${l}`), '', DETAILS[c], '', FOOTER].join('\n');
}

/** Whether `v` names a command. */
export const isCommand = (v: string | undefined): v is Command => (COMMANDS as readonly (string | undefined)[]).includes(v);
