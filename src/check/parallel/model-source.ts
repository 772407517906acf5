/**
 * Where a worker thread gets its model: a model is functions, which
 * cannot cross threads, so each thread builds its own from a module that
 * exports a factory, and an argument that can (plain data). Every thread
 * must build the same model: the search compares what they find.
 */
import type { Model } from '../../engine/model.js';
import type { StepObserver } from '../../engine/observer.js';

/** A module and the name of its export that builds the model, with the factory's argument. */
export interface ModelSource {
  /** A `file:` URL (or a specifier the thread's loader resolves) of an ES module. */
  readonly module: string;
  /** The export: a function of `arg` returning a {@link ThreadModel} (or a promise of one). */
  readonly export: string;
  /** Plain data (it is copied to each thread with the structured clone algorithm). */
  readonly arg?: unknown;
}

/** What a thread searches with: the model, what it tells its steps to, and how states cross threads. */
export interface ThreadModel<S, A, O> {
  readonly model: Model<S, A, O>;
  /** Told every op the thread tries while expanding states (a coverage collector's observer). */
  readonly observers?: readonly StepObserver<S, A, O>[];
  /** What the observers gathered, as plain data, sent to the caller at the end (coverage data). */
  collect?(): unknown;
  /**
   * A state as plain data another thread's codec can take (`toThread`),
   * and back (`fromThread`, with the codec of the thread that takes it).
   * Default: the state itself, which must then be plain data.
   */
  toThread?(s: S): unknown;
  fromThread?(x: unknown): S;
}

/** The URL of module `path` (written with `.js`) beside the module of `base` (an `import.meta.url`): its `.ts` source when `base` is one. */
export function besideModule(base: string, path: string): string {
  return new URL(base.endsWith('.ts') ? path.replace(/\.js$/, '.ts') : path, base).href;
}

/** The factory's type. */
export type ThreadModelFactory<S, A, O> = (arg: unknown) => ThreadModel<S, A, O> | Promise<ThreadModel<S, A, O>>;

/** Loads the model `source` names: a one-line error when the module or export is missing or not a function. */
export async function loadThreadModel<S, A, O>(source: ModelSource): Promise<ThreadModel<S, A, O>> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(source.module)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`cannot load the model module ${source.module}: ${(e as Error).message.split('\n')[0]}`);
  }
  const f = mod[source.export];
  if (typeof f !== 'function') throw new Error(`${source.module} exports no function ${source.export} (a ThreadModelFactory)`);
  const made = (await (f as ThreadModelFactory<S, A, O>)(source.arg)) as ThreadModel<S, A, O> | undefined;
  if (!made || typeof made !== 'object' || !made.model) throw new Error(`${source.module}: ${source.export} returned no { model }`);
  if (!made.model.codec) throw new Error(`${source.module}: the model of ${source.export} gives no codec; a search over threads needs one`);
  return made;
}
