/**
 * `hvspec serve [--config FILE] [--trace FILE] [--fault NAME]... [--port N]`:
 * the explorer page on 127.0.0.1 (a free port unless `--port`), its URL
 * printed; SIGINT or SIGTERM stops it.
 */
import { parseFlags, textFlag, repeatedFlag, wholeNumberFlag } from '../args.js';
import { readInputFile } from '../read-input.js';
import { excerpt } from '../../input/excerpt.js';
import { EXIT, PORT_BOUNDS, UsageError } from '../usage.js';
import type { Io } from '../io.js';
import { loadRunConfig } from '../user-config.js';
import { serveBackend } from '../serve-backend.js';
import { startServer, type RunningServer } from '../../serve/server.js';
import { STOP_SIGNALS } from '../stop.js';

/** Parses `argv` and starts the server (saved traces read from `dir`); the page's sessions start with the `--fault`s on. */
export async function openServe(argv: string[], dir = '.'): Promise<RunningServer & { readonly faults: readonly string[] }> {
  const { values } = parseFlags('serve', argv, { config: textFlag(), trace: textFlag(), fault: repeatedFlag(), port: wholeNumberFlag(PORT_BOUNDS) });
  const loaded = await loadRunConfig(values.config);
  const start = values.trace === undefined ? undefined : { text: readInputFile(values.trace, 'trace'), name: excerpt(values.trace, 120).replace(/^"|"$/g, '') };
  const faults = values.fault ?? [];
  const backend = serveBackend(loaded, dir, start, faults);
  try {
    const server = await startServer(backend, values.port ?? 0);
    return { ...server, faults };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new UsageError(`serve: cannot listen on 127.0.0.1:${values.port}: ${code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'}`);
    throw e;
  }
}

/** Runs `hvspec serve` until SIGINT or SIGTERM; returns the exit status. */
export async function serveCommand(argv: string[], io: Io): Promise<number> {
  const server = await openServe(argv);
  const query = server.faults.map((f) => `fault=${encodeURIComponent(f)}`).join('&');
  io.out(`hvspec explorer: ${server.url}${query ? `?${query}` : ''}`);
  io.err('(Ctrl-C stops it)');
  await new Promise<void>((resolve) => {
    const stop = () => {
      for (const s of STOP_SIGNALS) process.off(s, stop);
      resolve();
    };
    for (const s of STOP_SIGNALS) process.on(s, stop);
  });
  await server.close();
  io.err('hvspec: serve: stopped');
  return EXIT.HOLDS;
}
