/**
 * What `hvspec serve` explores: the System of the run's config (its
 * properties, faults and policies, a config module's additions and trace
 * columns included), the saved counterexamples of `.hvspec/failures` in
 * the working directory, and every machine's statechart; or a config
 * module's own model, shown as text.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../system/config.js';
import { STANDARD_MACHINES } from '../system/system.js';
import { FAILURES_DIR, SAVED_FAILURE_MAX_BYTES } from '../check/failures.js';
import { decodeTrace, TraceError } from '../check/trace-file.js';
import { readRegularFile } from '../files/read-regular.js';
import { type LoadedConfig, runCatalogue, worldFor } from './user-config.js';
import { UsageError } from './usage.js';
import { ServeError, type ServeBackend } from '../serve/server.js';
import { systemTarget } from '../serve/system-target.js';
import { chartSvgs } from '../serve/charts.js';
import type { AnyTarget } from '../serve/target.js';
import type { AnyModel } from '../config/define-config.js';

/** A usage error as a request error (an unknown fault, a trace that does not decode). */
function asRequestError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError || e instanceof TraceError) throw new ServeError(400, e.message);
    throw e;
  }
}

/** A model of one's own as a target: its state shown as JSON. */
function ownModelTarget(model: AnyModel, name: string): AnyTarget {
  const show = (s: unknown) => {
    try {
      return JSON.stringify(s, null, 1) ?? String(s);
    } catch {
      return String(s);
    }
  };
  return { title: `the model of ${name}`, model, show };
}

/** The backend of `hvspec serve` for `loaded` (none: the built-in config), saved traces read from `dir`; a bad `start` trace or an unknown fault of `faults` is a UsageError. */
export function serveBackend(loaded: LoadedConfig | undefined, dir: string, start?: { readonly text: string; readonly name: string }, faults: readonly string[] = []): ServeBackend {
  const failures = join(dir, FAILURES_DIR);
  const saved = () => {
    try {
      return readdirSync(failures)
        .filter((n) => n.endsWith('.json'))
        .sort();
    } catch {
      return [];
    }
  };
  const readSaved = (name: string) => {
    if (!saved().includes(name)) throw new ServeError(404, `no saved trace ${JSON.stringify(name)}`);
    return readRegularFile(join(failures, name), SAVED_FAILURE_MAX_BYTES);
  };
  const own = loaded?.user?.model;
  if (own) {
    if (faults.length) throw new UsageError("serve: --fault belongs to hvspec's System, not to a model of one's own");
    const target = ownModelTarget(own, loaded.name);
    return {
      target: (faults) => {
        if (faults.length) throw new ServeError(400, 'faults belong to hvspec\'s System, not to a model of one\'s own');
        return target;
      },
      load: () => {
        throw new ServeError(400, "trace files hold hvspec's System, not the config's own model");
      },
      saved: () => [],
      readSaved,
      charts: async () => ({}),
    };
  }
  const cat = runCatalogue(loaded?.user);
  const config = loaded?.config ?? DEFAULT_CONFIG;
  const opts = { invariants: cat.invariants, goals: cat.goals, liveness: cat.liveness, ...(loaded?.user?.traceColumns ? { columns: loaded.user.traceColumns } : {}) };
  const title = loaded?.name ?? 'the built-in config';
  let charts: Promise<Record<string, string>> | undefined;
  const backend: ServeBackend = {
    target: (faults) => asRequestError(() => systemTarget(worldFor(config, faults, cat), faults.length ? `${title} · ${faults.join(', ')}` : title, opts)),
    load: (text, name) =>
      asRequestError(() => {
        const t = decodeTrace(text, cat.faults, cat.ownProperties);
        const label = `${name} · ${t.property} · ${t.faults.length ? t.faults.join(', ') : 'no fault'}`;
        return { target: systemTarget(worldFor(t.config, t.faults, cat), label, opts), ops: t.ops };
      }),
    saved,
    readSaved,
    charts: () => (charts ??= chartSvgs(STANDARD_MACHINES)),
    ...(start ? { start } : {}),
  };
  // The faults and a trace given at the start must do now: a bad one is a usage error, not a page that fails.
  worldFor(config, faults, cat);
  if (start) {
    try {
      backend.load(start.text, start.name);
    } catch (e) {
      if (e instanceof ServeError) throw new UsageError(`trace ${start.name}: ${e.message}`);
      throw e;
    }
  }
  return backend;
}
