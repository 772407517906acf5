/**
 * `hvspec failures list|clear [--config hvspec.config.ts]`: the saved
 * failures under .hvspec/failures (which `hvspec check` replays first),
 * listed or removed. `clear` removes only hvspec's own files there (see
 * check/failures-manage.ts). A config module (given with `--config`, or the
 * `hvspec.config.{ts,mts,js,mjs}` found in the working directory, as check
 * and replay find it) adds its faults and properties, so that a failure a
 * run with them saved is listed (and cleared) as one.
 */
import { parseFlags, switchFlag, textFlag } from '../args.js';
import { UsageError, EXIT } from '../usage.js';
import type { Io } from '../io.js';
import { excerpt } from '../../input/excerpt.js';
import { loadRunConfig, runCatalogue, type RunCatalogue } from '../user-config.js';
import { FAILURES_DIR } from '../../check/failures.js';
import { listFailures, clearFailures } from '../../check/failures-manage.js';
import { describeConfig } from '../../report/summary.js';
import { safeLine } from '../../files/safe-line.js';

/** The subcommands of `hvspec failures`. */
export const FAILURES_SUBCOMMANDS = ['list', 'clear'] as const;

/** Runs `hvspec failures`; returns the exit status. */
export async function failuresCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags('failures', argv, { json: switchFlag(), config: textFlag() }, { positionals: true });
  if (positionals.length === 0) throw new UsageError('failures needs a subcommand: list or clear');
  if (positionals.length > 1) throw new UsageError(`failures takes one subcommand (list or clear), got ${positionals.length}`);
  const sub = positionals[0]!;
  if (sub !== 'list' && sub !== 'clear') throw new UsageError(`failures: unknown subcommand ${excerpt(sub)} (try: list, clear)`);
  const loaded = await loadRunConfig(values.config);
  if (loaded && !loaded.user) throw new UsageError(`failures: --config takes a config module (hvspec.config.ts), not ${loaded.name}: a saved failure holds its own host`);
  const cat = runCatalogue(loaded?.user);
  return sub === 'list' ? list(cat, values.json ?? false, io) : clear(cat, values.json ?? false, io);
}

function list(cat: RunCatalogue, json: boolean, io: Io): number {
  const { saved, unusable, quarantined } = listFailures(cat.faults, { properties: cat.ownProperties });
  const entries = saved.map(({ file, trace: t }) => ({
    file,
    property: t.property,
    engine: t.engine,
    faults: t.faults,
    config: describeConfig(t.config),
    ops: t.ops.length,
    ...(t.seed !== undefined ? { seed: t.seed } : {}),
    ...(t.path !== undefined ? { path: t.path } : {}),
    ...(t.balancer !== undefined ? { balancer: t.balancer } : {}),
    ...(t.scheduler !== undefined ? { scheduler: t.scheduler } : {}),
  }));
  if (json) {
    io.out(JSON.stringify({ dir: FAILURES_DIR, failures: entries, unusable, quarantined }, null, 2));
    return EXIT.HOLDS;
  }
  if (entries.length === 0) io.out(`no saved failures in ${FAILURES_DIR}`);
  else io.out(`${entries.length} saved failure${entries.length === 1 ? '' : 's'} in ${FAILURES_DIR} (a check of the same config, faults and policies replays them first):`);
  for (const e of entries) {
    const found = [e.seed !== undefined ? `seed ${e.seed}` : undefined, e.path !== undefined ? `path "${e.path}"` : undefined].filter((x) => x !== undefined).join(' · ');
    io.out(`  ${safeLine(e.file, 160)}`);
    io.out(`    ✗ ${e.property} · ${e.ops} op${e.ops === 1 ? '' : 's'} · faults: ${e.faults.length ? e.faults.join(', ') : 'none'}${e.balancer ? ` · balancer ${e.balancer}` : ''}${e.scheduler ? ` · scheduler ${e.scheduler}` : ''}`);
    io.out(`    config: ${e.config}${found ? ` · found by ${e.engine} ${found}` : ` · found by ${e.engine}`}`);
  }
  for (const u of unusable) io.out(`  not usable: ${safeLine(u.file, 160)} (${safeLine(u.why)}); the next check moves it to quarantine`);
  if (quarantined.length) io.out(`quarantine: ${quarantined.length} file${quarantined.length === 1 ? '' : 's'} in ${FAILURES_DIR}/quarantine`);
  return EXIT.HOLDS;
}

function clear(cat: RunCatalogue, json: boolean, io: Io): number {
  const r = clearFailures(cat.faults, { properties: cat.ownProperties });
  if (json) {
    io.out(JSON.stringify({ dir: FAILURES_DIR, ...r }, null, 2));
    return EXIT.HOLDS;
  }
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  io.out(`removed ${n(r.removed.length, 'saved failure')} and ${n(r.removedFromQuarantine.length, 'quarantined file')} from ${FAILURES_DIR}`);
  const shown = r.kept.slice(0, 5).map((f) => safeLine(f, 120));
  if (r.kept.length) io.out(`kept ${n(r.kept.length, 'file')} hvspec did not write: ${shown.join(', ')}${r.kept.length > shown.length ? `, and ${r.kept.length - shown.length} more` : ''}`);
  return EXIT.HOLDS;
}
