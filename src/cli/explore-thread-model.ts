/**
 * The model a worker thread of `hvspec explore --workers N` searches: the
 * command line's job number `job` for the same flags (`--config`,
 * `--scope`, `--fault`), built again in the thread, with a coverage
 * collector of its own whose data the command adds to its report.
 */
import { type ExploreThreadArg, exploreJobs, withoutProperties } from './commands/explore.js';
import { loadRunConfig } from './user-config.js';
import { exploreModelOf } from '../check/explore.js';
import { CoverageCollector, DiscardingCollector } from '../coverage/collector.js';
import type { ThreadModel } from '../check/parallel/model-source.js';
import { systemToThread, systemFromThread } from '../check/parallel/system-thread-model.js';
import type { System } from '../system/system.js';
import type { Op } from '../system/ops.js';
import type { StepOutcome } from '../system/outcome.js';

/** Builds the job's model in a worker thread. */
export async function exploreThreadModel(arg: unknown): Promise<ThreadModel<System, Op, StepOutcome>> {
  const a = arg as ExploreThreadArg;
  const loaded = await loadRunConfig(a.config);
  const collector = a.coverage ? new CoverageCollector() : new DiscardingCollector();
  const jobs = exploreJobs(loaded, a.scope, a.faults, { observers: [collector.observer('explore')] });
  const given = jobs[a.job];
  if (!given) throw new Error(`explore job ${a.job} does not exist (${jobs.length} jobs)`);
  const job = a.without.length > 0 ? withoutProperties(given, new Set(a.without)) : given;
  const model = exploreModelOf(job.world, job.opts);
  const world = job.world;
  return {
    model,
    observers: job.opts.observers ?? [],
    collect: () => collector.data(),
    toThread: systemToThread,
    fromThread: (x) => systemFromThread(x, world),
  };
}
