/**
 * The reports of a run on a config module's own model (`model` in
 * hvspec.config.ts). The Model interface names no state machines, so
 * hvspec's state and transition coverage does not apply: what the reports
 * give is what the seam offers, the verdict of the command (holds;
 * violated, with the counterexample and how to replay it; bounded, with
 * what was not proved), each claim of the model with what the engines
 * found about it, and what they searched (random runs and steps, the
 * explorer's states, transitions and depth). Written to the same folder
 * as the System's reports (`index.html`, `coverage.json`, `coverage.md`);
 * not recorded for `hvspec coverage`, which merges runs of hvspec's System.
 */
import type { AnyModel } from '../config/define-config.js';
import type { ModelRandomResult } from '../check/random.js';
import type { ModelExploreResult } from '../check/explore.js';
import type { PropertyResult } from '../report/html.js';
import { type RunVerdict, verdictOfStatus } from '../report/verdict.js';
import { verdictMarkdown } from '../report/markdown.js';
import { renderHtml } from '../report/html.js';
import { stableJson } from '../report/stable-json.js';
import { summarize } from '../coverage/summary.js';
import { emptyCoverage } from '../coverage/data.js';
import { DEFAULT_COVERAGE_DIR } from '../coverage/store.js';
import { writeIntoFolder } from '../files/output-folder.js';
import { formatModelCounterexample } from './commands/own-model.js';
import type { Writes } from './writes.js';
import type { Io } from './io.js';

/** What the engines gave on the model: the random engine's result, the explorer's, or both. */
export interface OwnModelResults {
  readonly random?: ModelRandomResult<unknown, unknown> | undefined;
  readonly explored?: ModelExploreResult<unknown, unknown> | undefined;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Each claim of `model` with what `r` found about it (a bounded-liveness claim is listed with the safety claims, as `always`). */
export function ownModelProperties(model: AnyModel, r: OwnModelResults): PropertyResult[] {
  const cxs = [r.random?.kind === 'violated' ? r.random.counterexample : undefined, r.explored?.kind === 'violated' ? r.explored.counterexample : undefined].filter((c) => c !== undefined);
  const seen = new Set<string>();
  const out: PropertyResult[] = [];
  for (const p of model.properties as readonly { kind: string; name: string; description: string; within?: number }[]) {
    if (seen.has(p.name)) continue; // the parts of one claim share its name
    seen.add(p.name);
    const base = { name: p.name, description: p.description };
    if (p.kind === 'sometimes') {
      const random = r.random?.goals.find((g) => g.name === p.name);
      const explored = r.explored?.goals.find((g) => g.name === p.name);
      const where = [random && random.reachedIn > 0 ? `reached in ${plural(random.reachedIn, 'run')} of ${r.random!.runs}` : undefined, explored && explored.reachedIn > 0 ? `reached on ${plural(explored.reachedIn, 'transition')} by the explorer` : undefined].filter((x) => x !== undefined);
      const result = where.length ? 'reached' : cxs.length ? 'not checked' : random || explored ? 'unreached' : 'not checked';
      out.push({ ...base, kind: 'sometimes', result, ...(where.length ? { detail: where.join('; ') } : result === 'unreached' && r.explored?.kind === 'complete' ? { detail: 'unreachable: the explorer searched every reachable state' } : {}) });
      continue;
    }
    const cx = cxs.find((c) => c.property === p.name || c.alsoViolated.includes(p.name));
    if (cx) {
      out.push({ ...base, kind: 'always', result: 'violated', detail: cx.property === p.name ? `${cx.message} (after ${plural(cx.ops.length, 'step')})` : 'also violated by the counterexample' });
      continue;
    }
    const judged = [
      r.random && r.random.kind !== 'violated' && (p.kind === 'eventually' || r.random.invariants.some((i) => i.name === p.name && i.status === 'holds')) ? `random engine, ${plural(r.random.runs, 'run')}, ${plural(r.random.steps, 'step')}` : undefined,
      r.explored && r.explored.kind !== 'violated' ? `explorer, ${r.explored.kind === 'complete' ? 'every reachable state' : 'every state visited'} (${plural(r.explored.states, 'state')})` : undefined,
    ].filter((x) => x !== undefined);
    const what = p.kind === 'eventually' ? `bounded liveness, within ${p.within ?? '?'} steps; ` : '';
    out.push({ ...base, kind: 'always', ...(judged.length ? { result: 'holds', detail: `${what}${judged.join('; ')}` } : { result: 'not checked' }) });
  }
  return out;
}

/** The verdict of a command on the model. */
export function ownModelVerdict(model: AnyModel, command: string, exitStatus: number, r: OwnModelResults, properties: readonly PropertyResult[], config?: string): RunVerdict {
  const base = { command, exitStatus, verdict: verdictOfStatus(exitStatus), properties };
  const random = r.random;
  const explored = r.explored;
  if (random?.kind === 'violated') {
    const cx = random.counterexample;
    // The one run: `check --seed N --path P` runs the random engine alone, on the same config module.
    const replay = cx.seed !== undefined && cx.path !== undefined ? `hvspec check${config !== undefined ? ` --config ${config}` : ''} --seed ${cx.seed} --path ${cx.path}` : command;
    return { ...base, summary: `${cx.property} violated: ${cx.message}`, counterexample: { property: cx.property, message: cx.message, lines: formatModelCounterexample(model, cx, 'random'), replay } };
  }
  if (explored?.kind === 'violated') {
    const cx = explored.counterexample;
    return { ...base, summary: `${cx.property} violated (found by the explorer, shortest): ${cx.message}`, counterexample: { property: cx.property, message: cx.message, lines: formatModelCounterexample(model, cx, 'explore'), replay: command } };
  }
  const searched = [random ? `${plural(random.runs, 'random run')} (${plural(random.steps, 'step')})` : undefined, explored ? `${plural(explored.states, 'state')} and ${plural(explored.transitions, 'transition')} explored to depth ${explored.depth}` : undefined].filter((x) => x !== undefined);
  const notProved = [
    ...(explored?.kind === 'bounded' ? [`the explorer stopped (${explored.reason}) after ${plural(explored.states, 'state')}: nothing is claimed about the states beyond`] : []),
    ...(explored && explored.deadlockCount > 0 ? [`${plural(explored.deadlockCount, 'deadlock')}: reachable states where no op applies`] : []),
    ...properties.filter((p) => p.result === 'unreached').map((p) => `sometimes ${p.name}: never reached`),
  ];
  const summary = `every claim holds over ${searched.join(' and ')}`;
  return notProved.length ? { ...base, summary, notProved } : { ...base, summary };
}

/** Writes the reports of a run on the model through `writes`; prints where they are (or adds them to the JSON document, which it prints). */
export function reportOwnModel(
  io: Io,
  writes: Writes,
  run: { readonly model: AnyModel; readonly name: string; readonly command: string; readonly config?: string | undefined; readonly status: number; readonly results: OwnModelResults; readonly json?: string | undefined },
): void {
  const dir = DEFAULT_COVERAGE_DIR;
  const properties = ownModelProperties(run.model, run.results);
  const verdict = ownModelVerdict(run.model, run.command, run.status, run.results, properties, run.config);
  const source = `${run.command} · the model of ${run.name} (its claims; the Model interface names no state machines, so there is no state coverage)`;
  const summary = summarize({}, emptyCoverage());
  const files = writes.attempt(() => {
    const opts = { root: '.' };
    const html = writeIntoFolder(dir, 'index.html', renderHtml({ title: 'hvspec report', source, runs: [{ command: verdict.command, verdict: verdict.verdict, exitStatus: verdict.exitStatus }], summary, svgs: {}, properties, traces: [] }), opts);
    const json = writeIntoFolder(dir, 'coverage.json', stableJson({ runs: [{ ...verdict, properties: undefined }], model: run.name, properties }), opts);
    const md = [
      ...verdictMarkdown([verdict]),
      '',
      '## Claims',
      '',
      `The model of ${run.name} is not hvspec's System: the Model interface names no state machines, so there is no state or transition coverage. Each claim, with what the engines found:`,
      '',
      '| claim | kind | result | detail |',
      '|---|---|---|---|',
      ...properties.map((p) => `| ${p.name} | ${p.kind} | ${p.result} | ${(p.detail ?? '').replace(/\|/g, '\\|')} |`),
    ];
    const markdown = writeIntoFolder(dir, 'coverage.md', md.join('\n') + '\n', opts);
    return { html, json, markdown };
  });
  if (run.json !== undefined) io.out(JSON.stringify({ ...(JSON.parse(run.json) as object), ...(files ? { report: { dir, files } } : {}), ...(writes.failure !== undefined ? { writeFailure: writes.failure } : {}) }));
  else if (files) io.err(`report: ${files.html}`);
}
